package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
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
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The surge module and identity's log-in together, through the whole filter chain (issue 7 §7): identity's typed log-in events feed
 * AUTO proof-of-work, and a request whose proof-of-work the surge filter accepted gets past identity's throttle of
 * an account under attack. Puts the defaults back and waits until proof-of-work is no longer asked, so that other
 * test classes sharing the context see an idle surge module.
 */
@PreauIntegrationTest
class LogInDefencesTest {

    static final String PASSWORD = "une phrase de passe assez longue";
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    @Autowired
    MockMvc mvc;

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
        // The room is not what this tests: visitors another test of the shared context left waiting would send
        // these attempts to it (a 303) instead of to the hash, so it stays closed here.
        var d = SurgeSettings.defaults();
        console.update(
                admin(),
                SurgeFilterTest.with(
                        d,
                        d.addressPerSecond(),
                        SurgeSettings.RoomMode.CLOSED,
                        SurgeSettings.PowMode.AUTO,
                        false,
                        d.admissionPerSecond()));
        long failedBefore = stats.failedTotal.sum();

        // Leaked login/password pairs tried from a few addresses, each pair once, as fast as they are answered.
        var unexpected = new ArrayList<String>();
        var attackers = List.of(
                new Client(freshAddress()),
                new Client(freshAddress()),
                new Client(freshAddress()),
                new Client(freshAddress()));
        for (int i = 0; i < 400 && pow.requiredBits() == 0; i++) {
            var response = attackers
                    .get(i % attackers.size())
                    .logIn("leaked." + UUID.randomUUID(), "leaked-password-" + i, Optional.empty());
            // The failure rate counts whole seconds only, so it can step over the threshold between the loop's
            // check and the surge filter's: this attempt then met AUTO proof-of-work, which is what is awaited.
            if (response.getStatus() == 303
                    && String.valueOf(response.getHeader("Location")).startsWith(SurgeResponses.ROOM_PATH)
                    && pow.requiredBits() > 0) {
                break;
            }
            // Every one a real attempt, refused as a wrong login or password after one hash.
            if (response.getStatus() != 401) {
                unexpected.add(response.getStatus() + " " + title(response.getContentAsString()));
            }
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
            var attacker = new Client(freshAddress());
            for (int i = 0; i < 3; i++) {
                var response = attacker.logIn(login, "guess " + i, Optional.empty());
                // Refused: a wrong password, the account's throttle, or, once AUTO proof-of-work asks for a
                // solution, the waiting room for a request without one.
                assertThat(response.getStatus())
                        .as(title(response.getContentAsString()))
                        .isIn(401, 429, 303);
            }
        }
        var newBrowser = new Client(freshAddress());
        assertThat(newBrowser.logIn(login, PASSWORD, Optional.empty()).getStatus())
                .as("a browser that never signed in to the account is refused while it is under attack")
                .isIn(429, 303);

        console.update(
                admin(),
                SurgeFilterTest.with(
                        SurgeSettings.defaults(), 1000, SurgeSettings.RoomMode.AUTO, SurgeSettings.PowMode.ON, false));
        var challenge = pow.challenge().orElseThrow();
        var solved =
                newBrowser.logIn(login, PASSWORD, Optional.of(challenge.token() + "." + PowVerifier.solve(challenge)));

        assertThat(solved.getStatus()).isEqualTo(302);
        assertThat(solved.getRedirectedUrl()).isEqualTo("/");
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

    /** The page's title, to tell which refusal answered. */
    static String title(String html) {
        var m = java.util.regex.Pattern.compile("<title>(.*?)</title>", java.util.regex.Pattern.DOTALL)
                .matcher(html);
        return m.find() ? m.group(1).trim() : html.substring(0, Math.min(200, html.length()));
    }

    static String freshAddress() {
        var r = ThreadLocalRandom.current();
        return "127." + r.nextInt(10, 250) + "." + r.nextInt(1, 250) + "." + r.nextInt(1, 250);
    }

    /**
     * Posts the log-in form through the whole filter chain (surge filter, Spring Security, identity's controller)
     * from one client address. MockMvc rather than a socket: this context is shared with MockMvc tests whose
     * {@code csrf()} replaces the CSRF repository, after which a socket client's own token is not honoured.
     */
    final class Client {

        private final String address;

        Client(String address) {
            this.address = address;
        }

        MockHttpServletResponse logIn(String login, String password, Optional<String> proof) throws Exception {
            var request = post("/connexion")
                    .param("username", login)
                    .param("password", password)
                    .accept(MediaType.TEXT_HTML)
                    .header("User-Agent", USER_AGENT)
                    .with(csrf())
                    .with(r -> {
                        r.setRemoteAddr(address);
                        return r;
                    });
            proof.ifPresent(p -> request.param("pow", p));
            return mvc.perform(request).andReturn().getResponse();
        }
    }
}
