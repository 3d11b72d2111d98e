package org.preau.directory.internal.generator;

import java.nio.file.Path;
import java.util.List;
import org.preau.directory.internal.imports.ReportPrinter;
import org.preau.platform.PreauCommand;
import org.springframework.stereotype.Component;

/** {@code ./preau generate}: a deterministic district, into the database (through the importers) or as files. */
@Component
class GenerateCommand implements PreauCommand {

    private final DistrictLoader loader;
    private final ReportPrinter printer;

    GenerateCommand(DistrictLoader loader, ReportPrinter printer) {
        this.loader = loader;
        this.printer = printer;
    }

    @Override
    public String name() {
        return "generate";
    }

    @Override
    public int run(List<String> args) throws Exception {
        int pupils = 800;
        long seed = 1;
        String format = null;
        Path out = null;
        String password = null;
        Path codes = null;
        double share = 0.05;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--") && a.contains("=")) {
                continue; // a Spring property (--server.port=0...), for the application, not for us
            }
            String v = i + 1 < args.size() ? args.get(i + 1) : null;
            switch (a) {
                case "--pupils" -> pupils = Integer.parseInt(need(a, v));
                case "--seed" -> seed = Long.parseLong(need(a, v));
                case "--format" -> format = need(a, v);
                case "--out" -> out = Path.of(need(a, v));
                case "--password" -> password = need(a, v);
                case "--codes" -> codes = Path.of(need(a, v));
                case "--codes-share" -> share = Double.parseDouble(need(a, v));
                default -> {
                    System.err.println("generate: unknown option " + a + " (see ./preau generate --help)");
                    return 2;
                }
            }
            i++;
        }
        long t0 = System.nanoTime();
        if (out != null || format != null) {
            if (out == null || format == null) {
                System.err.println("generate: --format and --out go together");
                return 2;
            }
            var district = DistrictGenerator.generate(pupils, seed);
            var files = DistrictWriter.write(district, format, out);
            System.out.printf(
                    "Wrote %d files into %s: %d schools, %d pupils, %d parents, %d teachers, %d staff (%d accounts) in %d ms%n",
                    files.size(),
                    out,
                    district.schools().size(),
                    district.pupils().size(),
                    district.parents().size(),
                    district.teachers().size(),
                    district.staff().size(),
                    district.accountCount(),
                    (System.nanoTime() - t0) / 1_000_000);
            return 0;
        }
        var loaded = loader.load(pupils, seed, DistrictGenerator.PUPILS_PER_SCHOOL, "generate");
        printer.print(loaded.report(), System.out);
        if (!loaded.report().accepted()) {
            return 1;
        }
        // Accounts that will activate with a code keep no password: a batch only gives codes to accounts not in use.
        var holders = codes != null ? loader.codeHolders(loaded.prefix(), share) : java.util.List.<java.util.UUID>of();
        if (password != null) {
            System.out.println(
                    "Password set for " + loader.setSamePassword(loaded.prefix(), password, holders) + " accounts");
        }
        if (codes != null) {
            System.out.println("Activation codes for " + loader.writeCodes(loaded.prefix(), holders, codes)
                    + " accounts written to " + codes);
        }
        System.out.printf("Loaded %d accounts in %d ms%n", loaded.accounts(), (System.nanoTime() - t0) / 1_000_000);
        return 0;
    }

    private static String need(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return value;
    }
}
