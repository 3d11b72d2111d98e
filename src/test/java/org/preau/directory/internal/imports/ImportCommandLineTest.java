package org.preau.directory.internal.imports;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.preau.platform.PreauCommand;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

/**
 * The command line as an operator runs it: {@code java ... org.preau.PreauApplication <command>} in a child JVM,
 * with the classpath of the tests (the same classes as the jar).
 */
@PreauIntegrationTest
class ImportCommandLineTest {

    @TempDir
    Path tmp;

    @Autowired
    Environment environment;

    @Autowired
    List<PreauCommand> commands;

    record Run(int status, String output) {}

    /** Runs the application's main in a child JVM; stdout and stderr together. */
    private Run run(List<String> jvm, List<String> args) throws IOException, InterruptedException {
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        // Start-up speed only: the child runs the same code, compiled by C1 alone.
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path")));
        command.add("org.preau.PreauApplication");
        command.addAll(args);
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("LANG", "fr_FR.UTF-8");
        Path log = Files.createTempFile(tmp, "child", ".log");
        builder.redirectOutput(log.toFile());
        var process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the child JVM did not end: " + Files.readString(log));
        }
        return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"import", "generate", "hashbench"})
    void helpIsPrintedWithoutStartingTheApplicationOrItsDatabase(String name) throws Exception {
        Path data = tmp.resolve("data");

        var run = run(List.of(), List.of(name, "--help", "--preau.data-dir=" + data));

        assertThat(run.status()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("Usage: ./preau " + name);
        assertThat(run.output()).doesNotContain("Starting PreauApplication", "PostgreSQL");
        assertThat(data).doesNotExist();
    }

    @Test
    void helpOfAnUnknownCommandNamesTheKnownOnesWithoutStartingTheApplication() throws Exception {
        Path data = tmp.resolve("data");

        var run = run(List.of(), List.of("nosuch", "--help", "--preau.data-dir=" + data));

        assertThat(run.status()).as(run.output()).isEqualTo(2);
        assertThat(run.output()).contains("nosuch", "generate", "hashbench", "import");
        assertThat(data).doesNotExist();
    }

    @Test
    void everyCommandHasTheHelpThatIsPrintedWithoutTheApplication() {
        assertThat(commands).extracting(PreauCommand::name).contains("import", "generate", "hashbench");
        for (var command : commands) {
            assertThat(command.help()).as(command.name()).startsWith("Usage: ./preau " + command.name());
        }
    }

    /** Must hold (issue 9): a 200 MB value is refused by an import run with -Xmx256m. */
    @Test
    void aTwoHundredMegabyteValueIsRefusedByAnImportRunWithA256MegabyteHeap() throws Exception {
        Path feed = tmp.resolve("ENT_IT_Complet_Eleve_big.xml");
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ficAlimMENESR>\n<addRequest>\n"
                + "<operationalAttributes><attr name=\"categoriePersonne\"><value>Eleve</value></attr>"
                + "</operationalAttributes>\n<identifier><id>E1</id></identifier>\n<attributes>\n"
                + "<attr name=\"sn\">\n<value>";
        String tail = "</value></attr>\n</attributes>\n</addRequest>\n</ficAlimMENESR>\n";
        try (var in = Feeds.generatedStream(head, "x".repeat(1 << 16), 200L * 1024 * 1024 / (1 << 16), tail)) {
            Files.copy(in, feed);
        }
        assertThat(Files.size(feed)).isGreaterThan(200L * 1024 * 1024);

        var run = run(
                List.of("-Xmx256m"),
                List.of(
                        "import",
                        feed.toString(),
                        "--preau.data-dir=" + tmp.resolve("data"),
                        "--preau.db.url=" + environment.getRequiredProperty("preau.db.url"),
                        "--preau.db.user=" + environment.getRequiredProperty("preau.db.user"),
                        "--preau.db.password=" + environment.getProperty("preau.db.password", "")));

        assertThat(run.status()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains("ENT_IT_Complet_Eleve_big.xml", "REJECTED")
                .contains("ENT_IT_Complet_Eleve_big.xml:8 [] Valeur trop longue")
                .contains(String.valueOf(BoundedDecodingReader.MAX_CHARS))
                .doesNotContain("OutOfMemoryError");
    }
}
