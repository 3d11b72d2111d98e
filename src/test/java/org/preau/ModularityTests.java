package org.preau;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** Keeps the module boundaries honest and regenerates the module diagram in the docs from the code. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(PreauApplication.class);

    @Test
    void modulesRespectTheirBoundaries() {
        modules.verify();
    }

    /**
     * Writes the diagrams to target/ first, and copies a file into docs/modules only when its content changed:
     * the documenter lists the same dependencies in a different order from one run to the next, which would
     * otherwise leave every working tree dirty after a test run.
     */
    @Test
    void writesModuleDiagramIntoTheDocs() throws IOException {
        Path generated = Path.of("target/module-docs");
        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(generated.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml()
                .writeModuleCanvases();
        Path docs = Path.of("docs/modules");
        Files.createDirectories(docs);
        try (Stream<Path> files = Files.list(generated)) {
            for (Path file : files.toList()) {
                Path target = docs.resolve(file.getFileName());
                if (!Files.exists(target) || !sameLines(file, target)) {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static boolean sameLines(Path a, Path b) throws IOException {
        return normalised(a).equals(normalised(b));
    }

    /** The lines, sorted, without the list markers that move with the order ("|* a" then "* b"). */
    private static List<String> normalised(Path file) throws IOException {
        return Files.readAllLines(file).stream()
                .map(l -> l.replaceFirst("^\\|?\\*\\s*", ""))
                .sorted()
                .toList();
    }
}
