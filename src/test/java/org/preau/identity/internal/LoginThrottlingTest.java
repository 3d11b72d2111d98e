package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Throttling that an attacker cannot turn against the owner (issue 7 §7): failures count per login and source, a
 * browser that signed in before (its known-device cookie) gets through an account under attack, and one address
 * (a school behind NAT) is not refused for a few dozen failures. Each test sends from its own loopback addresses
 * (the whole 127.0.0.0/8 is this machine), so they do not share counters.
 *
 * <p>Without the surge module: these failures would switch AUTO proof-of-work on (as they should) and send later
 * attempts to the waiting room; identity's throttle is what is tested here, the two together in the surge module's
 * {@code LogInDefencesTest}.
 */
@PreauIntegrationTest
@org.springframework.test.context.TestPropertySource(properties = "preau.surge.enabled=false")
class LoginThrottlingTest {

    static final String PASSWORD = LoginTest.PASSWORD;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    LoginAttempts attempts;

    @Autowired
    IdentityProperties properties;

    @Autowired
    org.preau.platform.ClusterBus bus;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void wrongPasswordsFromAnotherAddressDoNotLockTheOwnerOut() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var attacker = new HttpUser(port, freshAddress());
        for (int i = 0; i < 6; i++) {
            attacker.logIn(account.login(), "wrong " + i, false);
        }
        assertThat(attacker.logIn(account.login(), "wrong again", false).statusCode())
                .as("the attacker's own address is refused")
                .isEqualTo(429);

