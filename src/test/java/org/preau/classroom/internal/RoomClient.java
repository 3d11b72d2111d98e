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
    private WebSocketSession session;

    /** Connects; fails if the handshake is refused. */
    RoomClient connect(int port, Map<String, String> cookies, UUID roomId, long since) throws Exception {
        return connect(port, cookies, roomId, since, "http://127.0.0.1:" + port);
    }

    RoomClient connect(int port, Map<String, String> cookies, UUID roomId, long since, String origin) throws Exception {
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
                                    frame.path("events").forEach(events::add);
                                }
                                frames.add(frame);
                            }
                        },
                        headers,
                        URI.create("ws://127.0.0.1:" + port + "/classe/" + roomId + "/direct?depuis=" + since))
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

    long lastSeq() {
        synchronized (events) {
            return events.isEmpty() ? 0 : events.getLast().path("seq").asLong();
        }
    }

    List<Long> seqs() {
        synchronized (events) {
            return events.stream().map(e -> e.path("seq").asLong()).toList();
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

    /** Drops the connection, as a phone losing its network would (the server sees it close). */
    void drop() throws Exception {
        session.close(CloseStatus.GOING_AWAY);
    }

    @Override
    public void close() throws Exception {
        if (session != null && session.isOpen()) {
            session.close();
        }
    }
}
