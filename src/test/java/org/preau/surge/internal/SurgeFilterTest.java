package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.preau.surge.Lane;
import org.preau.surge.SurgeSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * The surge filter in the whole application: rate limits, the waiting room, proof-of-work on log-in and
 * read-only mode, as a browser and an API client meet them. Each test changes the shared settings through the
 * operator console and puts the defaults back afterwards, waiting for the room to empty, so that other test
 * classes sharing this context see an idle, default surge module.
 */
@PreauIntegrationTest
class SurgeFilterTest {

    private static final AtomicInteger ADDRESS = new AtomicInteger(20);

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SurgeConsole console;

    @Autowired
    WaitingRoom room;

    @Autowired
    ProofOfWork pow;

    @Autowired
    SessionRepository<?> sessions;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    /** A fresh loopback address per test, so that per-address buckets never leak between tests. */
    private final String address = "127.0.1." + ADDRESS.incrementAndGet();

    private CurrentUser admin;

    @AfterEach
    void restoreDefaults() throws Exception {
        console.update(admin(), SurgeSettings.defaults());
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (room.turningNewcomersAway() && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(room.turningNewcomersAway())
                .as("the waiting room empties once the defaults are back")
                .isFalse();
    }

    @Test
    void staticAssetsAndHealthBypassEveryDefence() throws Exception {
        change(s -> with(s, 1, SurgeSettings.RoomMode.OPEN, SurgeSettings.PowMode.OFF, false));
        for (int i = 0; i < 10; i++) {
            assertThat(perform(get("/assets/platform/preau.css")).getStatus()).isEqualTo(200);
        }
        assertThat(perform(get("/actuator/health")).getStatus()).isEqualTo(200);
    }

    @Test
    void anAddressOverItsLimitGetsA429PageInItsLanguageAndJsonForTheApi() throws Exception {
        change(s -> with(s, 1, SurgeSettings.RoomMode.CLOSED, SurgeSettings.PowMode.OFF, false));
        // One per second with a burst of four: the fifth request in a row is refused.
        for (int i = 0; i < 4; i++) {
            assertThat(perform(get("/connexion")).getStatus()).isNotEqualTo(429);
        }
        // The bucket refills one a second: on a slow machine the four above can take that long, so the next few
        // requests (not one) must meet the refusal.
        double heldBefore = tarpitHeld();
        var page = perform(get("/connexion").header("Accept", "text/html"));
        for (int i = 0; i < 4 && page.getStatus() != 429; i++) {
            heldBefore = tarpitHeld();
            page = perform(get("/connexion").header("Accept", "text/html"));
        }
        assertThat(page.getStatus()).isEqualTo(429);
        // Held a moment before its answer, so that a client looping as fast as it is answered slows down (ADR 0080).
        assertThat(tarpitHeld()).isEqualTo(heldBefore + 1);
        assertThat(page.getHeader("Retry-After")).isNotBlank();
        assertThat(page.getContentAsString()).contains("Trop de demandes");

        // (The hold lets the bucket refill by a request or so: the next refusal comes within a few.)
        var english = untilRefused(() -> get("/connexion").cookie(new Cookie("preau_lang", "en")));
        assertThat(english.getStatus()).isEqualTo(429);
        assertThat(english.getContentAsString()).contains("Too many requests");

        var api = untilRefused(() -> get("/api/v1/surge/settings"));
        assertThat(api.getStatus()).isEqualTo(429);
        assertThat(api.getContentType()).contains("application/problem+json");
        assertThat(api.getContentAsString()).contains("\"retryAfterSeconds\"");
        assertThat(api.getHeader("Retry-After")).isNotBlank();
    }

    /**
     * ADR 0091: only a signed-in browser's handshake to a gated path skips the lanes ({@link GatedHandshakeTest}); an
     * anonymous one meets the waiting room like any anonymous request, and a refused handshake — here by the
     * address's rate limit, which applies to every handshake — is a status with Retry-After and no body.
     */
    @Test
    void anAnonymousHandshakeTakesTheLanesAndIsRefusedWithoutABody() throws Exception {
        change(s -> with(s, 1, SurgeSettings.RoomMode.OPEN, SurgeSettings.PowMode.OFF, false, 0.5));
        java.util.function.Supplier<MockHttpServletRequestBuilder> handshake =
                () -> get("/classe/" + UUID.randomUUID() + "/direct")
                        .header("Upgrade", "websocket")
                        .header("Connection", "Upgrade")
                        .header("Sec-WebSocket-Version", "13")
                        .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==");
        var first = perform(handshake.get());
        assertThat(first.getStatus()).isEqualTo(303);
        assertThat(first.getHeader("Location")).startsWith("/salle-attente");

        var refused = untilRefused(handshake);
        assertThat(refused.getStatus()).isEqualTo(429);
        assertThat(refused.getHeader("Retry-After")).isNotBlank();
        assertThat(refused.getContentAsString())
                .as("no page rendered for a socket")
                .isEmpty();
    }

    @Test
    void anOpenWaitingRoomQueuesVisitorsInOrderAndAdmitsThem() throws Exception {
        change(s -> with(s, 1000, SurgeSettings.RoomMode.OPEN, SurgeSettings.PowMode.OFF, false, 0.5));
        var first = perform(get("/connexion"));
        assertThat(first.getStatus()).isEqualTo(303);
        assertThat(first.getHeader("Location")).isEqualTo("/salle-attente?retour=%2Fconnexion");
        Cookie ticket = first.getCookie(SurgeResponses.TICKET_COOKIE);
        assertThat(ticket).isNotNull();
        assertThat(ticket.isHttpOnly()).isTrue();

        var second = perform(get("/connexion"));
        Cookie laterProvisional = second.getCookie(SurgeResponses.TICKET_COOKIE);
        // A newcomer's ticket has no number yet (a one-shot flood never takes a place in line); it is numbered when
        // its holder comes back after a moment, in the order they come back.
        assertThat(room.decode(ticket.getValue()).orElseThrow().sequence()).isZero();
        assertThat(perform(get("/salle-attente?retour=/connexion").cookie(ticket))
                        .getContentAsString())
                .contains("Salle d’attente");
        Thread.sleep(WaitingRoom.CLAIM_AFTER.toMillis() + 1100);
        // Replaying the request itself with the ticket, as a bot does (its POST right after its GET), takes no
        // number: the request is sent back to the room, the ticket stays provisional.
        var replayed = perform(get("/connexion").cookie(ticket));
        assertThat(replayed.getStatus()).isEqualTo(303);
        var kept = replayed.getCookie(SurgeResponses.TICKET_COOKIE);
        assertThat(kept == null ? 0 : room.decode(kept.getValue()).orElseThrow().sequence())
                .isZero();
        // The waiting-room page, which the visitor comes back to, numbers it.
        ticket =
                perform(get("/salle-attente?retour=/connexion").cookie(ticket)).getCookie(SurgeResponses.TICKET_COOKIE);
        Cookie later = perform(get("/salle-attente?retour=/connexion").cookie(laterProvisional))
                .getCookie(SurgeResponses.TICKET_COOKIE);
        assertThat(room.decode(ticket.getValue()).orElseThrow().sequence()).isPositive();
        assertThat(room.decode(later.getValue()).orElseThrow().sequence())
                .isGreaterThan(room.decode(ticket.getValue()).orElseThrow().sequence());

        // An API client gets 503 with its position, the estimated wait and Retry-After.
        var json = perform(get("/connexion").header("Accept", "application/json"));
        assertThat(json.getStatus()).isEqualTo(503);
        assertThat(json.getHeader("Retry-After")).isNotBlank();
        assertThat(json.getContentAsString()).contains("\"position\"", "\"estimatedWaitSeconds\"");

        // A pupil who is signed in (a real session, read by the filter before Spring Security) never waits to read.
        var school = TestSchool.create(jdbc);
        assertThat(perform(get("/").cookie(sessionOf(school.pupil))).getStatus())
                .isEqualTo(200);
        assertThat(perform(get("/").cookie(sessionOf(school.parent))).getStatus())
                .isEqualTo(200);

        // The page shows the position and comes back by itself; once admitted, it sends the visitor on.
        var page = perform(get("/salle-attente?retour=/connexion").cookie(later));
        if (page.getStatus() == 200) {
            assertThat(page.getContentAsString()).contains("Salle d’attente", "http-equiv=\"refresh\"");
            assertThat(page.getHeader("Retry-After")).isNotBlank();
        }
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!room.admitted(room.decode(later.getValue()).orElseThrow()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        var admitted = perform(get("/salle-attente?retour=/connexion").cookie(later));
        assertThat(admitted.getStatus()).isEqualTo(302);
        assertThat(admitted.getRedirectedUrl()).isEqualTo("/connexion");
        assertThat(perform(get("/connexion").cookie(later)).getStatus()).isNotIn(303, 503);
    }

    @Test
    void anAdmittedVisitorWhoFindsTheLaneFullGoesBackToTheFrontOfTheLine() throws Exception {
        change(s -> with(s, 1000, SurgeSettings.RoomMode.OPEN, SurgeSettings.PowMode.OFF, false, 0.5));
        // A crowd is waiting (numbered tickets).
        for (int i = 0; i < 5; i++) {
            room.issue();
        }
        long lastInLine = room.issue().sequence();

        Ticket front = room.issueAtFront();

        assertThat(front.sequence()).isLessThan(lastInLine);
        assertThat(room.position(front)).isEqualTo(1);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!room.admitted(front) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(room.admitted(front)).as("admitted at the next admission").isTrue();
    }

    @Test
    void justAfterALaneOverflowedNewcomersGoToTheRoomEvenWithNobodyNumberedInLine() throws Exception {
        assertThat(perform(get("/connexion")).getStatus()).isEqualTo(200);

        room.overflowed();

        var turnedAway = perform(get("/connexion"));
        assertThat(turnedAway.getStatus()).isEqualTo(303);
        assertThat(turnedAway.getHeader("Location")).startsWith("/salle-attente");
        assertThat(room.engaged()).as("a newcomer's ticket takes no number").isFalse();
    }

    @Test
    void theWaitingRoomNeverRedirectsToAnotherSite() {
        assertThat(SurgeResponses.safeReturn("https://evil.example/")).isEqualTo("/");
        assertThat(SurgeResponses.safeReturn("//evil.example/")).isEqualTo("/");
        assertThat(SurgeResponses.safeReturn("/\\evil.example/")).isEqualTo("/");
        assertThat(SurgeResponses.safeReturn("/connexion?x=1")).isEqualTo("/connexion?x=1");
    }

    @Test
    void proofOfWorkIsRequiredOnLogInWhenSwitchedOn() throws Exception {
        change(s -> with(s, 1000, SurgeSettings.RoomMode.AUTO, SurgeSettings.PowMode.ON, false));
        // Without JavaScript (no answer): the waiting room is the way in.
        var noAnswer = perform(
                post("/connexion").param("username", "x").param("password", "y").with(csrf()));
        assertThat(noAnswer.getStatus()).isEqualTo(303);
        assertThat(noAnswer.getHeader("Location")).startsWith("/salle-attente");
        waitForEmptyRoom();

        // A wrong answer is refused before the password is looked at.
        var challenge = pow.challenge().orElseThrow();
        var wrong = perform(post("/connexion")
                .param("username", "x")
                .param("password", "y")
                .param("pow", challenge.token() + ".0")
                .with(csrf()));
        if (PowVerifier.leadingZeroBits(PowVerifier.hash(Hmac.B64D.decode(challenge.nonce()), 0)) < challenge.bits()) {
            assertThat(wrong.getStatus()).isEqualTo(403);
            assertThat(wrong.getContentAsString()).contains("vérification anti-robot");
        }

        // A right answer passes on to the log-in itself, once.
        var fresh = pow.challenge().orElseThrow();
        String answer = fresh.token() + "." + PowVerifier.solve(fresh);
        var right = perform(post("/connexion")
                .param("username", "x")
                .param("password", "y")
                .param("pow", answer)
                .with(csrf()));
        assertThat(right.getStatus()).isNotEqualTo(403);
        // The log-in answers for itself (a wrong password re-renders the form): not the waiting room.
        assertThat(java.util.Objects.toString(right.getHeader("Location"), "")).doesNotStartWith("/salle-attente");
        // The same answer again (a browser resubmitting the form after an error page, or a bot replaying it) is no
        // proof any more, but no error either: the way in without one, the waiting room, not a dead-end 403 (seen
        // in the attack benchmark: journeys that retried a log-in after a 5xx were refused for good).
        var replay = perform(post("/connexion")
                .param("username", "x")
                .param("password", "y")
                .param("pow", answer)
                .with(csrf()));
        assertThat(replay.getStatus()).isEqualTo(303);
        assertThat(replay.getHeader("Location")).startsWith("/salle-attente");
        waitForEmptyRoom();

        // The log-in page's worker gets its challenge without being signed in.
        var api = perform(get("/api/v1/surge/pow/challenge"));
        assertThat(api.getStatus()).isEqualTo(200);
        assertThat(api.getContentAsString()).contains("\"token\"", "\"bits\"");
    }

    /**
     * Seen in the attack benchmark: while people waited (the room turning newcomers away), a log-in with a solved
     * proof-of-work was queued with the attack's attempts anyway. The solution is its holder's way in; the room is
     * for those who cannot solve one.
     */
    @Test
    void aSolvedProofOfWorkIsAWayPastTheRoomWhileNewcomersAreTurnedAway() throws Exception {
        change(s -> with(s, 1000, SurgeSettings.RoomMode.AUTO, SurgeSettings.PowMode.ON, false));
        for (int i = 0; i < 5; i++) {
            room.issue();
        }
        assertThat(room.turningNewcomersAway()).isTrue();
        var withoutAnswer = perform(
                post("/connexion").param("username", "x").param("password", "y").with(csrf()));
        assertThat(withoutAnswer.getStatus()).isEqualTo(303);
        assertThat(withoutAnswer.getHeader("Location")).startsWith("/salle-attente");

        var challenge = pow.challenge().orElseThrow();
        var proven = perform(post("/connexion")
                .param("username", "x")
                .param("password", "y")
                .param("pow", challenge.token() + "." + PowVerifier.solve(challenge))
                .with(csrf()));
        assertThat(java.util.Objects.toString(proven.getHeader("Location"), "")).doesNotStartWith("/salle-attente");
        assertThat(proven.getStatus()).isNotIn(403, 503);
        waitForEmptyRoom();
    }

    @Test
    void noChallengeIsHandedOutWhenProofOfWorkIsOff() throws Exception {
        change(s -> with(s, 1000, SurgeSettings.RoomMode.AUTO, SurgeSettings.PowMode.OFF, false));
        assertThat(perform(get("/api/v1/surge/pow/challenge")).getStatus()).isEqualTo(204);
    }

    @Test
    void readOnlyModeRefusesWritesClearlyAndServesReadsWithABanner() throws Exception {
        change(s -> with(s, 1000, SurgeSettings.RoomMode.AUTO, SurgeSettings.PowMode.OFF, true));
        var school = TestSchool.create(jdbc);
        var write = perform(post("/profil").with(TestSchool.as(school.pupil)).with(csrf()));
        assertThat(write.getStatus()).isEqualTo(503);
        assertThat(write.getContentAsString()).contains("consultation seule", "n’a pas été enregistrée");
        var apiWrite = perform(
                post("/api/v1/anything").with(TestSchool.as(school.pupil)).with(csrf()));
        assertThat(apiWrite.getStatus()).isEqualTo(503);
        assertThat(apiWrite.getContentAsString()).contains("/problems/read-only");
        var read = perform(get("/").with(TestSchool.as(school.pupil)));
        assertThat(read.getStatus()).isEqualTo(200);
        assertThat(read.getContentAsString()).contains("Consultation seule : un incident est en cours");
    }

    @Test
    void readOnlyModeTurnedOnFromTheConsoleCanBeTurnedOffFromTheConsole() throws Exception {
        var on = perform(post("/admin/surge")
                .with(TestSchool.as(admin()))
                .with(csrf())
                .params(consoleForm(SurgeSettings.defaults()))
                .param("readOnly", "on"));
        assertThat(on.getStatus()).isEqualTo(302);
        assertThat(console.settings(admin()).readOnly()).isTrue();

        // Everyone's writes are refused now; signing in and out, and the operator's controls, are not.
        var school = TestSchool.create(jdbc);
        assertThat(perform(post("/profil/mot-de-passe")
                                .with(TestSchool.as(school.pupil))
                                .with(csrf()))
                        .getStatus())
                .isEqualTo(503);
        assertThat(perform(post("/connexion")
                                .param("username", "x")
                                .param("password", "y")
                                .with(csrf()))
                        .getStatus())
                .isEqualTo(401);
        assertThat(perform(post("/deconnexion")
                                .with(TestSchool.as(school.pupil))
                                .with(csrf()))
                        .getStatus())
                .isEqualTo(302);

        var off = perform(post("/admin/surge")
                .with(TestSchool.as(admin()))
                .with(csrf())
                .params(consoleForm(SurgeSettings.defaults())));
        assertThat(off.getStatus()).isEqualTo(302);
        assertThat(console.settings(admin()).readOnly()).isFalse();
    }

    /** The console's form fields for these settings, as the page would post them. */
    private static org.springframework.util.MultiValueMap<String, String> consoleForm(SurgeSettings s) {
        var form = new org.springframework.util.LinkedMultiValueMap<String, String>();
        form.add("waitingRoom", s.waitingRoom().name());
        form.add("proofOfWork", s.proofOfWork().name());
        return form;
    }

    @Test
    void onlyAdminsReachTheConsoleAndItsApi() throws Exception {
        var school = TestSchool.create(jdbc);
        var page = perform(get("/admin/surge").with(TestSchool.as(admin())));
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getContentAsString())
                .contains("Affluence et défenses", "<svg", "<polyline", "Connexions et activations");
        assertThat(perform(get("/admin/surge").with(TestSchool.as(school.head))).getStatus())
                .isEqualTo(403);
        assertThat(perform(get("/api/v1/surge/settings").with(TestSchool.as(school.mathsTeacher)))
                        .getStatus())
                .isEqualTo(403);
        var api = perform(get("/api/v1/surge/status").with(TestSchool.as(admin())));
        assertThat(api.getStatus()).isEqualTo(200);
        assertThat(api.getContentAsString()).contains("\"lanes\"", "\"roomLength\"");
    }

    @Test
    void theConsoleFormRejectsOutOfRangeValuesWithAnErrorSummary() throws Exception {
        var response = perform(post("/admin/surge")
                .with(TestSchool.as(admin()))
                .with(csrf())
                .param("waitingRoom", "AUTO")
                .param("proofOfWork", "AUTO")
                .param("powBaseBits", "99")
                .param("roomCapacity", "many"));
        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(response.getContentAsString())
                .contains("href=\"#powBaseBits\"", "href=\"#roomCapacity\"", "aria-invalid=\"true\"");
        assertThat(console.settings(admin())).isEqualTo(SurgeSettings.defaults());
    }

    @Test
    void theConsoleFormBindsLaneFieldsAndFrenchDecimals() throws Exception {
        var refused = perform(post("/admin/surge")
                .with(TestSchool.as(admin()))
                .with(csrf())
                .param("waitingRoom", "SOMETIMES")
                .param("proofOfWork", "AUTO")
                .param("max.LOGIN", "seize"));
        assertThat(refused.getStatus()).isEqualTo(400);
        var doc = org.jsoup.Jsoup.parse(refused.getContentAsString());
        assertThat(doc.select("[role=alert] a").eachAttr("href")).containsExactly("#waitingRoom", "#max-LOGIN");
        assertThat(doc.select("[role=alert] a").text()).contains("Connexions", "Saisissez un nombre");
        assertThat(console.settings(admin())).isEqualTo(SurgeSettings.defaults());

        try {
            var saved = perform(post("/admin/surge")
                    .with(TestSchool.as(admin()))
                    .with(csrf())
                    .params(consoleForm(SurgeSettings.defaults()))
                    .param("admissionPerSecond", "2,5")
                    .param("max.LOGIN", "12")
                    .param("queue.SUSPECT", "3"));
            assertThat(saved.getStatus()).isEqualTo(302);
            var now = console.settings(admin());
            assertThat(now.admissionPerSecond()).isEqualTo(2.5);
            assertThat(now.maxConcurrency(Lane.LOGIN)).isEqualTo(12);
            assertThat(now.queue(Lane.SUSPECT)).isEqualTo(3);
            assertThat(now.maxConcurrency(Lane.SIGNED_IN_PRIORITY))
                    .isEqualTo(SurgeSettings.defaults().maxConcurrency(Lane.SIGNED_IN_PRIORITY));
        } finally {
            change(s -> SurgeSettings.defaults());
        }
    }

    @Test
    void metricsAreExportedForPrometheus() throws Exception {
        var body = perform(get("/actuator/prometheus")).getContentAsString();
        assertThat(body)
                .contains(
                        "preau_surge_lane_requests_total",
                        "preau_surge_lane_limit",
                        "preau_surge_room_length",
                        "preau_surge_db_latency_seconds",
                        "preau_surge_hashpool_queue");
        assertThat(body).doesNotContain("preau_surge_hashpool_queue NaN");
    }

    /** A real Spring Session in PostgreSQL holding the user's security context, and its cookie. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Cookie sessionOf(CurrentUser user) {
        var repository = (SessionRepository) sessions;
        Session session = (Session) repository.createSession();
        session.setAttribute(
                HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY,
                new SecurityContextImpl(new UsernamePasswordAuthenticationToken(
                        user,
                        null,
                        List.of(new SimpleGrantedAuthority(
                                "ROLE_" + user.profile().name())))));
        // As identity's log-in does: index the session by login (CurrentUser's toString is not a short name).
        session.setAttribute(FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME, user.login());
        repository.save(session);
        return new Cookie(
                "PREAU_SESSION",
                Base64.getEncoder().encodeToString(session.getId().getBytes(StandardCharsets.UTF_8)));
    }

    private MockHttpServletResponse untilRefused(java.util.function.Supplier<MockHttpServletRequestBuilder> request)
            throws Exception {
        MockHttpServletResponse last = null;
        for (int i = 0; i < 4; i++) {
            last = perform(request.get());
            if (last.getStatus() == 429) {
                return last;
            }
        }
        return last;
    }

    private MockHttpServletResponse perform(MockHttpServletRequestBuilder request) throws Exception {
        RequestPostProcessor from = r -> {
            r.setRemoteAddr(address);
            return r;
        };
        return mvc.perform(request.with(from)).andReturn().getResponse();
    }

    private double tarpitHeld() {
        return meters.get("preau.surge.tarpit").tag("outcome", "held").counter().count();
    }

    private void change(UnaryOperator<SurgeSettings> edit) {
        console.update(admin(), edit.apply(SurgeSettings.defaults()));
    }

    private void waitForEmptyRoom() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (room.turningNewcomersAway() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
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

    static SurgeSettings with(
            SurgeSettings d,
            int addressPerSecond,
            SurgeSettings.RoomMode room,
            SurgeSettings.PowMode pow,
            boolean readOnly) {
        return with(d, addressPerSecond, room, pow, readOnly, 1000);
    }

    static SurgeSettings with(
            SurgeSettings d,
            int addressPerSecond,
            SurgeSettings.RoomMode room,
            SurgeSettings.PowMode pow,
            boolean readOnly,
            double admissionPerSecond) {
        return new SurgeSettings(
                room,
                admissionPerSecond,
                d.requestsPerVisitor(),
                d.roomCapacity(),
                d.laneMaxConcurrency(),
                d.laneQueue(),
                d.laneMaxWaitMillis(),
                pow,
                8,
                d.powMaxBits(),
                d.powFailedLoginsPerSecond(),
                d.powLoginQueue(),
                addressPerSecond,
                d.accountPerSecond(),
                d.loginPerMinute(),
                d.writesPerMinute(),
                d.suspectMinutes(),
                readOnly);
    }
}