        var owner = new HttpUser(port, freshAddress());
        var login = owner.logIn(account.login(), PASSWORD, false);

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location").orElseThrow()).endsWith("/");
    }

    @Test
    void onePupilBehindTheSchoolAddressCannotLockOutTheSchool() throws Exception {
        String school = freshAddress();
        var pupil = new HttpUser(port, school);
        for (int i = 0; i < 60; i++) {
            assertThat(pupil.logIn(Accounts4Test.unique("classmate"), "guess " + i, false)
                            .statusCode())
                    .isEqualTo(401);
        }
        var teacher = Accounts4Test.active(accounts, PASSWORD);

        var login = new HttpUser(port, school).logIn(teacher.login(), PASSWORD, false);

        assertThat(login.statusCode()).isEqualTo(302);
    }

    @Test
    void anAccountUnderAttackByWrongPasswordsFromOtherAddressesStillSignsInFromItsKnownDevice() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var home = freshAddress();
        var ownersBrowser = new HttpUser(port, home);
        assertThat(ownersBrowser.logIn(account.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);
        freshPage(ownersBrowser);
        ownersBrowser.post("/deconnexion", java.util.Map.of());
        assertThat(ownersBrowser.cookies).doesNotContainKey("PREAU_SESSION");
        freshPage(ownersBrowser);

        // Wrong passwords from many addresses, a few from each: no single address reaches its own limit.
        for (int a = 0; a < 8; a++) {
            var attacker = new HttpUser(port, freshAddress());
            for (int i = 0; i < 3; i++) {
                assertThat(attacker.logIn(account.login(), "guess " + a + "/" + i, false)
                                .statusCode())
                        .isIn(401, 429);
            }
        }
        // A browser that never signed in to this account, from yet another address, is refused even with the
        // right password: the account is under attack.
        var stranger = new HttpUser(port, freshAddress());
        assertThat(stranger.logIn(account.login(), PASSWORD, false).statusCode())
                .isEqualTo(429);

        var login = ownersBrowser.logIn(account.login(), PASSWORD, false);

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(ownersBrowser.get("/profil").statusCode()).isEqualTo(200);
    }

    @Test
    void theKnownDeviceCookieIsLongLivedHttpOnlyAndWorthNothingForAnotherLogin() throws Exception {
        var mine = Accounts4Test.active(accounts, PASSWORD);
        var target = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port, freshAddress());

        var login = browser.logIn(mine.login(), PASSWORD, false);

        String cookie = HttpUser.setCookie(login, KnownDevices.COOKIE).orElseThrow();
        assertThat(cookie)
                .containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Lax")
                .contains("Max-Age=" + 180L * 24 * 3600)
                .doesNotContain(mine.login());
        // Under attack, the target account does not let this browser through: its token names another login.
        for (int a = 0; a < 4; a++) {
            var attacker = new HttpUser(port, freshAddress());
            for (int i = 0; i < 3; i++) {
                attacker.logIn(target.login(), "guess " + i, false);
            }
        }
        freshPage(browser);
        assertThat(browser.logIn(target.login(), PASSWORD, false).statusCode()).isEqualTo(429);
        // Once its own account is under attack too, a tampered copy of the cookie is refused, the real one is not.
        for (int a = 0; a < 4; a++) {
            var attacker = new HttpUser(port, freshAddress());
            for (int i = 0; i < 3; i++) {
                attacker.logIn(mine.login(), "guess " + i, false);
            }
        }
        String genuine = browser.cookies.get(KnownDevices.COOKIE);
        // A character in the middle: the last one of base64 may only carry padding bits a decoder ignores.
        int middle = genuine.length() / 2;
        char swapped = genuine.charAt(middle) == 'A' ? 'B' : 'A';
        String tampered = genuine.substring(0, middle) + swapped + genuine.substring(middle + 1);
        var forger = new HttpUser(port, freshAddress());
        forger.cookies.put(KnownDevices.COOKIE, tampered);
        assertThat(forger.logIn(mine.login(), PASSWORD, false).statusCode()).isEqualTo(429);
        freshPage(browser);
        assertThat(browser.logIn(mine.login(), PASSWORD, false).statusCode()).isEqualTo(302);
    }

    @Test
    void failuresCountedOnOneNodeRefuseOnAnotherThroughTheClusterBus() throws Exception {
        // A second throttle with its own counters, as on another node, listening on the same PostgreSQL bus.
        var otherNode = new LoginThrottle(properties, bus, jdbc, java.time.Clock.systemUTC());
        String login = Accounts4Test.unique("target");
        String address = freshAddress();
        assertThat(otherNode.refusal(login, address, java.util.Optional.empty(), false))
                .isEmpty();

        for (int i = 0; i < 5; i++) {
            tx.executeWithoutResult(status -> throttle.failed(login, address, java.util.Optional.empty()));
        }

        long deadline = System.nanoTime() + 30_000_000_000L;
        while (otherNode
                        .refusal(login, address, java.util.Optional.empty(), false)
                        .isEmpty()
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(otherNode.refusal(login, address, java.util.Optional.empty(), false))
                .hasValueSatisfying(r -> assertThat(r.byAddress()).isFalse());
        // A node that starts later rebuilds the same counts from login_attempt, the record.
        var login2 = Accounts4Test.unique("recorded");
        for (int i = 0; i < 5; i++) {
            attempts.record(
                    LoginAttempts.Kind.LOGIN,
                    java.util.Optional.empty(),
                    login2,
                    LoginAttempts.Outcome.UNKNOWN_LOGIN,
                    address,
                    java.util.Optional.empty(),
                    java.util.Optional.empty());
        }
        var lateNode = new LoginThrottle(properties, bus, jdbc, java.time.Clock.systemUTC());
        lateNode.reload();
        assertThat(lateNode.refusal(login2, address, java.util.Optional.empty(), false))
                .isPresent();
    }

    /** As a page load would: a CSRF token again (signing in or out replaces it). */
    static void freshPage(HttpUser browser) {
        browser.cookies.put("XSRF-TOKEN", "test-csrf-token");
    }

    /** A loopback address no other test uses. */
    static String freshAddress() {
        var r = ThreadLocalRandom.current();
        return "127." + r.nextInt(10, 250) + "." + r.nextInt(1, 250) + "." + r.nextInt(1, 250);
    }
}
