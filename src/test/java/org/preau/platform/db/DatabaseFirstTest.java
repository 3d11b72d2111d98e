package org.preau.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preau.platform.db.DatabaseFirst.Outcome;

/**
 * The server raises its session's autogroup nice only where that is what Linux offers and only for its own session
 * (a fake {@code /proc}: the real one's autogroup would change the test runner's whole session).
 */
class DatabaseFirstTest {

    @TempDir
    Path proc;

    private Path autogroup;

    private void fakeProc(String enabled, long session, String autogroupLine) throws IOException {
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/sched_autogroup_enabled"), enabled + "\n");
        // A command name with spaces and a parenthesis, as /proc allows: the fields are counted after the last ")".
        Files.writeString(
                proc.resolve("self/stat"),
                "4242 (java (main) x) S 1 4242 " + session + " 0 -1 4194560 1234 0 0 0 5 6 0 0 20 0 57 0\n");
        autogroup = proc.resolve("self/autogroup");
        Files.writeString(autogroup, autogroupLine + "\n");
    }

    @Test
    void aSessionLeaderTakesTheNiceAndSaysSo() throws IOException {
        fakeProc("1", 4242, "/autogroup-17 nice 0");
        assertThat(new DatabaseFirst(proc, 4242).apply(10)).isEqualTo(Outcome.SET);
        assertThat(Files.readString(autogroup)).isEqualTo("10");
    }

    @Test
    void aServerInSomeoneElsesSessionLeavesItAlone() throws IOException {
        fakeProc("1", 999, "/autogroup-17 nice 0");
        assertThat(new DatabaseFirst(proc, 4242).apply(10)).isEqualTo(Outcome.NOT_SESSION_LEADER);
        assertThat(Files.readString(autogroup)).isEqualTo("/autogroup-17 nice 0\n");
    }

    @Test
    void nothingIsWrittenWithoutAutogroupOrWhenTurnedOffOrAlreadyNicer() throws IOException {
        fakeProc("0", 4242, "/autogroup-17 nice 0");
        assertThat(new DatabaseFirst(proc, 4242).apply(10)).isEqualTo(Outcome.NO_AUTOGROUP);
        fakeProc("1", 4242, "/autogroup-17 nice 0");
        assertThat(new DatabaseFirst(proc, 4242).apply(0)).isEqualTo(Outcome.DISABLED);
        fakeProc("1", 4242, "/autogroup-17 nice 15");
        assertThat(new DatabaseFirst(proc, 4242).apply(10)).isEqualTo(Outcome.ALREADY);
        assertThat(Files.readString(autogroup)).isEqualTo("/autogroup-17 nice 15\n");
        assertThat(new DatabaseFirst(proc.resolve("absent"), 4242).apply(10)).isEqualTo(Outcome.NO_AUTOGROUP);
    }

    @Test
    void theSessionIsTheSixthFieldOfStat() {
        assertThat(DatabaseFirst.session("77 (a) b) R 1 70 71 0")).isEqualTo(71);
    }
}
