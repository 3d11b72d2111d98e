package org.preau.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.preau.PreauApplication;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;
import org.preau.support.HttpUser;
import org.preau.support.SharedPostgres;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes on one database, each with a file store of its own (its own data directory), probing every 200 ms
 * (ADR 0034): an operator's incident and update posted on node A show on node B's public JSON; an outage of the
 * file store seen by node A only is shown by node B, which keeps it open (it never saw the store fail, but A still
 * does), and when B sees the store fail too it joins that incident instead of opening a second one; after recovery
 * the incident closes on both nodes, once. Waits are for a condition (a generous deadline as a safety net); nothing
 * is timed.
 */
class StatusAcrossNodesTest {

    static final String PASSWORD = "une phrase de passe pour deux serveurs d’état";
    static final JsonMapper json = JsonMapper.builder().build();

    @Test
    void incidentsAreSharedBetweenNodesAndAnOutageSeenByBothIsOneIncidentThatClosesOnBoth() throws Exception {
        String url = SharedPostgres.newDatabase();
        Path dataA = Files.createTempDirectory("preau-status-node-a");
        Path dataB = Files.createTempDirectory("preau-status-node-b");
        try (var a = node(url, dataA, "node-a");
                var b = node(url, dataB, "node-b")) {
            var jdbc = a.getBean(JdbcClient.class);
            var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
            a.getBean(Accounts.class).setPassword(operator.accountId(), PASSWORD);
            for (var n : new ConfigurableApplicationContext[] {a, b}) {
                StatusAwait.until(
                        () -> status(component(statusJson(n), "files")).equals("operational"), "probed");
            }

            // (a) An operator declares an incident on node A through the editor, then posts an update.
            var onA = new HttpUser(port(a));
            assertThat(onA.logIn(operator.login(), PASSWORD, false).statusCode())
                    .isEqualTo(302);
            assertThat(onA.get("/admin/statut").statusCode()).isEqualTo(200);
            var declared = onA.post(
                    "/admin/statut/incidents",
                    Map.of(
                            "component", "network",
                            "severity", "DOWN",
                            "textFr", "Coupure du réseau régional, déclarée sur le premier serveur.",
                            "textEn", "Regional network cut, declared on the first server."));
            assertThat(declared.statusCode()).as(declared.body()).isEqualTo(302);
            StatusAwait.until(
                    () -> texts(openIncident(statusJson(b), "network", "manual"))
                            .contains("Regional network cut, declared on the first server."),
                    "node B shows the incident declared on node A");
            String manualId = openIncident(statusJson(b), "network", "manual")
                    .orElseThrow()
                    .get("id")
                    .asString();
            assertThat(status(component(statusJson(b), "network"))).isEqualTo("down");
            var updated = onA.post(
                    "/admin/statut/mises-a-jour",
                    Map.of(
                            "incident", manualId,
                            "updateFr", "Le fournisseur du réseau a trouvé la coupure.",
                            "updateEn", "The network provider found the cut."));
            assertThat(updated.statusCode()).as(updated.body()).isEqualTo(302);
            StatusAwait.until(
                    () -> texts(openIncident(statusJson(b), "network", "manual"))
                            .contains("The network provider found the cut."),
                    "node B shows the update posted on node A");
            var closed = onA.post(
                    "/admin/statut/mises-a-jour",
                    Map.of(
                            "incident", manualId,
                            "updateFr", "Réseau rétabli.",
                            "updateEn", "Network restored.",
                            "close", "true"));
            assertThat(closed.statusCode()).as(closed.body()).isEqualTo(302);
            StatusAwait.until(
                    () -> openIncident(statusJson(b), "network", "manual").isEmpty(),
                    "node B shows the incident closed on node A");

            // (b) Node A loses its file store; node B still reaches its own.
            Path storeA = dataA.resolve("files");
            Path awayA = dataA.resolve("files-away");
            Path storeB = dataB.resolve("files");
            Path awayB = dataB.resolve("files-away");
            Files.move(storeA, awayA);
            StatusAwait.until(
                    () -> openIncident(statusJson(a), "files", "outage").isPresent(), "node A's outage");
            String outageId = openIncident(statusJson(a), "files", "outage")
                    .orElseThrow()
                    .get("id")
                    .asString();
            StatusAwait.until(
                    () -> openIncident(statusJson(b), "files", "outage")
                            .map(i -> i.get("id").asString().equals(outageId))
                            .orElse(false),
                    "node B shows node A's outage");
            assertThat(status(component(statusJson(b), "files"))).isEqualTo("down");
            // B's own probe passes all along: it must not close what A still sees failing. Give it more than
            // recovery-after of passing probes with the incident in hand (a state to wait for, not a timing).
            var boardB = b.getBean(StatusRuntime.class).board();
            Instant heldSince = Instant.now();
            StatusAwait.until(
                    () -> lastProbe(boardB).isAfter(heldSince.plusSeconds(4)),
                    "node B passing for longer than recovery-after with A's incident");
            assertThat(boardB.health("files").orElseThrow().failingSince())
                    .as("node B's own store answers")
                    .isEmpty();
            assertThat(openIncident(statusJson(b), "files", "outage"))
                    .as("node B keeps node A's outage open while A still sees it")
                    .hasValueSatisfying(i -> assertThat(i.get("id").asString()).isEqualTo(outageId));
            assertThat(openIncident(statusJson(a), "files", "outage"))
                    .hasValueSatisfying(i -> assertThat(i.get("id").asString()).isEqualTo(outageId));

            // Node B loses its store too: it sees the failure for longer than incident-after and joins A's incident.
            Files.move(storeB, awayB);
            Instant failingFrom = Instant.now();
            StatusAwait.until(
                    () -> boardB.health("files")
                                    .flatMap(Health.View::failingSince)
                                    .map(f -> !f.isBefore(failingFrom))
                                    .orElse(false)
                            && lastProbe(boardB).isAfter(failingFrom.plusSeconds(3)),
                    "node B failing for longer than incident-after");
            StatusAwait.until(
                    () -> b.getBean(StatusRuntime.class).outbox().pendingIncidents() == 0,
                    "node B wrote what it decided");
            assertThat(outages(jdbc))
                    .as("one outage of the file store, not one per node")
                    .isEqualTo(1);
            for (var n : new ConfigurableApplicationContext[] {a, b}) {
                var doc = statusJson(n);
                assertThat(openIncident(doc, "files", "outage"))
                        .hasValueSatisfying(
                                i -> assertThat(i.get("id").asString()).isEqualTo(outageId));
                assertThat(count(doc, "files", "outage")).isEqualTo(1);
            }

            // (c) Both stores back: the incident closes, on both nodes, once.
            Files.move(awayA, storeA);
            Files.move(awayB, storeB);
            for (var n : new ConfigurableApplicationContext[] {a, b}) {
                StatusAwait.until(
                        () -> openIncident(statusJson(n), "files", "outage").isEmpty()
                                && status(component(statusJson(n), "files")).equals("operational"),
                        "the outage closed on " + n.getId());
            }
            StatusAwait.until(
                    () -> incident(statusJson(a), outageId).equals(incident(statusJson(b), outageId)),
                    "both nodes show the same closed incident");
            assertThat(outages(jdbc)).isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from status_incident where id = :id and ended_at is not null")
                            .param("id", java.util.UUID.fromString(outageId))
                            .query(Integer.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("select count(*) from status_incident_update where incident_id = :id"
                                    + " and message_key = 'status.update.closed'")
                            .param("id", java.util.UUID.fromString(outageId))
                            .query(Integer.class)
                            .single())
                    .as("closed once, even if both nodes saw the recovery")
                    .isEqualTo(1);
        } finally {
            FileSystemUtils.deleteRecursively(dataA.toFile());
            FileSystemUtils.deleteRecursively(dataB.toFile());
        }
    }

