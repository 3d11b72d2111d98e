package org.preau.classroom.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketHttpHeaders;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client of a room (Tomcat's JSR-356 client through Spring's {@link StandardWebSocketClient}), as a
 * browser connects: the session cookie of a signed-in person, the page's origin, {@code ?depuis=} the last number it
 * saw. It records every event it receives, in order, to check no loss and no duplicate by their sequence numbers.
 */
final class RoomClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every event received over every connection of this client, in order of arrival. */
    final List<JsonNode> events = java.util.Collections.synchronizedList(new ArrayList<>());

    final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    /** Every error frame received, in order. */
    final List<JsonNode> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    /** The last snapshot frame received (a client joining without {@code ?depuis=} gets one first). */
    volatile JsonNode snapshot;
    /** How the server closed the last connection, once it has. */
    volatile CloseStatus closed;

    private WebSocketSession session;
    /** The connection {@link #drop()} ended: frames still arriving on it are not taken. */
    private volatile WebSocketSession dropped;

    /** Connects; fails if the handshake is refused. */
    RoomClient connect(int port, Map<String, String> cookies, UUID roomId, long since) throws Exception {
        return connect(port, cookies, roomId, since, "http://127.0.0.1:" + port);
    }

    /** Connects as a page does when it first opens: no {@code ?depuis=}, so the room's state comes first. */
    RoomClient join(int port, Map<String, String> cookies, UUID roomId) throws Exception {
        return connect(port, cookies, roomId, -1, "http://127.0.0.1:" + port);
    }

    RoomClient connect(int port, Map<String, String> cookies, UUID roomId, long since, String origin) throws Exception {
        closed = null;
        var headers = new WebSocketHttpHeaders();
        headers.add(
                "Cookie",
                cookies.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
        headers.add("Origin", origin);
        session = new StandardWebSocketClient()
                .execute(
                        new TextWebSocketHandler() {
                            @Override
                            protected void handleTextMessage(WebSocketSession s, TextMessage message) {
                                var frame = JSON.readTree(message.getPayload());
                                if ("events".equals(frame.path("type").asString(""))) {
                                    synchronized (events) {
                                        // A connection this client dropped is gone for it, as for a page: what
                                        // the server still sent before it saw the close is not received.
                                        if (s == dropped) {
                                            return;
                                        }
                                        frame.path("events").forEach(events::add);
                                    }
                                }
                                if ("snapshot".equals(frame.path("type").asString(""))) {
                                    snapshot = frame;
                                }
                                if ("error".equals(frame.path("type").asString(""))) {
                                    errors.add(frame);
                                }
                                frames.add(frame);
                            }

                            @Override
                            public void afterConnectionClosed(WebSocketSession s, CloseStatus status) {
                                closed = status;
                            }
                        },
                        headers,
                        URI.create("ws://127.0.0.1:" + port + "/classe/" + roomId + "/direct"
                                + (since < 0 ? "" : "?depuis=" + since)))
                .get(30, TimeUnit.SECONDS);
        return this;
    }

    /** Waits until an event numbered at least {@code seq} has arrived (a liveness bound, not a timing assertion). */
    void awaitSeq(long seq) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (lastSeq() < seq) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no event " + seq + " received; last " + lastSeq());
            }
            frames.poll(200, TimeUnit.MILLISECONDS);
        }
    }

    /** Waits for the first error frame (a liveness bound, not a timing assertion). */
    JsonNode awaitError() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (errors.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no error frame received");
            }
            frames.poll(200, TimeUnit.MILLISECONDS);
        }
        return errors.getFirst();
    }

    /** Waits for the snapshot frame (a liveness bound, not a timing assertion). */
    JsonNode awaitSnapshot() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (snapshot == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no snapshot received");
            }
            frames.poll(200, TimeUnit.MILLISECONDS);
        }
        return snapshot;
    }

    /** Waits until the server has closed the connection, and says how (a liveness bound, not a timing assertion). */
    CloseStatus awaitClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (closed == null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the connection is still open");
            }
            Thread.sleep(100);
        }
        return closed;
    }

    boolean isOpen() {
        return session != null && session.isOpen() && closed == null;
    }

    long lastSeq() {
        synchronized (events) {
            return events.isEmpty() ? 0 : events.getLast().path("seq").asLong();
        }
    }

    /** The numbers received, in order: a folded run of votes ({@code "from"}, ADR 0090) counts as each of its own. */
    List<Long> seqs() {
        synchronized (events) {
            return events.stream()
                    .flatMap(e -> java.util.stream.LongStream.rangeClosed(
                                    e.path("from").asLong(e.path("seq").asLong()),
                                    e.path("seq").asLong())
                            .boxed())
                    .toList();
        }
    }

    List<String> chatTexts() {
        synchronized (events) {
            return events.stream()
                    .filter(e -> "chat".equals(e.path("kind").asString("")))
                    .map(e -> e.path("body").path("text").asString(""))
                    .toList();
        }
    }

    void send(String json) throws Exception {
        session.sendMessage(new TextMessage(json));
    }

    /**
     * Drops the connection, as a phone losing its network would (the server sees it close). From here on nothing more
     * is taken from it, so {@link #lastSeq()} read after the drop is the number to resume from.
     */
    void drop() throws Exception {
        synchronized (events) {
            dropped = session;
        }
        session.close(CloseStatus.GOING_AWAY);
    }

    @Override
    public void close() throws Exception {
        if (session != null && session.isOpen()) {
            session.close();
        }
    }
}
