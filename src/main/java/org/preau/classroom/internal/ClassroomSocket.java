package org.preau.classroom.internal;

import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;
import tools.jackson.databind.JsonNode;

/**
 * The room's WebSocket, {@code /classe/{roomId}/direct?depuis=N}: plain WebSocket with small JSON frames (ADR 0041).
 * The handshake is a signed-in GET like any page (the session cookie, SameSite=Lax) and is refused unless the
 * {@code Origin} is Préau's own (Spring's same-origin check, see {@code ClassroomWebSocketConfig}), so another site
 * cannot open a room in a pupil's name. Who the user is in the room (moderator or participant) is the service's
 * answer at the handshake, held by the connection for its actions (ADR 0072): an action costs no rights query. What
 * may change while connected comes from the room's state, kept current by the event stream (open or closed, muted,
 * pupils allowed to draw); the end of the HTTP session closes the connection ({@link LiveSessionWatch}).
 */
@Component
class ClassroomSocket extends TextWebSocketHandler implements HandshakeInterceptor {

    private static final Logger log = LoggerFactory.getLogger(ClassroomSocket.class);

    /** Attempts at a join or a leave the database refused for now, before giving up (ADR 0087). */
    static final int PRESENCE_ATTEMPTS = 8;

    /** Joins and leaves tried again after the database refused them for now (tests, diagnostics). */
    final java.util.concurrent.atomic.LongAdder presenceRetries = new java.util.concurrent.atomic.LongAdder();

    private final RoomService service;
    private final LiveHub hub;
    private final EventLog events;
    private final MessageSource messages;

    private final QuietTurns turns;

    ClassroomSocket(RoomService service, LiveHub hub, EventLog events, MessageSource messages, QuietTurns turns) {
        this.turns = turns;
        this.service = service;
        this.hub = hub;
        this.events = events;
        this.messages = messages;
        hub.onDrop(this::leave);
    }

    @Override
    public boolean beforeHandshake(
            ServerHttpRequest request,
            ServerHttpResponse response,
            WebSocketHandler wsHandler,
            Map<String, Object> attributes) {
        var user = user(request);
        if (user == null) {
            response.setStatusCode(org.springframework.http.HttpStatus.UNAUTHORIZED);
            return false;
        }
        String[] parts = request.getURI().getPath().split("/");
        UUID roomId;
        try {
            roomId = UUID.fromString(parts[2]);
        } catch (RuntimeException e) {
            response.setStatusCode(org.springframework.http.HttpStatus.NOT_FOUND);
            return false;
        }
        RoomService.Entered entered;
        try {
            entered = service.enter(user, roomId);
        } catch (Problem p) {
            response.setStatusCode(p.status());
            return false;
        }
        // No number: a page opening, which starts from a snapshot of the room (ADR 0059).
        long since = -1;
        String query = request.getURI().getRawQuery();
        if (query != null) {
            for (String kv : query.split("&")) {
                if (kv.startsWith("depuis=")) {
                    try {
                        since = Math.max(0, Long.parseLong(kv.substring(7)));
                    } catch (NumberFormatException e) {
                        since = -1;
                    }
                }
            }
        }
        attributes.put("user", user);
        attributes.put("room", entered.room());
        attributes.put("role", entered.role());
        attributes.put("since", since);
        attributes.put("locale", LocaleContextHolder.getLocale());
        if (request instanceof ServletServerHttpRequest servlet) {
            var session = servlet.getServletRequest().getSession(false);
            if (session != null) {
                attributes.put("httpSession", session.getId());
            }
        }
        return true;
    }

    @Override
    public void afterHandshake(
            ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler wsHandler, Exception exception) {}