    private static int outages(JdbcClient jdbc) {
        return jdbc.sql("select count(*) from status_incident where component_id = 'files' and kind = 'OUTAGE'")
                .query(Integer.class)
                .single();
    }

    private static Instant lastProbe(StatusBoard board) {
        return board.health("files")
                .flatMap(Health.View::last)
                .map(Health.Result::at)
                .orElse(Instant.EPOCH);
    }

    static JsonNode statusJson(ConfigurableApplicationContext node) {
        try {
            var response = new HttpUser(port(node)).get("/statut.json?lang=en", "application/json");
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

    static Optional<JsonNode> openIncident(JsonNode doc, String component, String kind) {
        for (JsonNode i : doc.get("incidents")) {
            if (i.get("component").asString().equals(component)
                    && i.get("kind").asString().equals(kind)
                    && (i.get("ended") == null || i.get("ended").isNull())) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    static int count(JsonNode doc, String component, String kind) {
        int n = 0;
        for (JsonNode i : doc.get("incidents")) {
            if (i.get("component").asString().equals(component)
                    && i.get("kind").asString().equals(kind)) {
                n++;
            }
        }
        return n;
    }

    static JsonNode incident(JsonNode doc, String id) {
        for (JsonNode i : doc.get("incidents")) {
            if (i.get("id").asString().equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no incident " + id + " in " + doc);
    }

    static String texts(Optional<JsonNode> incident) {
        var all = new StringBuilder();
        incident.ifPresent(i -> i.get("updates")
                .forEach(u -> all.append(u.get("text").asString()).append('\n')));
        return all.toString();
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static ConfigurableApplicationContext node(String url, Path data, String name) {
        return new SpringApplicationBuilder(PreauApplication.class)
                .properties(
                        "preau.db.url=" + url,
                        "preau.db.user=postgres",
                        "preau.db.password=",
                        "preau.demo=false",
                        "preau.data-dir=" + data.toAbsolutePath(),
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.datasource.hikari.maximum-pool-size=5",
                        "preau.status.node=" + name,
                        "preau.status.probe-interval=200ms",
                        "preau.status.probe-timeout=1s",
                        "preau.status.incident-after=1s",
                        "preau.status.recovery-after=2s",
                        "preau.status.flush-interval=200ms")
                .run();
    }
}
