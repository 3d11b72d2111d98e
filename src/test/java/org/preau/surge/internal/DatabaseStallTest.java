package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preau.PreauApplication;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.Accounts;
import org.preau.support.HttpUser;
import org.preau.support.TestSchool;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The product on its own embedded PostgreSQL, which the test freezes with SIGSTOP (every process of the cluster, as
 * a hung disk or a stuck host would): a signed-in pupil still gets their "Aujourd'hui" from memory with the
 * read-only banner, a write is refused with its message, both within 3 s; when PostgreSQL resumes, so does Préau.
 */
class DatabaseStallTest {

    static final String PASSWORD = "une phrase de passe pour la panne";

    @TempDir
    Path data;

    @Test
    void aFrozenDatabaseStillServesTheCachedHomePageAndRefusesWritesQuickly() throws Exception {
        try (var app = new SpringApplicationBuilder(PreauApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--preau.demo=false",
                        "--preau.db.url=",
                        "--preau.data-dir=" + data.toAbsolutePath())) {
            var jdbc = app.getBean(JdbcClient.class);
            var school = TestSchool.create(jdbc);
            app.getBean(Accounts.class).setPassword(school.pupil.accountId(), PASSWORD);
            var entries = app.getBean(EntryService.class);
            var today = EntryService.today(app.getBean(Clock.class));
            var entry = entries.create(
                    school.mathsTeacher,
                    org.preau.homework.internal.Fixtures.draft(
                            school.classId,
                            school.mathsId,
                            today,
                            "Fractions",
                            org.preau.homework.internal.Fixtures.work("Exercice de la panne", today.plusDays(1))));
            UUID work = entry.works().getFirst().id();
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();

            var pupil = new HttpUser(port);
            assertThat(pupil.logIn(school.pupil.login(), PASSWORD, false).statusCode())
                    .isEqualTo(302);
            assertThat(pupil.get("/").body()).contains("Exercice de la panne");
            assertThat(pupil.get("/").statusCode()).isEqualTo(200);

            List<Long> cluster = postgresProcesses(data);
            signal("STOP", cluster);
            try {
                long frozenAt = System.nanoTime();
                boolean banner = false;
                long slowest = 0;
                while (!banner && System.nanoTime() - frozenAt < 3_000_000_000L) {
                    long started = System.nanoTime();
                    var page = pupil.get("/");
                    slowest = Math.max(slowest, System.nanoTime() - started);
                    assertThat(page.statusCode()).isEqualTo(200);
                    assertThat(page.body()).contains("Exercice de la panne");
                    banner = page.body().contains("Consultation seule");
                    Thread.sleep(100); // a person reloading, not a flood (the per-account rate limit would answer)
                }
                long seen = (System.nanoTime() - frozenAt) / 1_000_000;
                System.out.printf("[stall] banner after %d ms, slowest page %d ms%n", seen, slowest / 1_000_000);
                assertThat(banner)
                        .as("the read-only banner within 3 s of the stall")
                        .isTrue();

                long writeStarted = System.nanoTime();
                var write = pupil.post("/travail/" + work + "/fait", Map.of("done", "true"));
                long writeMillis = (System.nanoTime() - writeStarted) / 1_000_000;
                System.out.printf("[stall] write refused in %d ms%n", writeMillis);
                assertThat(write.statusCode()).isEqualTo(503);
                assertThat(write.body()).contains("consultation seule", "n’a pas été enregistrée");
                assertThat(writeMillis).isLessThan(3000);
            } finally {
                signal("CONT", cluster);
            }

            // Recovery is automatic: the banner goes away by itself.
            long deadline = System.nanoTime() + 60_000_000_000L;
            String body = pupil.get("/").body();
            while (body.contains("Consultation seule") && System.nanoTime() < deadline) {
                Thread.sleep(500);
                body = pupil.get("/").body();
            }
            assertThat(body).contains("Exercice de la panne").doesNotContain("Consultation seule");
            assertThat(pupil.post("/travail/" + work + "/fait", Map.of("done", "true"))
                            .statusCode())
                    .isEqualTo(302);
        }
    }

    /** The postmaster of this data directory and all its children. */
    static List<Long> postgresProcesses(Path data) throws Exception {
        Path pidFile;
        try (var files = Files.walk(data, 3)) {
            pidFile = files.filter(p -> p.getFileName().toString().equals("postmaster.pid"))
                    .findFirst()
                    .orElseThrow();
        }
        long postmaster = Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        var all = new ArrayList<Long>();
        all.add(postmaster);
        ProcessHandle.of(postmaster).orElseThrow().children().forEach(c -> all.add(c.pid()));
        return all;
    }

    static void signal(String name, List<Long> pids) throws Exception {
        var command = new ArrayList<String>(List.of("kill", "-" + name));
        pids.forEach(p -> command.add(Long.toString(p)));
        new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
