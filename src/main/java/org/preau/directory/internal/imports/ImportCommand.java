package org.preau.directory.internal.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.preau.platform.PreauCommand;
import org.springframework.stereotype.Component;

/** {@code ./preau import PATH...}: imports directory files and prints the report; exit 1 if any file is rejected. */
@Component
class ImportCommand implements PreauCommand {

    private final DirectoryImporter importer;
    private final ReportPrinter printer;

    ImportCommand(DirectoryImporter importer, ReportPrinter printer) {
        this.importer = importer;
        this.printer = printer;
    }

    @Override
    public String name() {
        return "import";
    }

    @Override
    public String help() {
        return """
                Usage: ./preau import PATH... [--data DIR]

                Imports directory files: the national XML feed (ficAlimMENESR: EtabEducNat, MatiereEducNat,
                MefEducNat, PersRelEleve, PersEducNat, Eleve) and Préau's CSV files (schools, subjects, classes,
                people, timetable; see docs/IMPORTS.md). PATH is a file or a directory (its .xml and .csv files).
                Formats and kinds are detected; files are imported in dependency order, each all or nothing.
                Re-importing the same files changes nothing. Prints a report; exits with 1 if a file is rejected.""";
    }

    @Override
    public int run(List<String> args) throws Exception {
        var paths = new ArrayList<Path>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                continue; // a Spring property (--server.port=0...), for the application, not for us
            }
            Path p = Path.of(a);
            if (!Files.exists(p)) {
                System.err.println("import: no such file or directory: " + a);
                return 2;
            }
            paths.add(p);
        }
        if (paths.isEmpty()) {
            System.err.println(help());
            return 2;
        }
        long t0 = System.nanoTime();
        var report = importer.importAll(DirectoryImporter.sources(paths), "command line");
        printer.print(report, System.out);
        System.out.printf(
                "%d file(s), %d rejected, in %d ms%n",
                report.files().size(), report.rejectedCount(), (System.nanoTime() - t0) / 1_000_000);
        return report.accepted() ? 0 : 1;
    }
}
