package org.preau.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.preau.PreauApplication;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;
import org.preau.support.HttpUser;
import org.preau.support.TestSchool;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The product on an embedded PostgreSQL of its own (not the shared test database, which every other test needs
 * alive), probing every 200 ms with an incident after 1 s of failures: the test freezes the database (SIGSTOP on
 * every process of the cluster, as a hung disk or a stuck host would), then removes the file store's directory,
 * and reads the public page as a visitor would. Each time the page answers, names the failing part and its
 * operator, and nothing else; the incident opens by itself, closes by itself on recovery, and reaches the database
 * once it is back. Waits are for a condition, with a generous deadline as a safety net; nothing is timed.
 */
class StatusOutageTest {

    static final String PASSWORD = "une phrase de passe pour la page d’état";
    static final String DATABASE_OPERATOR = "Académie de démonstration — équipe bases de données";
    static final String FILES_OPERATOR = "Académie de démonstration — service numérique";

    static Path data;
    static ConfigurableApplicationContext app;
    static int port;
    static JdbcClient jdbc;
    static TestSchool school;
    static String operatorLogin;
    static final JsonMapper json = JsonMapper.builder().build();

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("preau-status-outage");
        app = new SpringApplicationBuilder(PreauApplication.class)
                .run(
                        "--server.port=0",
                        "--server.address=127.0.0.1",
                        "--preau.demo=false",
                        "--preau.db.url=",
                        "--preau.data-dir=" + data.toAbsolutePath(),
                        "--preau.status.probe-interval=200ms",
                        "--preau.status.probe-timeout=1s",
                        "--preau.status.incident-after=1s",
                        "--preau.status.recovery-after=1s",
                        "--preau.status.flush-interval=200ms",
                        "--preau.status.node=node-under-test");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        jdbc = app.getBean(JdbcClient.class);
        school = TestSchool.create(jdbc);
        app.getBean(Accounts.class).setPassword(school.pupil.accountId(), PASSWORD);
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
        app.getBean(Accounts.class).setPassword(operator.accountId(), PASSWORD);
        operatorLogin = operator.login();
        await(() -> status(component(fetchJson(), "database")).equals("operational"), "the database probed once");
        await(() -> status(component(fetchJson(), "files")).equals("operational"), "the file store probed once");
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
        FileSystemUtils.deleteRecursively(data.toFile());
    }

    @Test
    void withTheDatabaseFrozenThePageAnswersAndNamesTheDatabaseAndItsOperatorThenTheIncidentClosesByItself()
            throws Exception {
        var pupil = new HttpUser(port);
        assertThat(pupil.logIn(school.pupil.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);
        var operator = new HttpUser(port);
        assertThat(operator.logIn(operatorLogin, PASSWORD, false).statusCode()).isEqualTo(302);
        var console = operator.get("/admin/statut");
        assertThat(console.statusCode()).isEqualTo(200);
        assertThat(console.body()).as("the operator sees the internals").contains("node-under-test", "ms");
        assertThat(pupil.get("/admin/statut").statusCode()).isEqualTo(403);
        int before = countIncidents();

        List<Long> cluster = postgresProcesses(data);
        signal("STOP", cluster);
        try {
            await(() -> status(component(fetchJson(), "database")).equals("down"), "the database named as down");
            JsonNode doc = fetchJson();
            assertThat(status(component(doc, "files")))
                    .as("only the failing part")
                    .isEqualTo("operational");
            JsonNode outage = openIncident(doc, "database", "outage");
            assertThat(outage.get("operator").asString()).isEqualTo(DATABASE_OPERATOR);
            assertThat(component(doc, "database").get("operator").asString()).isEqualTo(DATABASE_OPERATOR);

            // The page, as an anonymous visitor and as a signed-in pupil whose session lives in the frozen database.
            for (var visitor : List.of(new HttpUser(port), pupil)) {
                HttpResponse<String> page = visitor.get("/statut");
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body())
                        .contains("Base de données", "En panne", DATABASE_OPERATOR, "Base de données : panne");
                assertThat(HttpUser.setCookies(page)).as("no session touched").isEmpty();
            }
            // The surge module went read-only meanwhile: that is on the page too.
            await(() -> openIncidentOrNull(fetchJson(), "app", "read_only") != null, "read-only mode on the page");

            // An operator can still say what is going on; it is shown at once, written when the database is back.
            var posted = operator.post(
                    "/admin/statut/mises-a-jour",
                    Map.of(
                            "incident", outage.get("id").asString(),
                            "updateFr", "Le disque du serveur de base de données ne répond plus, nous intervenons.",
                            "updateEn", "The database server’s disk stopped answering; we are on it."));
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(302);
            assertThat(new HttpUser(port).get("/statut?lang=en").body())
                    .contains("The database server’s disk stopped answering; we are on it.");
        } finally {
            signal("CONT", cluster);
        }

        await(() -> status(component(fetchJson(), "database")).equals("operational"), "the database back");
        await(() -> openIncidentOrNull(fetchJson(), "database", "outage") == null, "the incident closed by itself");
        await(() -> storedClosedOutages("database") > 0, "the incident written once the database is back");
        assertThat(countIncidents()).isGreaterThan(before);
        assertThat(jdbc.sql("""
                        select count(*) from status_incident_update u join status_incident i on i.id = u.incident_id
                        where i.component_id = 'database' and u.text_en like 'The database server%'
                        """).query(Integer.class).single())
                .as("the operator's update, posted while the database was down, is stored")
                .isEqualTo(1);
        await(
                () -> jdbc.sql("select count(*) from audit_log where action = 'status.incident-updated'")
                                .query(Integer.class)
                                .single()
                        == 1,
                "the operator's update in the audit log");
    }

    @Test
    void withTheFileStoreGoneThePageNamesTheFileStorageAndItsOperator() throws Exception {
        // The documents module's store (ADR 0035): blobs and staging under <data>/files, probed through its backend.
        Path store = data.resolve("files");
        Path moved = data.resolve("files-away");
        Files.move(store, moved);
        try {
            await(() -> status(component(fetchJson(), "files")).equals("down"), "the file storage named as down");
            JsonNode doc = fetchJson();
            assertThat(status(component(doc, "database"))).isEqualTo("operational");
            assertThat(openIncident(doc, "files", "outage").get("operator").asString())
                    .isEqualTo(FILES_OPERATOR);
            var page = new HttpUser(port).get("/statut?lang=en");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("File storage: outage", "Down", FILES_OPERATOR);
        } finally {
            Files.move(moved, store);
        }
        await(() -> openIncidentOrNull(fetchJson(), "files", "outage") == null, "the file incident closed");
        await(() -> storedClosedOutages("files") > 0, "the file incident stored");
    }

    @Test
    void withTheWaitingRoomOpenThePageStillAnswersEveryoneAndSaysSo() throws Exception {
        var operator = new HttpUser(port);
        assertThat(operator.logIn(operatorLogin, PASSWORD, false).statusCode()).isEqualTo(302);
        assertThat(operator.get("/admin/surge").statusCode()).isEqualTo(200);
        assertThat(operator.post("/admin/surge", Map.of("waitingRoom", "OPEN")).statusCode())
                .isEqualTo(302);
        try {
            var visitor = new HttpUser(port);
            await(
                    () -> {
                        try {
                            var home = visitor.get("/");
                            return home.statusCode() == 303
                                    && home.headers()
                                            .firstValue("Location")
                                            .orElse("")
                                            .startsWith("/salle-attente");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    "the waiting room open for newcomers");
            var room = visitor.get("/salle-attente?retour=/");
            assertThat(room.body()).contains("Salle d’attente", "<a href=\"/statut\">État du service</a>");
            var page = visitor.get("/statut");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("<h1>État du service</h1>");
            await(
                    () -> openIncidentOrNull(fetchJson(), "app", "waiting_room") != null,
                    "the waiting room on the status page");
            assertThat(new HttpUser(port).get("/statut").body())
                    .contains("Serveurs d’application Préau : salle d’attente ouverte");
        } finally {
            assertThat(operator.post("/admin/surge", Map.of("waitingRoom", "AUTO"))
                            .statusCode())
                    .isEqualTo(302);
        }
        await(() -> openIncidentOrNull(fetchJson(), "app", "waiting_room") == null, "the waiting room incident closed");
    }

    static int countIncidents() {
        return jdbc.sql("select count(*) from status_incident")
                .query(Integer.class)
                .single();
    }

    static int storedClosedOutages(String component) {
        return jdbc.sql("select count(*) from status_incident where component_id = :c and kind = 'OUTAGE'"
                        + " and ended_at is not null")
                .param("c", component)
                .query(Integer.class)
                .single();
    }

    static JsonNode fetchJson() {
        try {
            var response = new HttpUser(port).get("/statut.json", "application/json");
            assertThat(response.statusCode()).isEqualTo(200);
            return json.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode component(JsonNode doc, String id) {
        for (JsonNode c : doc.get("components")) {
            if (c.get("id").asString().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no component " + id + " in " + doc);
    }

    static String status(JsonNode component) {
        return component.get("status").asString();
    }

    static JsonNode openIncident(JsonNode doc, String component, String kind) {
        var found = openIncidentOrNull(doc, component, kind);
        assertThat(found)
                .as("an open " + kind + " incident on " + component + " in " + doc)
                .isNotNull();
        return found;
    }

    static JsonNode openIncidentOrNull(JsonNode doc, String component, String kind) {
        for (JsonNode i : doc.get("incidents")) {
            if (i.get("component").asString().equals(component)
                    && i.get("kind").asString().equals(kind)
                    && (i.get("ended") == null || i.get("ended").isNull())) {
                return i;
            }
        }
        return null;
    }

    /** Waits for a condition; the deadline is only a safety net so that a broken build ends. */
    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never happened: " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
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
