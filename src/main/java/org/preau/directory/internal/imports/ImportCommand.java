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
