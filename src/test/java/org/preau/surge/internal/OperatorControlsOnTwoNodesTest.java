package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.PreauApplication;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.preau.support.SharedPostgres;
import org.preau.support.TestSchool;
import org.preau.surge.SurgeSettings;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.web.servlet.setup.SecurityMockMvcConfigurers;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Préau nodes (two application contexts, each a web server on a random port) sharing one database, as in
 * production: an operator opens the waiting room through node A's API, and node B applies it within about a
 * second (settings row + ClusterBus signal), turning an anonymous visitor away to the waiting room.
 */
class OperatorControlsOnTwoNodesTest {

    @Test
    void aSettingChangedOnOneNodeTakesEffectOnTheOther() throws Exception {
        String url = SharedPostgres.newDatabase();
        try (var a = node(url);
                var b = node(url)) {
            var jdbc = a.getBean(JdbcClient.class);
            var admin = admin(jdbc);
            var otherSchool = TestSchool.create(jdbc);
            var storeB = b.getBean(SettingsStore.class);
            assertThat(storeB.current()).isEqualTo(SurgeSettings.defaults());
            int portB = ((WebServerApplicationContext) b).getWebServer().getPort();
            assertThat(get(portB, "/connexion").statusCode()).isNotEqualTo(303);

            var wanted = SurgeFilterTest.with(
                    SurgeSettings.defaults(), 30, SurgeSettings.RoomMode.OPEN, SurgeSettings.PowMode.OFF, false, 0.5);
            var mvcA = MockMvcBuilders.webAppContextSetup((WebApplicationContext) a)
                    .apply(SecurityMockMvcConfigurers.springSecurity())
                    .build();
            String body = a.getBean(JsonMapper.class).writeValueAsString(wanted);

            // A head of school may not; the operator's admin may.
            assertThat(mvcA.perform(put("/api/v1/surge/settings")
                                    .with(TestSchool.as(otherSchool.head))
                                    .with(csrf())
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(403);
            assertThat(mvcA.perform(put("/api/v1/surge/settings")
                                    .with(TestSchool.as(admin))
                                    .with(csrf())
                                    .contentType(MediaType.APPLICATION_JSON)
                                    .content(body))
                            .andReturn()
                            .getResponse()
                            .getStatus())
                    .isEqualTo(200);

            long deadline = System.nanoTime() + 30_000_000_000L;
            while (!storeB.current().equals(wanted) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(storeB.current()).isEqualTo(wanted);

            var turnedAway = get(portB, "/connexion");
            assertThat(turnedAway.statusCode()).isEqualTo(303);
            assertThat(turnedAway.headers().firstValue("Location"))
                    .hasValueSatisfying(l -> assertThat(l).contains("/salle-attente"));
            assertThat(turnedAway.headers().allValues("Set-Cookie"))
                    .anySatisfy(c -> assertThat(c).startsWith(SurgeResponses.TICKET_COOKIE + "="));

            // A ticket issued by node B is accepted by node A: one key for the whole cluster.
            String cookie = turnedAway.headers().allValues("Set-Cookie").stream()
                    .filter(c -> c.startsWith(SurgeResponses.TICKET_COOKIE + "="))
                    .findFirst()
                    .orElseThrow()
                    .split(";")[0]
                    .substring(SurgeResponses.TICKET_COOKIE.length() + 1);
            assertThat(a.getBean(WaitingRoom.class).decode(cookie)).isPresent();
        }
    }

    private static ConfigurableApplicationContext node(String url) {
        return new SpringApplicationBuilder(PreauApplication.class)
                .properties(
                        "preau.db.url=" + url,
                        "preau.db.user=postgres",
                        "preau.db.password=",
                        "preau.demo=true",
                        "preau.data-dir=target/test-data",
                        "server.port=0",
                        "server.address=127.0.0.1",
                        "spring.datasource.hikari.maximum-pool-size=5")
                .run();
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        var client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static CurrentUser admin(JdbcClient jdbc) {
        UUID id = Ids.newId();
        String login = "admin." + id;
        jdbc.sql("""
                        insert into account (id, login, display_name, given_name, family_name, profile, status, external_id)
                        values (?, ?, 'Opérateur', 'Op', 'Érateur', 'ADMIN', 'ACTIVE', ?)""").params(id, login, "test-" + login).update();
        return new CurrentUser(id, login, "Opérateur", Profile.ADMIN);
    }
}
