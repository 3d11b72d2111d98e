package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.options.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.preau.support.BrowserTest;
import org.preau.support.PageChecks;
import org.preau.surge.SurgeSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;

/** The surge pages and the proof-of-work worker in a real Chromium. */
class SurgeBrowserTest extends BrowserTest {

    @Autowired
    SurgeConsole console;

    @Autowired
    ProofOfWork pow;

    @Autowired
    WaitingRoom room;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.preau.identity.Accounts accounts;

    @Autowired
    SessionRepository<?> sessions;

    private CurrentUser admin;

    @AfterEach
    void restoreDefaults() throws Exception {
        console.update(admin(), SurgeSettings.defaults());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (room.turningNewcomersAway() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBrowserWorkerSolvesChallengesTheServerAccepts() {
        console.update(admin(), withPow(SurgeSettings.defaults(), 12));
        page.navigate("/actuator/health");
        var result = (Map<String, Object>) page.evaluate("""
                async () => {
                  const challenge = await (await fetch('/api/v1/surge/pow/challenge')).json();
                  const started = performance.now();
                  const counter = await new Promise((resolve, reject) => {
                    const worker = new Worker('/assets/surge/pow-worker.js', { type: 'module' });
                    worker.onmessage = (e) => resolve(e.data.counter);
                    worker.onerror = (e) => reject(e.message);
                    worker.postMessage({ nonce: challenge.nonce, bits: challenge.bits });
                  });
                  return { answer: challenge.token + '.' + counter, bits: challenge.bits,
                           millis: performance.now() - started };
                }
                """);
        System.out.printf(
                "pow-worker: %s bits solved in %.0f ms%n",
                result.get("bits"), ((Number) result.get("millis")).doubleValue());
        assertThat(((Number) result.get("bits")).intValue()).isEqualTo(12);
        assertThat(pow.verify((String) result.get("answer"))).isEqualTo(PowVerifier.Verdict.VALID);
    }

    @Test
    void aPupilSignsInThroughTheRealFormWhileProofOfWorkIsRequired() {
        var school = org.preau.support.TestSchool.create(jdbc);
        accounts.setPassword(school.pupil.accountId(), "un mot de passe assez long");
        console.update(admin(), withPow(SurgeSettings.defaults(), 12));
        page.navigate("/connexion");
        page.locator("input[name=username]").fill(school.pupil.login());
        page.locator("input[name=password]").fill("un mot de passe assez long");
        page.locator("form:has(input[name=password]) button[type=submit]").click();
        page.waitForURL(baseUrl() + "/");
        assertThat(page.locator("form[action='/deconnexion']").count()).isEqualTo(1);
    }

    @Test
    void theWaitingRoomPageIsAccessibleAndShowsThePlaceInLine() {
        var settings = SurgeFilterTest.with(
                SurgeSettings.defaults(), 1000, SurgeSettings.RoomMode.OPEN, SurgeSettings.PowMode.OFF, false, 0.01);
        console.update(admin(), settings);
        // On a phone, checked like every page the walker reaches (EveryPageBrowserTest cannot open the room: every
        // other test shares this server).
        page.setViewportSize(390, 844);
        PageChecks.install(context);
        var watch = PageChecks.watch(page);
        page.navigate("/connexion");
        assertThat(page.url()).contains("/salle-attente");
        assertThat(page.locator("h1").textContent()).isEqualTo("Salle d’attente");
        assertThat(page.locator("#position").textContent()).matches("\\d+");
        assertThat(page.locator("meta[http-equiv=refresh]").getAttribute("content"))
                .matches("\\d+;url=/salle-attente\\?retour=%2Fconnexion");
        // Whoever needs more time turns the automatic refresh off (WCAG 2.2.1); axe-core flags any timed refresh,
        // so the page is checked in that state, which differs only by the missing meta element.
        page.locator("a[href$='&pause']").click();
        page.waitForURL("**&pause");
        assertThat(page.locator("meta[http-equiv=refresh]").count()).isZero();
        assertThat(page.locator("#position").textContent()).matches("\\d+");
        assertAccessible(page);
        var prefixes = PageChecks.messageKeyPrefixes();
        assertThat(PageChecks.defects(watch, "waiting room [fr]", prefixes, "fr"))
                .isEmpty();
        watch.reset();
        page.navigate(page.url() + "&lang=en");
        assertThat(page.locator("#position").textContent()).matches("\\d+");
        assertThat(PageChecks.defects(watch, "waiting room [en]", prefixes, "en"))
                .isEmpty();
    }

    @Test
    void theConsoleIsAccessible() {
        context.addCookies(List.of(new Cookie("PREAU_SESSION", sessionOf(admin())).setUrl(baseUrl())));
        page.navigate("/admin/surge");
        assertThat(page.locator("h1").textContent()).isEqualTo("Affluence et défenses");
        assertThat(page.locator("svg polyline").count()).isGreaterThan(0);
        assertAccessible(page);
        page.locator("a[href='/admin/surge?auto']").click();
        assertThat(page.locator("meta[http-equiv=refresh]").getAttribute("content"))
                .startsWith("5;");
    }

    private String sessionOf(CurrentUser user) {
        @SuppressWarnings({"unchecked", "rawtypes"})
        var repository = (SessionRepository) sessions;
        Session session = (Session) repository.createSession();
        session.setAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(new UsernamePasswordAuthenticationToken(
                        user,
                        null,
                        List.of(new SimpleGrantedAuthority(
                                "ROLE_" + user.profile().name())))));
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user.login());
        repository.save(session);
        return Base64.getEncoder().encodeToString(session.getId().getBytes(StandardCharsets.UTF_8));
    }

    private static SurgeSettings withPow(SurgeSettings d, int bits) {
        return new SurgeSettings(
                d.waitingRoom(),
                d.admissionPerSecond(),
                d.requestsPerVisitor(),
                d.roomCapacity(),
                d.laneMaxConcurrency(),
                d.laneQueue(),
                d.laneMaxWaitMillis(),
                SurgeSettings.PowMode.ON,
                bits,
                Math.max(bits, d.powMaxBits()),
                d.powFailedLoginsPerSecond(),
                d.powLoginQueue(),
                d.addressPerSecond(),
                d.accountPerSecond(),
                d.loginPerMinute(),
                d.writesPerMinute(),
                d.suspectMinutes(),
                false);
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
}
