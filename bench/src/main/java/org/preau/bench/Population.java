package org.preau.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The accounts the generator made, as bench/run exported them from the database ({@code profile,login,status}
 * per line), and the activation codes file written by {@code generate --codes}. The codes file is the generator's
 * {@code login;code} (any delimited line holding a known login and a code-like token is taken).
 */
final class Population {

    final List<String> pupils = new ArrayList<>();
    final List<String> teachers = new ArrayList<>();
    final List<String> parents = new ArrayList<>();
    /** Pupils with a school-issued activation code ({@code login;code} lines), in file order. */
    final Map<String, String> codes = new LinkedHashMap<>();

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{5,63}");

    static Population load(Path accounts, Path codesFile) throws IOException {
        Population p = new Population();
        Map<String, String> profileOf = new HashMap<>();
        List<String[]> rows = new ArrayList<>();
        for (String line : Files.readAllLines(accounts)) {
            String[] f = line.split(",", -1);
            if (f.length >= 3) {
                rows.add(f);
                profileOf.put(f[1].trim().toLowerCase(Locale.ROOT), f[0].trim());
            }
        }
        if (codesFile != null && Files.exists(codesFile)) {
            for (String line : Files.readAllLines(codesFile)) {
                String[] f = line.split("[,;\t]");
                String login = null;
                for (String x : f) {
                    String v = x.trim().replace("\"", "");
                    if (profileOf.containsKey(v.toLowerCase(Locale.ROOT))) {
                        login = v;
                    }
                }
                if (login == null) {
                    continue; // the header line, or an account we do not know
                }
                String code = null;
                for (int i = f.length - 1; i >= 0; i--) {
                    String v = f[i].trim().replace("\"", "");
                    if (!v.equalsIgnoreCase(login) && CODE.matcher(v).matches()) {
                        code = v;
                        break;
                    }
                }
                if (code != null && "PUPIL".equals(profileOf.get(login.toLowerCase(Locale.ROOT)))) {
                    p.codes.put(login, code);
                }
            }
        }
        for (String[] f : rows) {
            String profile = f[0].trim(), login = f[1].trim(), status = f[2].trim();
            // Pupils holding a code activate with it; they are kept out of the password and remembered pools.
            if (!status.equals("ACTIVE") || p.codes.containsKey(login)) {
                continue;
            }
            switch (profile) {
                case "PUPIL" -> p.pupils.add(login);
                case "TEACHER" -> p.teachers.add(login);
                case "PARENT" -> p.parents.add(login);
                default -> {}
            }
        }
        return p;
    }
}
