package org.preau.surge.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.LoginProof;
import org.preau.platform.SignedInUser;
import org.preau.platform.web.ClientAddressResolver;
import org.preau.platform.web.ConnectionPriority;
import org.preau.platform.web.ProblemResponses;
import org.preau.platform.web.SessionPeek;
import org.preau.platform.web.UiFactory;
import org.preau.surge.DegradedMode;
import org.preau.surge.Lane;
import org.preau.surge.SurgeSettings;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The edge of every request, placed after Spring Session and before Spring Security (docs/adr/0010): rate limits,
 * degraded mode, the lane and its concurrency limit, the waiting room for log-in and anonymous overflow, and
 * proof-of-work on log-in attempts. Static assets and health checks pass untouched; the waiting room page only
 * counts against the per-address limit.
 */
final class SurgeFilter extends OncePerRequestFilter {

    private static final String PROMOTED = SurgeFilter.class.getName() + ".promoted";

    private final List<String> bypass;
    private final List<String> light;
    private final List<String> gatedSockets;
    private final LaneClassifier classifier;
    private final Lanes lanes;
    private final RateLimits limits;
    private final Suspects suspects;
    private final WaitingRoom room;
    private final ProofOfWork pow;
    private final DatabaseWatch database;
    private final SettingsStore settings;
    private final ClientAddressResolver addresses;
    private final SurgeResponses responses;
    private final SessionPeek sessions;
    private final Tarpit tarpit;
    private final ConnectionPriority priority;

    SurgeFilter(
            SurgeProperties properties,
            List<String> passwordEndpoints,
            Lanes lanes,
            RateLimits limits,
            Suspects suspects,
            WaitingRoom room,
            ProofOfWork pow,
            DatabaseWatch database,
            SettingsStore settings,
            ClientAddressResolver addresses,
            SurgeResponses responses,
            SessionPeek sessions,
            Tarpit tarpit,
            ConnectionPriority priority) {
        this.bypass = List.copyOf(properties.bypassPaths());
        this.light = List.copyOf(properties.lightPaths());
        this.gatedSockets = List.copyOf(properties.gatedSocketPaths());
        this.classifier = new LaneClassifier(passwordEndpoints);
        this.lanes = lanes;
        this.limits = limits;
        this.suspects = suspects;
        this.room = room;
        this.pow = pow;
        this.database = database;
        this.settings = settings;
        this.addresses = addresses;
        this.responses = responses;
        this.sessions = sessions;
        this.tarpit = tarpit;
        this.priority = priority;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return startsWithAny(request.getRequestURI(), bypass);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // A connection stays ahead of the shared queue only while its requests are admitted to a signed-in lane
        // (docs/adr/0081): anything else on it (a refusal, a log-in, an anonymous page) puts it back in line.
        try {
            filter(request, response, chain);
        } finally {
            if (request.getAttribute(PROMOTED) == null) {
                priority.demote();
            }
        }
    }

    private void filter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String address = addresses.resolve(request);
        // Who it is, from this node's memory: a flood is answered before anything reads a session. Only a session
        // cookie this node has never seen costs a query, and the address pays for it first.
        boolean addressCounted = false;
        Optional<SignedInUser> user;
        var current = LaneClassifier.fromSecurityContext();
        var peeked = current.isPresent()
                ? new SessionPeek.Result(SessionPeek.Kind.KNOWN, current)
                : sessions == null ? SessionPeek.Result.UNKNOWN : sessions.peek(request);
        switch (peeked.kind()) {
            case KNOWN -> user = peeked.user();
            case NONE -> user = Optional.empty();
            default -> {
                var first = limits.tryConsume(RateLimits.Family.ADDRESS, address);
                addressCounted = true;
                if (!first.allowed()) {
                    suspects.flagAddress(address);
                    lanes.get(Lane.ANONYMOUS).rateLimited.increment();
                    tarpit.hold();
                    responses.tooMany(request, response, first.retryAfterSeconds());
                    return;
                }
                user = LaneClassifier.principal(request);
            }
        }
        user.ifPresent(u -> request.setAttribute(UiFactory.USER_ATTRIBUTE, u));
        UUID account = user.map(SignedInUser::accountId).orElse(null);
        boolean write = isWrite(request);
        boolean login = classifier.isLoginAttempt(request);
        boolean suspect = suspects.isSuspect(address, account);
        Lane lane = classifier.classify(request, user, suspect);
        LaneLimiter limiter = lanes.get(lane);

