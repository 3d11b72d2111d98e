package org.preau.directory.internal.generator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.preau.directory.internal.imports.DirectoryImporter;
import org.preau.directory.internal.imports.ImportReport;
import org.preau.identity.Accounts;
import org.preau.identity.ActivationCodes;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads a generated district into the database THROUGH THE IMPORTERS: the district is written as national XML feed
 * files into a temporary directory, then imported like any feed. That is the point: every generated district,
 * the demo one included, exercises the importers.
 */
@Component
public class DistrictLoader {

    /** The outcome: the import report and the generated district's prefix of external ids. */
    public record Loaded(ImportReport report, String prefix, int accounts) {}

    private final DirectoryImporter importer;
    private final Accounts accounts;
    private final ActivationCodes codes;
    private final JdbcClient jdbc;

    DistrictLoader(DirectoryImporter importer, Accounts accounts, ActivationCodes codes, JdbcClient jdbc) {
        this.importer = importer;
        this.accounts = accounts;
        this.codes = codes;
        this.jdbc = jdbc;
    }

    static String prefix(long seed) {
        return "G" + Long.toUnsignedString(seed, 36).toUpperCase() + "-";
    }

    public Loaded load(int pupils, long seed, int perSchool, String actor) throws IOException {
        var district = DistrictGenerator.generate(pupils, seed, perSchool);
        Path dir = Files.createTempDirectory("preau-district-");
        try {
            DistrictWriter.write(district, "xml", dir);
            var report = importer.importAll(DirectoryImporter.sources(List.of(dir)), actor);
            return new Loaded(report, prefix(seed), district.accountCount());
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Account ids of a generated district, by external id order (stable). */
    List<UUID> accountIds(String prefix) {
        return jdbc.sql("select account_id from import_person_key where external_id like ? order by external_id")
                .param(prefix.replace("_", "\\_") + "%")
                .query(UUID.class)
                .list();
    }

    Optional<UUID> account(String externalId) {
        return jdbc.sql("select account_id from import_person_key where external_id = ?")
                .param(externalId)
                .query(UUID.class)
                .optional();
    }

    /** One password for every account of the district, hashed once (benchmark populations). */
    int setSamePassword(String prefix, String password) {
        return setSamePassword(prefix, password, List.of());
    }

    /**
     * One password for every account of the district but {@code except} (the accounts that will activate with a
     * code, which a batch gives only to accounts not activated yet), hashed once.
     */
    int setSamePassword(String prefix, String password, java.util.Collection<UUID> except) {
        var skip = new java.util.HashSet<>(except);
        var ids = accountIds(prefix).stream().filter(id -> !skip.contains(id)).toList();
        accounts.setSamePassword(ids, password);
        return ids.size();
    }

    /**
     * The accounts that get an activation code: {@code share} of the district's pupils and parents (every n-th, so
     * the choice is the same for the same seed).
     */
    List<UUID> codeHolders(String prefix, double share) {
        var ids = jdbc.sql("""
                        select account_id from import_person_key
                        where external_id like ? and (external_id like ? or external_id like ?)
                        order by external_id""")
                .params(prefix + "%", prefix + "E%", prefix + "R%")
                .query(UUID.class)
                .list();
        var chosen = new ArrayList<UUID>();
        int step = Math.max(1, (int) Math.round(1 / Math.max(share, 1e-6)));
        for (int i = 0; i < ids.size(); i += step) {
            chosen.add(ids.get(i));
        }
        return chosen;
    }

    /**
     * Issues activation codes to these accounts and writes {@code login;code} lines, for the benchmark's activations.
     * Only accounts not activated yet get one (identity's rule for every batch).
     *
     * @return how many codes were written
     */
    int writeCodes(String prefix, List<UUID> holders, Path file) throws IOException {
        UUID issuer = account(prefix + "S0-0").orElseThrow(); // the head of the first school
        int written = 0;
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("login;code\n");
            for (int from = 0; from < holders.size(); from += 1000) {
                for (var c : codes.issue(holders.subList(from, Math.min(holders.size(), from + 1000)), issuer)) {
                    out.write(c.login() + ";" + c.code() + "\n");
                    written++;
                }
            }
        }
        return written;
    }
}
