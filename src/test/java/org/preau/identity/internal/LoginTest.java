package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class LoginTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext applicationContext;

    @org.junit.jupiter.api.BeforeEach
    void realCsrfRepository() {
        org.preau.support.RealCsrf.restore(applicationContext);
    }

    static final String PASSWORD = "une phrase de passe assez longue";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    Argon2HashingPool hashing;

    @Autowired
    LoginService logins;

    @Autowired
    JdbcAccounts jdbcAccounts;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anonymousLoginPageCreatesNoSessionButACsrfCookie() throws Exception {
        var browser = new HttpUser(port);
        browser.cookies.clear();
        var page = browser.get("/connexion");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Connexion", "name=\"username\"", "name=\"remember\"", "Rester connecté");
        assertThat(HttpUser.setCookie(page, "PREAU_SESSION")).isEmpty();
        assertThat(HttpUser.setCookie(page, "XSRF-TOKEN")).isPresent();
        var english = browser.get("/connexion?lang=en");
        assertThat(english.body()).contains("Sign in", "Stay signed in on this device");
    }

    /**
     * Seen in the attack benchmark: a log-in sent again after an error page carried a CSRF token that was no longer
     * the visitor's, and got a 403 that no reload of that form could cure. The form goes back, fresh, with a word of
     * why; the password is not checked and nothing is recorded.
     */
    @Test
    void aLogInFormWithAStaleTokenGoesBackToAFreshFormThatSaysWhy() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port);
        browser.get("/connexion");
        var stale = browser.post(
                "/connexion", Map.of("username", account.login(), "password", PASSWORD, "_csrf", "not-the-token"));
        assertThat(stale.statusCode()).isEqualTo(303);
        assertThat(stale.headers().firstValue("Location").orElseThrow()).isEqualTo("/connexion?expiree");
        assertThat(HttpUser.setCookie(stale, "PREAU_SESSION")).isEmpty();
        var form = browser.get("/connexion?expiree");
        assertThat(form.statusCode()).isEqualTo(200);
        assertThat(form.body()).contains("La page de connexion avait expiré", "name=\"username\"");
        assertThat(browser.get("/connexion?expiree&lang=en").body()).contains("The sign-in page had expired");
        // The fresh form works.
        assertThat(browser.logIn(account.login(), PASSWORD, false).statusCode()).isEqualTo(302);

        // Elsewhere a stale token is still the platform's 403 page, and an API client gets its problem details.
        var api = new HttpUser(port);
        api.get("/connexion");
        var json =
                api.post("/connexion", Map.of("username", "x", "password", "y", "_csrf", "nope"), "application/json");
        assertThat(json.statusCode()).isEqualTo(403);
    }

    @Test
    void passwordLogInOpensASessionAndGoesBackToTheRequestedPage() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port);

        var protectedPage = browser.get("/profil");
        assertThat(protectedPage.statusCode()).isEqualTo(302);
        assertThat(protectedPage.headers().firstValue("Location").orElseThrow()).endsWith("/connexion");
        assertThat(browser.cookies).doesNotContainKey("PREAU_SESSION");

        var login = browser.logIn(account.login(), PASSWORD, false);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/profil");
        String cookie = HttpUser.setCookie(login, "PREAU_SESSION").orElseThrow();
        assertThat(cookie).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        assertThat(cookie).doesNotContainIgnoringCase("Max-Age");

        var profile = browser.get("/profil");
        assertThat(profile.statusCode()).isEqualTo(200);
        assertThat(profile.body()).contains(account.login());
        int sessions = jdbc.sql("select count(*) from spring_session where principal_name = ?")
                .param(account.id().toString())
                .query(Integer.class)
                .single();
        assertThat(sessions).isEqualTo(1);

        var logout = browser.post("/deconnexion", Map.of());
        assertThat(logout.headers().firstValue("Location").orElseThrow()).endsWith("/connexion?deconnexion");
        assertThat(browser.get("/profil").statusCode()).isEqualTo(302);
    }

    @Test
    void sessionIdChangesAtLogIn() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port);
        // A session planted before log-in (fixation) must not become the signed-in one.
        browser.cookies.put("PREAU_SESSION", "planted");
        browser.logIn(account.login(), PASSWORD, false);
        assertThat(browser.cookies.get("PREAU_SESSION")).isNotEqualTo("planted");
    }

    @Test
    void wrongPasswordAndUnknownLoginGiveTheSamePageAfterTheSameWork() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port);

        long before = hashing.hashesComputed();
        var wrongPassword = browser.logIn(account.login(), "not the password", false);
        long afterWrong = hashing.hashesComputed();
        var unknownLogin = browser.logIn(Accounts4Test.unique("nobody"), "not the password", false);
        long afterUnknown = hashing.hashesComputed();

        assertThat(afterWrong - before).isEqualTo(1);
        assertThat(afterUnknown - afterWrong).isEqualTo(1);
        assertThat(wrongPassword.statusCode())
                .isEqualTo(unknownLogin.statusCode())
                .isEqualTo(401);
        assertThat(typedLoginBlanked(wrongPassword.body())).isEqualTo(typedLoginBlanked(unknownLogin.body()));
        assertThat(wrongPassword.body()).contains("Identifiant ou mot de passe incorrect");
        assertThat(HttpUser.setCookie(wrongPassword, "PREAU_SESSION")).isEmpty();

        // An account not yet activated answers the same too.
        var pending = Accounts4Test.pending(accounts, org.preau.identity.Profile.PUPIL);
        var notActivated = browser.logIn(pending.login(), "not the password", false);
        assertThat(typedLoginBlanked(notActivated.body())).isEqualTo(typedLoginBlanked(unknownLogin.body()));
    }

    @Test
    void aLoginIsRefusedForAWhileAfterFiveFailuresWhetherOrNotItExists() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        String unknown = Accounts4Test.unique("ghost");
        var browser = new HttpUser(port);
        var sixth = new ArrayList<java.net.http.HttpResponse<String>>();
        for (String login : new String[] {account.login(), unknown}) {
            for (int i = 0; i < 5; i++) {
                assertThat(browser.logIn(login, "wrong " + i, false).statusCode())
                        .isEqualTo(401);
            }
            long before = hashing.hashesComputed();
            // Even the right password is refused now, without hashing.
            var refused = browser.logIn(login, PASSWORD, false);
            assertThat(hashing.hashesComputed()).isEqualTo(before);
            sixth.add(refused);
        }
        for (var refused : sixth) {
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After").orElseThrow())
                    .matches("[1-3][0-9]");
            assertThat(refused.body()).contains("Trop de tentatives pour cet identifiant. Réessayez dans 30 s.");
        }
        assertThat(typedLoginBlanked(sixth.get(0).body()))
                .isEqualTo(typedLoginBlanked(sixth.get(1).body()));
    }

    @Test
    void anAddressPastAThousandFailuresLetsOnlyKnownDevicesAndProofsOfWorkThrough() {
        String address = "198.51.100." + (1 + new java.util.Random().nextInt(250)) + "-" + System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            throttle.failed(Accounts4Test.unique("spray"), address, Optional.empty());
        }
        var account = Accounts4Test.active(accounts, PASSWORD);

        var result = logins.logIn(account.login(), PASSWORD, new LoginService.Source(address, Optional.empty()));

        assertThat(result).isInstanceOfSatisfying(LoginService.Result.Throttled.class, t -> {
            assertThat(t.refusal().byAddress()).isTrue();
            assertThat(t.refusal().delay().toMinutes()).isBetween(14L, 15L);
        });
        // A browser that signed in before, or a solved proof-of-work, gets through from that address.
        var knownDevice =
                new LoginService.Source(address, Optional.empty(), Optional.of(java.util.UUID.randomUUID()), false);
        assertThat(logins.logIn(account.login(), PASSWORD, knownDevice))
                .isInstanceOf(LoginService.Result.Success.class);
        var proofOfWork = new LoginService.Source(address, Optional.empty(), Optional.empty(), true);
        assertThat(logins.logIn(account.login(), PASSWORD, proofOfWork))
                .isInstanceOf(LoginService.Result.Success.class);
        // Another address is not affected.
        assertThat(logins.logIn(account.login(), PASSWORD, new LoginService.Source(address + "x", Optional.empty())))
                .isInstanceOf(LoginService.Result.Success.class);
    }

    @Test
    void aHashWithTheOldParametersIsUpgradedAfterASuccessfulLogIn() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        // As stored before ADR 0022: Spring Security's encoder at m=19456 KiB, t=2.
        String legacy = new org.springframework.security.crypto.argon2.Argon2PasswordEncoder(16, 32, 1, 19456, 2)
                .encode(PASSWORD);
        jdbc.sql("update account set password_hash = ? where id = ?")
                .params(legacy, account.id())
                .update();

        var login = new HttpUser(port).logIn(account.login(), PASSWORD, false);

        assertThat(login.statusCode()).isEqualTo(302);
        long deadline = System.nanoTime() + 30_000_000_000L;
        String stored = legacy;
        while (stored.equals(legacy) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            stored = hash(account.id());
        }
        assertThat(stored).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
        assertThat(hashing.matches(PASSWORD, Optional.of(stored))).isTrue();
        // And the next log-in uses the new hash.
        assertThat(new HttpUser(port).logIn(account.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);
        assertThat(hash(account.id())).isEqualTo(stored);
    }

    @Test
    void anUpgradeNeverOverwritesAPasswordChangedMeanwhile() {
        var account = Accounts4Test.active(accounts, PASSWORD);
        String verified = hash(account.id());
        accounts.setPassword(account.id(), "un autre mot de passe bien long");
        String changed = hash(account.id());

        assertThat(jdbcAccounts.replaceHash(account.id(), verified, hashing.hash(PASSWORD)))
                .isFalse();
        assertThat(hash(account.id())).isEqualTo(changed);
    }

    @Test
    void everyLogInLeavesItsAuditRow() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port);
        browser.logIn(account.login(), "wrong", false);
        browser.logIn(account.login(), PASSWORD, false);
        var outcomes = jdbc.sql("select outcome from login_attempt where account_id = ? order by at")
                .param(account.id())
                .query(String.class)
                .list();
        assertThat(outcomes).containsExactly("BAD_PASSWORD", "SUCCESS");
    }

    private String hash(java.util.UUID accountId) {
        return jdbc.sql("select password_hash from account where id = ?")
                .param(accountId)
                .query(String.class)
                .single();
    }

    @Test
    void stayingSignedInGivesAThirtyDayCookieAndSession() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port);

        var login = browser.logIn(account.login(), PASSWORD, true);

        String cookie = HttpUser.setCookie(login, "PREAU_SESSION").orElseThrow();
        assertThat(cookie).contains("Max-Age=2592000");
        int maxInactive = jdbc.sql("select max_inactive_interval from spring_session where principal_name = ?")
                .param(account.id().toString())
                .query(Integer.class)
                .single();
        assertThat(maxInactive).isEqualTo(30 * 24 * 3600);
        assertThat(browser.get("/profil").statusCode()).isEqualTo(200);
    }

    @Test
    void apiWithoutSessionAnswers401ProblemJson() throws Exception {
        var browser = new HttpUser(port);
        var response = browser.get("/api/v1/me", "application/json");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/problem+json");
        assertThat(response.body()).contains("\"status\":401").contains("\"instance\":\"/api/v1/me\"");
        assertThat(HttpUser.setCookie(response, "REDIRECT_URI")).isEmpty();
    }

    @Test
    void aFullHashingPoolAnswers503WithRetryAfter() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var release = new CountDownLatch(1);
        try {
            var blockers = new ArrayList<java.util.concurrent.Future<Object>>();
            // Fill every thread and every queue slot with a task that waits for the latch. Other work may hold a
            // thread for a moment (a hash in progress), so keep topping up until every thread runs one of ours:
            // then nothing leaves the queue until the latch opens.
            var started = new java.util.concurrent.atomic.AtomicInteger();
            long deadline = System.nanoTime() + 60_000_000_000L;
            while ((started.get() < hashing.threads() || hashing.queued() < hashing.capacity())
                    && System.nanoTime() < deadline) {
                try {
                    blockers.add(hashing.submit(() -> {
                        started.incrementAndGet();
                        release.await();
                        return null;
                    }));
                } catch (HashingBusyException full) {
                    Thread.sleep(5);
                }
            }
            assertThat(started.get()).isEqualTo(hashing.threads());
            assertThat(hashing.active()).isEqualTo(hashing.threads());
            assertThat(hashing.queued()).isEqualTo(hashing.capacity());
            var browser = new HttpUser(port);

            var page = browser.logIn(account.login(), PASSWORD, false);
            var json = browser.post(
                    "/connexion", Map.of("username", account.login(), "password", PASSWORD), "application/json");

            assertThat(page.statusCode()).isEqualTo(503);
            assertThat(page.headers().firstValue("Retry-After").orElseThrow()).matches("[0-9]+");
            assertThat(page.body()).contains("Le service est très demandé, réessayez dans");
            assertThat(json.statusCode()).isEqualTo(503);
            assertThat(json.headers().firstValue("Retry-After")).isPresent();
            assertThat(json.body()).contains("\"status\":503");
            assertThat(HttpUser.setCookie(page, "PREAU_SESSION")).isEmpty();
        } finally {
            release.countDown();
        }
        long drained = System.nanoTime() + 30_000_000_000L;
        while ((hashing.queued() > 0 || hashing.active() > 0) && System.nanoTime() < drained) {
            Thread.sleep(5);
        }
    }

    /** The page echoes the login that was typed (so nobody types it twice); everything else must be identical. */
    private static String typedLoginBlanked(String body) {
        return body.replaceAll("name=\"username\" value=\"[^\"]*\"", "name=\"username\" value=\"\"");
    }
}