        // 1. Rate limits: per address for traffic that is not signed in, per account for signed-in traffic.
        var decision = account != null
                ? limits.tryConsume(RateLimits.Family.ACCOUNT, account.toString())
                : addressCounted ? RateLimits.Decision.ALLOWED : limits.tryConsume(RateLimits.Family.ADDRESS, address);
        if (decision.allowed() && login) {
            decision = limits.tryConsume(RateLimits.Family.LOGIN, address);
        }
        if (decision.allowed() && write && account != null) {
            decision = limits.tryConsume(RateLimits.Family.WRITE, account.toString());
        }
        if (!decision.allowed()) {
            if (account != null) {
                suspects.flagAccount(account);
            } else {
                suspects.flagAddress(address);
            }
            limiter.rateLimited.increment();
            tarpit.hold();
            responses.tooMany(request, response, decision.retryAfterSeconds());
            return;
        }

        // 2. Degraded mode: reads go on (the banner says so), writes are refused before anything is half-done.
        if (database.active()) {
            request.setAttribute(DegradedMode.REQUEST_ATTRIBUTE, Boolean.TRUE);
            if (write && !stillAllowed(request, login)) {
                responses.readOnly(request, response);
                return;
            }
        }

        if (startsWithAny(request.getRequestURI(), light)) {
            chain.doFilter(request, response);
            return;
        }

        // A signed-in browser's WebSocket handshake to a gated path goes past the lanes' limits (ADR 0091): the
        // module that serves it lets its handshakes through a few at a time itself (the live classroom's gate, ADR
        // 0088), and one parked there while holding a lane's permit would count its wait as the lane's latency — in
        // a reconnect storm, the adaptive limit shrank and every signed-in page met 503s. Anything else claiming an
        // upgrade (a log-in POST, an anonymous or suspect client, another path) takes the lanes like any request.
        if (gatedHandshake(request, lane, login, gatedSockets)) {
            chain.doFilter(request, response);
            return;
        }

        // A log-in attempt that carries a solved proof-of-work while one is asked: checked once, here (a solution
        // is good for one attempt). A valid one is its holder's way in: it skips the waiting room, which is for
        // visitors who cannot solve one (no JavaScript) and for what a full lane overflows.
        SurgeSettings s = settings.current();
        // The waiting-room ticket, read (its signature checked) once for the proof-of-work and the room below.
        Optional<Ticket> ticket =
                login || lane.usesWaitingRoom() ? room.decode(SurgeResponses.ticketCookie(request)) : Optional.empty();
        boolean proven = false;
        if (login && pow.requiredBits() > 0) {
            String solution = request.getParameter("pow");
            boolean admitted = ticket.map(room::admitted).orElse(false);
            if (solution != null && !solution.isBlank() && !admitted) {
                var verdict = pow.verify(solution);
                if (verdict == PowVerifier.Verdict.VALID) {
                    proven = true;
                    // Identity lets a proven attempt past the throttles that other people's failures can raise.
                    request.setAttribute(LoginProof.PROOF_OF_WORK_ATTRIBUTE, Boolean.TRUE);
                } else if (!verdict.stale()) {
                    responses.powRefused(request, response, verdict);
                    return;
                }
                // A stale answer (used already, or expired) is what a browser sends again when its user resubmits
                // the form after an error page or a long wait: no proof any more, but no attack either. It takes
                // the way in without an answer (step 4: the waiting room), not a dead-end refusal.
            }
        }

        // 3. The waiting room, for lanes that use it.
        boolean admittedTicket = false;
        // (When the operator opened the room for everyone, everyone queues, proven or not.)
        boolean skipRoom = proven && s.waitingRoom() == SurgeSettings.RoomMode.AUTO;
        if (!skipRoom && lane.usesWaitingRoom() && s.waitingRoom() != SurgeSettings.RoomMode.CLOSED) {
            if (ticket.isPresent() && room.admitted(ticket.get())) {
                admittedTicket = true;
            } else if (ticket.isPresent()) {
                // A browser's ticket is numbered on the waiting-room page, which only a visitor who waits comes back
                // to (WaitingRoomController). Replaying the request itself with the ticket is what a bot does: under
                // load its second request (a stuffing bot's POST right after its GET) came more than CLAIM_AFTER
                // after the ticket and took a number it never used, thousands of them, which every real visitor
                // then waited behind. API clients, which have no page, are numbered when they come back.
                Ticket held = ProblemResponses.wantsJson(request) ? room.claim(ticket.get()) : ticket.get();
                if (room.admitted(held)) {
                    admittedTicket = true;
                } else {
                    showRoom(request, response, limiter, held, held == ticket.get() ? null : room.encode(held));
                    return;
                }
            } else if (s.waitingRoom() == SurgeSettings.RoomMode.OPEN || room.turningNewcomersAway()) {
                enterRoom(request, response, limiter);
                return;
            }
        }

        // 4. Proof-of-work on log-in attempts under attack; without JavaScript, the waiting room is the way in (an
        // admitted ticket is as good as a solution).
        if (login && !proven && !admittedTicket && pow.requiredBits() > 0) {
            enterRoom(request, response, limiter);
            return;
        }

