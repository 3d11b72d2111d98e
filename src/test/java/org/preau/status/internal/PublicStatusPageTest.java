package org.preau.status.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.Profile;
import org.preau.platform.PreauProperties;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The public page, its JSON and its feed on the shared application: they answer without a session and set none,
 * are cacheable, and say nothing internal (no address, host name, path, error, stack or version), even while a
 * component fails with an error whose text is full of them. The operator's editor: refused to everyone else, and
 * an incident declared there shows on the public page in both languages and reaches the audit log.
 */
@PreauIntegrationTest
class PublicStatusPageTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    StatusRuntime runtime;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    PreauProperties preau;

    @Autowired
    StatusPages pages;

    @Autowired
    Environment environment;

    @LocalServerPort
    int port;

    @BeforeEach
    void realCsrf() {
        RealCsrf.restore(context);
    }

    static final String PASSWORD = "une phrase de passe pour la page d’état";

    static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(\\.\\d{1,3}){3}\\b");

    @Test
    void thePageTheJsonAndTheFeedLeakNoInternalsEvenWhileAComponentFails() throws Exception {
        // A failure whose kind is full of internals (a probe keeps only a class name, but the page must not even
        // show that); the next real probe overwrites it.
        runtime.board()
                .record(
                        "database",
                        new Health.Result(
                                Instant.now(), false, 1234, "PSQLException 10.9.8.7:5432 at org.postgresql.Driver"));
        var visitor = new HttpUser(port);
        visitor.cookies.clear();
        String host = InetAddress.getLocalHost().getHostName();
        List<String> forbidden = List.of(
                "10.9.8.7",
                "PSQLException",
                "Exception",
                "org.postgresql",
                "org.preau",
                "org.springframework",
                "jdbc:",
                "localhost",
                "127.0.0.1",
                ":" + port,
                runtime.board().node(),
                host,
                preau.dataDir().toAbsolutePath().toString(),
                environment.getProperty("preau.db.url", "jdbc:postgresql"),
                System.getProperty("java.version"),
                "Spring",
                "Tomcat",
                "Java",
                "\tat ");
        for (String path : List.of("/statut", "/statut?lang=en", "/statut.json", "/statut.atom")) {
            HttpResponse<String> r = visitor.get(path, path.contains("json") ? "application/json" : "*/*");
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.body()).as(path).containsAnyOf("Database", "Base de données", "<feed");
            for (String bad : forbidden) {
                assertThat(r.body()).as(path + " must not show " + bad).doesNotContain(bad);
            }
            assertThat(IPV4.matcher(r.body()).find())
                    .as(path + " shows an IP address")
                    .isFalse();
            assertThat(r.headers().firstValue("Server")).as("no server banner").isEmpty();
            assertThat(r.headers().firstValue("X-Powered-By")).isEmpty();
            assertThat(HttpUser.setCookies(r))
                    .as(path + " sets no cookie (language only)")
                    .allMatch(c -> c.startsWith("preau_lang="));
            assertThat(r.headers().firstValue("Cache-Control").orElse(""))
                    .as(path)
                    .contains("public", "max-age=10");
        }
        assertThat(visitor.get("/statut.json", "application/json")
                        .headers()
                        .firstValue("Content-Type")
                        .orElseThrow())
                .startsWith("application/json");
        assertThat(visitor.get("/statut.atom", "*/*")
                        .headers()
                        .firstValue("Content-Type")
                        .orElseThrow())
                .startsWith("application/atom+xml");
    }

    @Test
    void theJsonGivesEachComponentsIdNameStatusOperatorAndHost() throws Exception {
        var r = new HttpUser(port).get("/statut.json", "application/json");
        var doc = tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.body());
        assertThat(doc.get("components")).hasSize(10);
        var ids = new java.util.ArrayList<String>();
        for (var c : doc.get("components")) {
            ids.add(c.get("id").asString());
            assertThat(c.get("name").asString()).isNotBlank();
            assertThat(c.get("status").asString()).isIn("operational", "checking", "unmonitored", "degraded", "down");
            assertThat(c.get("operator").asString()).isNotBlank();
            assertThat(c.get("host").get("provider").asString()).isNotBlank();
            assertThat(c.get("host").get("country").asString()).isEqualTo("FR");
        }
        assertThat(ids)
                .containsExactly(
                        "app",
                        "database",
                        "files",
                        "smtp",
                        "identity",
                        "video",
                        "proxy",
                        "hosting",
                        "network",
                        "maintainer");
        assertThat(doc.get("components").get(3).get("status").asString())
                .as("no SMTP server configured in the demo: not monitored, not a made-up 'operational'")
                .isEqualTo("unmonitored");
    }

    @Test
    void gzipIsServedOnlyToClientsThatAcceptIt() {
        assertThat(StatusAnswers.acceptsGzip("gzip, deflate, br")).isTrue();
        assertThat(StatusAnswers.acceptsGzip("br;q=1.0, gzip;q=0.8")).isTrue();
        assertThat(StatusAnswers.acceptsGzip("*")).isTrue();
        assertThat(StatusAnswers.acceptsGzip(null)).isFalse();
        assertThat(StatusAnswers.acceptsGzip("identity")).isFalse();
        assertThat(StatusAnswers.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(StatusAnswers.acceptsGzip("gzip;q=0, *")).isFalse();
        assertThat(StatusAnswers.acceptsGzip("*;q=0")).isFalse();
    }

    @Test
    void aSecondVisitIsA304AndASessionCookieIsNeverRead() throws Exception {
        var visitor = new HttpUser(port);
        var first = visitor.get("/statut");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        var again = visitor.send("/statut", b -> b.header("If-None-Match", etag).GET());
        assertThat(again.statusCode()).isEqualTo(304);
        // A cookie for a session nobody knows: reading it would cost a query (and fail while the database is down).
        visitor.cookies.put("PREAU_SESSION", "bm9ib2R5LWtub3dzLXRoaXMtc2Vzc2lvbg");
        var withCookie = visitor.get("/statut");
        assertThat(withCookie.statusCode()).isEqualTo(200);
        assertThat(HttpUser.setCookie(withCookie, "PREAU_SESSION"))
                .as("the session filter never looked the session up (it would expire the unknown cookie)")
                .isEmpty();
    }

    @Test
    void everyPageLinksTheStatusPageInItsFooterTheErrorPageToo() throws Exception {
        var visitor = new HttpUser(port);
        for (String path : List.of("/connexion", "/assets/nulle-part.css", "/statut")) {
            var r = visitor.get(path);
            assertThat(r.body()).as(path).contains("<a href=\"/statut\">État du service</a>");
        }
        // A refusal (a pupil at the operator's view): the platform's error page, with the link too.
        var school = TestSchool.create(jdbc);
        context.getBean(org.preau.identity.Accounts.class).setPassword(school.pupil.accountId(), PASSWORD);
        var pupil = new HttpUser(port);
        assertThat(pupil.logIn(school.pupil.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);
        var refused = pupil.get("/admin/statut");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("<a href=\"/statut\">État du service</a>");
    }

    @Test
    void onlyOperatorsOpenTheEditorAndADeclaredIncidentIsPublicInBothLanguagesAndAudited() throws Exception {
        var school = TestSchool.create(jdbc);
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
        for (var someone : List.of(school.pupil, school.head, school.mathsTeacher)) {
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/admin/statut")
                            .with(TestSchool.as(someone)))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                            .isForbidden());
        }
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/admin/statut/incidents")
                        .with(TestSchool.as(school.head))
                        .with(
                                org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                        .param("component", "network")
                        .param("severity", "DOWN")
                        .param("textFr", "x")
                        .param("textEn", "y"))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                        .isForbidden());
        String page = mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/admin/statut")
                                .with(TestSchool.as(operator)))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                        .isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Sondes par composant", "Historique des sondes", "Déclarer un incident");

        // Refused with the field's message, nothing declared.
        int before = runtime.board().view().current().size();
        String refused = mvc.perform(
                        org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                        "/admin/statut/incidents")
                                .with(TestSchool.as(operator))
                                .with(org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                                .param("component", "network")
                                .param("severity", "DOWN")
                                .param("textFr", "Coupure du réseau régional.")
                                .param("textEn", ""))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                        .isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("Écrivez le texte dans les deux langues.", "Coupure du réseau régional.");
        assertThat(runtime.board().view().current()).hasSize(before);

        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post("/admin/statut/incidents")
                        .with(TestSchool.as(operator))
                        .with(
                                org.springframework.security.test.web.servlet.request
                                        .SecurityMockMvcRequestPostProcessors.csrf())
                        .param("component", "network")
                        .param("severity", "DOWN")
                        .param("textFr", "Coupure du réseau régional vers Montpellier.")
                        .param("textEn", "Regional network cut towards Montpellier."))
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.status()
                        .is3xxRedirection());
        RealCsrf.restore(context);
        var declared = runtime.board().view().current().stream()
                .filter(i -> i.componentId().equals("network") && i.kind() == Incident.Kind.MANUAL)
                .findFirst()
                .orElseThrow();
        try {
            String posted = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                    "/admin/statut/mises-a-jour")
                            .with(TestSchool.as(operator))
                            .with(org.springframework.security.test.web.servlet.request
                                    .SecurityMockMvcRequestPostProcessors.csrf())
                            .param("incident", declared.id().toString())
                            .param("updateFr", "Une équipe est sur place.")
                            .param("updateEn", "A team is on site."))
                    .andReturn()
                    .getResponse()
                    .getContentAsString();
            assertThat(runtime.board().incident(declared.id()).orElseThrow().updates())
                    .as(posted)
                    .hasSize(2);
            RealCsrf.restore(context);
            var visitor = new HttpUser(port);
            assertThat(visitor.get("/statut").body())
                    .contains(
                            "Réseau : panne signalée",
                            "Coupure du réseau régional vers Montpellier.",
                            "Réseau régional de démonstration");
            assertThat(visitor.get("/statut?lang=en").body())
                    .contains("Network: outage reported", "Regional network cut towards Montpellier.");
            assertThat(visitor.get("/statut.atom?lang=fr", "*/*").body())
                    .contains("<title>Réseau : panne signalée</title>", "urn:uuid:" + declared.id());
            StatusAwait.until(
                    () -> jdbc.sql("select count(*) from audit_log where action = 'status.incident-declared'"
                                            + " and actor_id = :actor")
                                    .param("actor", operator.accountId())
                                    .query(Integer.class)
                                    .single()
                            == 1,
                    "the declaration in the audit log");
        } finally {
            runtime.board().post(declared.id(), operator.accountId(), "Rétabli.", "Restored.", true);
        }
        assertThat(runtime.board().incident(declared.id()).orElseThrow().open()).isFalse();
    }

    @Test
    void theSameVersionIsServedFromTheSameKeptBytesAndAChangeOfStateMakesNewOnes() throws Exception {
        var visitor = new HttpUser(port);
        var formats = Map.of(
                "/statut", StatusPages.Format.PAGE,
                "/statut.json", StatusPages.Format.JSON,
                "/statut.atom", StatusPages.Format.FEED);
        var before = new java.util.HashMap<String, HttpResponse<String>>();
        for (var f : formats.entrySet()) {
            String path = f.getKey();
            // As a browser asks (it accepts gzip). A probe's verdict may change the board's version between two
            // requests (the shared board is live): then ask again.
            HttpResponse<String> first = null;
            HttpResponse<String> second = null;
            for (int attempt = 0; attempt < 10; attempt++) {
                first = visitor.send(
                        path, b -> b.header("Accept-Encoding", "gzip").GET());
                second = visitor.send(
                        path, b -> b.header("Accept-Encoding", "gzip").GET());
                if (first.headers().firstValue("ETag").equals(second.headers().firstValue("ETag"))) {
                    break;
                }
            }
            assertThat(first.statusCode()).as(path).isEqualTo(200);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertThat(second.headers().firstValue("ETag")).as(path).contains(etag);
            assertThat(second.body())
                    .as(path + ": the same version, the same bytes")
                    .isEqualTo(first.body());
            // The gzip representation, compressed once with the kept bytes: an ETag of its own.
            assertThat(etag).as(path).matches("\"s\\d+-\\d{4}-\\d{2}-\\d{2}-fr-gz\"");
            assertThat(first.headers().firstValue("Cache-Control")).as(path).contains("max-age=10, public");
            assertThat(first.headers().allValues("Vary")).as(path).containsExactly("Accept-Encoding, Cookie");
            assertThat(first.headers().firstValue("Content-Encoding")).as(path).contains("gzip");
            var plain = visitor.send(path, b -> b.GET());
            assertThat(plain.headers().firstValue("Content-Encoding"))
                    .as(path + ": nothing compressed for a client that does not ask")
                    .isEmpty();
            assertThat(plain.headers().firstValue("ETag")).as(path).contains(etag.replace("-gz\"", "\""));
            assertThat(first.headers().firstValue("Content-Type"))
                    .as(path)
                    .contains(
                            switch (f.getValue()) {
                                case PAGE -> "text/html;charset=UTF-8";
                                case JSON -> "application/json";
                                case FEED -> "application/atom+xml;charset=UTF-8";
                            });
            assertThat(first.headers().firstValue("Content-Language"))
                    .as(path)
                    .isEqualTo(f.getValue() == StatusPages.Format.PAGE ? Optional.of("fr") : Optional.empty());
            var again = visitor.send(
                    path,
                    b -> b.header("If-None-Match", etag)
                            .header("Accept-Encoding", "gzip")
                            .GET());
            assertThat(again.statusCode()).as(path).isEqualTo(304);
            assertThat(again.body()).isEmpty();
            assertThat(again.headers().firstValue("Cache-Control"))
                    .as(path + ": a revalidated answer keeps its caching headers")
                    .contains("max-age=10, public");
            assertThat(again.headers().allValues("Vary")).as(path).containsExactly("Accept-Encoding, Cookie");
            before.put(path, first);

            // Kept: the same array, not a new rendering, until the board changes.
            var view = runtime.board().view();
            assertThat(pages.bytes(f.getValue(), view, java.util.Locale.FRENCH))
                    .isSameAs(pages.bytes(f.getValue(), view, java.util.Locale.FRENCH))
                    .isNotSameAs(pages.bytes(f.getValue(), view, java.util.Locale.ENGLISH));
            assertThat(pages.gzip(f.getValue(), view, java.util.Locale.FRENCH))
                    .isSameAs(pages.gzip(f.getValue(), view, java.util.Locale.FRENCH));
            try (var unzipped = new java.util.zip.GZIPInputStream(
                    new java.io.ByteArrayInputStream(pages.gzip(f.getValue(), view, java.util.Locale.FRENCH)))) {
                assertThat(unzipped.readAllBytes())
                        .as(path + ": the compressed bytes are the page")
                        .isEqualTo(pages.bytes(f.getValue(), view, java.util.Locale.FRENCH));
            }
        }

        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
        var declared = runtime.board()
                .declare(
                        "maintainer",
                        Incident.Severity.DEGRADED,
                        operator.accountId(),
                        "Mise à jour de Préau en cours.",
                        "Préau is being updated.");
        try {
            for (var path : formats.keySet()) {
                var after = visitor.send(
                        path, b -> b.header("Accept-Encoding", "gzip").GET());
                assertThat(after.headers().firstValue("ETag"))
                        .as(path)
                        .isNotEqualTo(before.get(path).headers().firstValue("ETag"));
                assertThat(after.body()).as(path).isNotEqualTo(before.get(path).body());
                assertThat(visitor.send(path, b -> b.GET()).body())
                        .as(path)
                        .contains(
                                path.equals("/statut")
                                        ? "Mise à jour de Préau en cours."
                                        : declared.id().toString());
            }
        } finally {
            runtime.board().post(declared.id(), operator.accountId(), "Terminé.", "Done.", true);
        }
    }
}
