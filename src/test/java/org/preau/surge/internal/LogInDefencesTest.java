package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.AccountData;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.preau.support.PreauIntegrationTest;
import org.preau.surge.SurgeSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The surge module and identity's log-in together, over real HTTP (issue 7 §7): identity's typed log-in events feed
 * AUTO proof-of-work, and a request whose proof-of-work the surge filter accepted gets past identity's throttle of
 * an account under attack. Puts the defaults back and waits until proof-of-work is no longer asked, so that other
 * test classes sharing the context see an idle surge module.
 */
@PreauIntegrationTest
class LogInDefencesTest {

    static final String PASSWORD = "une phrase de passe assez longue";

    @LocalServerPort
    int port;

    @Autowired
    ProofOfWork pow;

    @Autowired
    LoginStats stats;

    @Autowired
    SurgeConsole console;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    private CurrentUser admin;

    @AfterEach
    void restoreDefaults() throws Exception {
        console.update(admin(), SurgeSettings.defaults());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (pow.requiredBits() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(pow.requiredBits())
                .as("proof-of-work is off again once the failures leave the rate window")
                .isZero();
    }

    @Test
    void credentialStuffingSwitchesAutoProofOfWorkOn() throws Exception {
        assertThat(settings().proofOfWork()).isEqualTo(SurgeSettings.PowMode.AUTO);
        assertThat(pow.requiredBits()).as("no attack yet").isZero();
        long failedBefore = stats.failedTotal.sum();

        // Leaked login/password pairs tried from a few addresses, each pair once, in parallel.
        var switchedOn = new AtomicBoolean();
        var unexpected = new java.util.concurrent.ConcurrentLinkedQueue<Object>();
        var attackers = new ArrayList<Thread>();
        for (int a = 0; a < 4; a++) {
            var client = new Client(port, freshAddress());
            attackers.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 150 && !switchedOn.get(); i++) {
                    try {
                        int status = client.logIn(
                                        "leaked." + UUID.randomUUID(), "leaked-password-" + i, Optional.empty())
                                .statusCode();
                        // 401 until proof-of-work is asked; then the waiting room (303) for answers without it.
                        if (status != 401 && status != 303) {
                            unexpected.add(status);
                        }
                    } catch (Exception e) {
                        unexpected.add(e);
                    }
                    if (pow.requiredBits() > 0) {
                        switchedOn.set(true);
                    }
                }
            }));
        }
        for (var t : attackers) {
            t.join();
        }
        assertThat(unexpected).isEmpty();

        assertThat(pow.requiredBits()).isGreaterThanOrEqualTo(settings().powBaseBits());
        // Counted from identity's LoginFailed events: at least the threshold's worth of them.
        assertThat(stats.failedTotal.sum() - failedBefore)
                .isGreaterThanOrEqualTo((long) settings().powFailedLoginsPerSecond());
    }

    @Test
    void aSolvedProofOfWorkGetsPastTheThrottleOfAnAccountUnderAttack() throws Exception {
        String login = "pow." + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        UUID id = accounts.upsertByExternalId(List.of(new AccountData(
                        "test-" + login, Optional.of(login), "Camille", "Test", Profile.TEACHER, Optional.empty())))
                .get("test-" + login);
        accounts.setPassword(id, PASSWORD);
        // Wrong passwords from many addresses, a few from each.
        for (int a = 0; a < 6; a++) {
            var attacker = new Client(port, freshAddress());
            for (int i = 0; i < 3; i++) {
                assertThat(attacker.logIn(login, "guess " + i, Optional.empty()).statusCode())
                        .isIn(401, 429);
            }
        }
        var newBrowser = new Client(port, freshAddress());
        assertThat(newBrowser.logIn(login, PASSWORD, Optional.empty()).statusCode())
                .as("a browser that never signed in to the account is refused while it is under attack")
                .isEqualTo(429);

        console.update(
                admin(),
                SurgeFilterTest.with(
                        SurgeSettings.defaults(), 1000, SurgeSettings.RoomMode.AUTO, SurgeSettings.PowMode.ON, false));
        var challenge = pow.challenge().orElseThrow();
        var solved =
                newBrowser.logIn(login, PASSWORD, Optional.of(challenge.token() + "." + PowVerifier.solve(challenge)));

        assertThat(solved.statusCode()).isEqualTo(302);
        assertThat(solved.headers().firstValue("Location").orElseThrow()).endsWith("/");
    }

    private SurgeSettings settings() {
        return console.settings(admin());
    }

    private CurrentUser admin() {
        if (admin == null) {
            UUID id = Ids.newId();
            String login = "admin." + id;
            jdbc.sql("""
                            insert into account (id, login, display_name, given_name, family_name, profile, status, external_id)
                            values (?, ?, 'Opérateur', 'Op', 'Érateur', 'ADMIN', 'ACTIVE', ?)""").params(id, login, "test-" + login).update();
            admin = new CurrentUser(id, login, "Opérateur", Profile.ADMIN);
        }
        return admin;
    }

    static String freshAddress() {
        var r = ThreadLocalRandom.current();
        return "127." + r.nextInt(10, 250) + "." + r.nextInt(1, 250) + "." + r.nextInt(1, 250);
    }

    /** Posts the log-in form as a browser would (double-submit CSRF cookie and field), from one loopback address. */
    static final class Client {

        private final HttpClient http;
        private final String base;

        Client(int port, String localAddress) throws Exception {
            this.http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .localAddress(InetAddress.getByName(localAddress))
                    .build();
            this.base = "http://127.0.0.1:" + port;
        }

        HttpResponse<String> logIn(String login, String password, Optional<String> proof) throws Exception {
            var form = new LinkedHashMap<String, String>();
            form.put("username", login);
            form.put("password", password);
            form.put("_csrf", "test-csrf-token");
            proof.ifPresent(p -> form.put("pow", p));
            String body = form.entrySet().stream()
                    .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                    .collect(Collectors.joining("&"));
            return http.send(
                    HttpRequest.newBuilder(URI.create(base + "/connexion"))
                            .timeout(Duration.ofSeconds(90))
                            .header("Accept", "text/html")
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .header("Cookie", "XSRF-TOKEN=test-csrf-token")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private static String enc(String s) {
            return URLEncoder.encode(s, StandardCharsets.UTF_8);
        }
    }
}