        // 5. The lane's adaptive concurrency limit and bounded queue. (Log-ins yielding to waiting signed-in requests
        // was tried and taken out: on the attack morning it starved log-ins for minutes, docs/adr/0075.)
        var permit = limiter.acquire();
        if (permit.isEmpty()) {
            if (lane == Lane.SUSPECT) {
                tarpit.hold();
                responses.tooMany(request, response, 10);
            } else if (lane.usesWaitingRoom()
                    && s.waitingRoom() != SurgeSettings.RoomMode.CLOSED
                    && !admittedTicket
                    && !proven) {
                room.overflowed();
                enterRoom(request, response, limiter);
            } else if (lane.usesWaitingRoom() && s.waitingRoom() != SurgeSettings.RoomMode.CLOSED) {
                // Admitted, but the lane is full right now: back to the room at the front of the line, not an error.
                backToFront(request, response, limiter);
            } else {
                responses.busy(request, response, 3);
            }
            return;
        }
        if ((lane == Lane.SIGNED_IN_PRIORITY || lane == Lane.SIGNED_IN_PARENT)
                && request.getHeader("Upgrade") == null) {
            // Its next requests go ahead of the shared queue (a WebSocket's frames stay on it: the live classroom's
            // writers are virtual threads of their own).
            priority.promote(ConnectionPriority.Ahead.SIGNED_IN);
            request.setAttribute(PROMOTED, Boolean.TRUE);
        }
        boolean completed = false;
        try {
            chain.doFilter(request, response);
            completed = response.getStatus() < 500;
        } finally {
            if (completed) {
                permit.get().success();
            } else {
                permit.get().ignore();
            }
        }
    }

    /**
     * A WebSocket handshake as a signed-in browser makes it (a GET with the handshake's headers, in a signed-in lane:
     * not suspect, not a log-in) to one of {@code paths}: what may skip the lanes for its module's own gate.
     */
    static boolean gatedHandshake(HttpServletRequest request, Lane lane, boolean login, List<String> paths) {
        if (login
                || (lane != Lane.SIGNED_IN_PRIORITY && lane != Lane.SIGNED_IN_PARENT)
                || !"GET".equals(request.getMethod())
                || !ProblemResponses.isUpgrade(request)
                || request.getHeader("Sec-WebSocket-Key") == null) {
            return false;
        }
        String connection = request.getHeader("Connection");
        return connection != null
                && connection.toLowerCase(java.util.Locale.ROOT).contains("upgrade")
                && startsWithAny(request.getRequestURI(), paths);
    }

    private void enterRoom(HttpServletRequest request, HttpServletResponse response, LaneLimiter limiter)
            throws IOException {
        if (room.full()) {
            limiter.toRoom.increment();
            responses.roomFull(request, response);
            return;
        }
        // Not numbered yet: a newcomer's ticket costs no query (see WaitingRoom.provisional).
        Ticket ticket = room.provisional();
        showRoom(request, response, limiter, ticket, room.encode(ticket));
    }

    private void backToFront(HttpServletRequest request, HttpServletResponse response, LaneLimiter limiter)
            throws IOException {
        Ticket ticket;
        try {
            ticket = room.issueAtFront();
        } catch (RuntimeException e) {
            responses.busy(request, response, 3);
            return;
        }
        showRoom(request, response, limiter, ticket, room.encode(ticket));
    }

    private void showRoom(
            HttpServletRequest request,
            HttpServletResponse response,
            LaneLimiter limiter,
            Ticket ticket,
            String newCookie)
            throws IOException {
        limiter.toRoom.increment();
        long position = room.position(ticket);
        responses.toRoom(
                request,
                response,
                newCookie != null ? newCookie : SurgeResponses.ticketCookie(request),
                ticket,
                position,
                room.estimatedWaitSeconds(position));
    }

    /**
     * What read-only mode never refuses: the operator's own controls (or nobody could turn it off again) and the status
     * page's incident editor, and, while
     * the database itself answers (read-only forced for maintenance), signing in and out.
     */
    private boolean stillAllowed(HttpServletRequest request, boolean login) {
        String path = request.getRequestURI();
        if (path.equals("/admin/surge") || path.equals("/api/v1/surge/settings")) {
            // Spring Security, next, lets only the operator through.
            return true;
        }
        if (path.startsWith("/admin/statut/")) {
            // The status page's incident editor: an operator must be able to say what is wrong while the database
            // is down; the status module keeps the update in memory and writes it when the database is back.
            return true;
        }
        return !database.databaseDown() && (login || path.equals("/deconnexion"));
    }

    private static boolean isWrite(HttpServletRequest request) {
        return switch (request.getMethod()) {
            case "POST", "PUT", "PATCH", "DELETE" -> true;
            default -> false;
        };
    }

    private static boolean startsWithAny(String path, List<String> prefixes) {
        for (String p : prefixes) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