    private static CurrentUser user(ServerHttpRequest request) {
        if (request instanceof ServletServerHttpRequest servlet
                && servlet.getServletRequest().getUserPrincipal() instanceof Authentication auth
                && auth.getPrincipal() instanceof CurrentUser user) {
            return user;
        }
        return null;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws InterruptedException {
        // The join, the welcome and the replay: a turn of their own in a quiet moment, after the handshake's (ADR
        // 0094).
        turns.await();
        var a = session.getAttributes();
        var p = new Participant(
                session,
                (CurrentUser) a.get("user"),
                (Room) a.get("room"),
                (Room.Role) a.get("role"),
                (Long) a.get("since"),
                (Locale) a.get("locale"));
        p.httpSession = (String) a.get("httpSession");
        a.put("participant", p);
        var welcome = events.object();
        welcome.put("type", "welcome");
        welcome.put("account", p.user.accountId().toString());
        welcome.put("role", p.role.name());
        welcome.put("connection", p.connection);
        // Events up to here are the replay; the page announces only what comes after.
        welcome.put("last", hub.current(p.room).lastSeq());
        hub.sendControl(p, welcome);
        hub.attach(p);
        join(p, 0);
    }

    /**
     * Writes the connection's join. If the database refuses it for now (its pool busy, a statement timed out), the
     * connection stays and the join is tried again a little later (ADR 0087): closing it would send the client back
     * through a handshake and a replay, the very load that made the database slow.
     */
    private void join(Participant p, int attempt) {
        p.presence.lock();
        try {
            if (p.left.get()) {
                return; // closed before its join was written: there is nothing to write, not even its leave
            }
            service.join(p.user, p.room, p.role, p.connection, hub.node);
        } catch (RuntimeException e) {
            later(p, attempt, e, "join", () -> join(p, attempt + 1));
        } finally {
            p.presence.unlock();
        }
    }

    @Override
    protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        var p = (Participant) session.getAttributes().get("participant");
        if (p == null) {
            return;
        }
        p.lastHeard = System.nanoTime();
        JsonNode action;
        try {
            action = events.json().readTree(message.getPayload());
        } catch (RuntimeException e) {
            error(p, Problem.badRequest("classroom.action.unknown"), null);
            return;
        }
        if ("beat".equals(action.path("action").asString(""))) {
            return;
        }
        try {
            service.act(p.user, RoomService.Entered.ofConnection(p.room, p.role), action);
        } catch (Problem problem) {
            error(p, problem, action.path("ref").asString(null));
        } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionException e) {
            // The database refused for now (its pool busy, a statement timed out): this action is not recorded, and
            // the user is told so; the connection stays (closing it would bring back a handshake and a replay, the
            // load that made the database slow: ADR 0087).
            log.debug("A live action in room {} was refused by the database: {}", p.room.id(), e.toString());
            error(
                    p,
                    new Problem(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "classroom.action.busy"),
                    action.path("ref").asString(null));
        }
    }

    private void error(Participant p, Problem problem, String ref) {
        var frame = events.object();
        frame.put("type", "error");
        String text = messages.getMessage(
                problem.message().key(),
                problem.message().argArray(),
                problem.message().key(),
                p.locale);
        if (problem.hasFields()) {
            var first = problem.fields().values().iterator().next();
            text = messages.getMessage(first.key(), first.argArray(), first.key(), p.locale);
        }
        frame.put("message", text);
        if (ref != null) {
            frame.put("ref", ref);
        }
        hub.sendControl(p, frame);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus status) {
        var p = (Participant) session.getAttributes().get("participant");
        if (p != null) {
            hub.detach(p);
            leave(p);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) {
        log.debug("Classroom socket error: {}", exception.toString());
    }

    private void leave(Participant p) {
        if (p.left.compareAndSet(false, true)) {
            // Written a few at a time, on a virtual thread that waits parked for its turn (ADR 0088): when a tenth
            // of a school's connections drop at once, their leaves (each a transaction and a fan-out to the room)
            // would otherwise all queue ahead of the frames of everyone still connected.
            Thread.ofVirtual().name("classroom-leave").start(() -> {
                try {
                    leaveTurns.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                try {
                    // With a turn, a quiet moment (ADR 0094; held while waiting, as the handshakes' turns are).
                    turns.await();
                    writeLeave(p, 0);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    leaveTurns.release();
                }
            });
        }
    }

    /** Leaves written at once on this node (ADR 0088). */
    private final java.util.concurrent.Semaphore leaveTurns = new java.util.concurrent.Semaphore(2, true);

    /** Writes the leave (after the join, if that is being written); tried again like a join if refused for now. */
    private void writeLeave(Participant p, int attempt) {
        p.presence.lock();
        try {
            service.leave(p.connection);
        } catch (RuntimeException e) {
            later(p, attempt, e, "leave", () -> writeLeave(p, attempt + 1));
        } finally {
            p.presence.unlock();
        }
    }

    /**
     * Tries a presence write again after 0.25, 0.5, 1, 2, 4, 8 and 16 s (about 30 s in all, the time a crashed
     * node's connections take to be cleared, ADR 0058), on a virtual thread; then gives up and says so.
     */
    private void later(Participant p, int attempt, RuntimeException e, String what, Runnable again) {
        if (e instanceof Problem || attempt + 1 >= PRESENCE_ATTEMPTS) {
            log.warn(
                    "Could not record a {} in room {} ({} attempts): {}", what, p.room.id(), attempt + 1, e.toString());
            return;
        }
        long delay = 250L << attempt;
        presenceRetries.increment();
        log.debug("A {} in room {} is tried again in {} ms: {}", what, p.room.id(), delay, e.toString());
        Thread.ofVirtual().name("classroom-presence-retry").start(() -> {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
            again.run();
        });
    }
}
