package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.preau.directory.SchoolCalendar;
import org.preau.platform.SchoolTime;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketExtension;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * A client that stops reading does not slow the room: its socket's write blocks, the room's other connection still
 * receives every event, the slow one's outbox stays within its bound (the rest is held back, not queued), and the
 * hub drops it as stuck; it would then resume from its last number like any dropped connection.
 */
@PreauIntegrationTest
class SlowClientTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    RoomService rooms;

    @Autowired
    LiveHub hub;

    @Autowired
    SchoolCalendar calendar;

    @Test
    void aClientThatStopsReadingIsHeldBackAndDroppedWhileTheOthersGetEverything() throws Exception {
        var school = TestSchool.create(jdbc);
        LocalDate day = ClassroomFixtures.schoolDay(calendar, school, LocalDate.now(SchoolTime.ZONE));
        var room = rooms.prepareLesson(school.mathsTeacher, ClassroomFixtures.mathsSlot(jdbc, school, day), day);
        rooms.open(school.mathsTeacher, room.id());

        var blocked = new CountDownLatch(1);
        var slowSocket = new StubSession(blocked);
        var fastSocket = new StubSession(null);
        var slow = new Participant(slowSocket, school.pupil, room, Room.Role.PARTICIPANT, 0, Locale.FRENCH);
        var fast = new Participant(fastSocket, school.otherPupil, room, Room.Role.PARTICIPANT, 0, Locale.FRENCH);
        hub.attach(slow);
        hub.attach(fast);
        try {
            // 400 strokes of a thousand points: about 3 MB of frames in all, a frame of 100 of them under 1 MB.
            List<Integer> points = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                points.add(i % 1000);
                points.add((i * 7) % 1000);
            }
            for (int i = 0; i < 400; i++) {
                rooms.stroke(school.mathsTeacher, room.id(), "#000000", 3, points);
            }
            long last = hub.state(room).lastSeq();

            // The fast connection gets every event while the slow one's socket is blocked.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (fastSocket.lastSeq() < last && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(fastSocket.lastSeq()).isEqualTo(last);
            // The slow one is held back within its bound, and is stuck in a write.
            assertThat(slow.queuedBytes()).isLessThanOrEqualTo(LiveHub.MAX_QUEUED_BYTES + 1_000_000);
            assertThat(slow.sentUpTo).isLessThan(last);
            assertThat(slow.stuck(System.nanoTime(), 0)).isTrue();
            hub.drop(slow, LiveHub.TOO_SLOW);
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (slowSocket.closed.get() == null && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(slowSocket.closed.get()).isEqualTo(LiveHub.TOO_SLOW);
        } finally {
            blocked.countDown();
            hub.detach(fast);
        }
    }

    /** A WebSocket session that records what it is sent; with a latch, every write blocks until it is released. */
    static final class StubSession implements WebSocketSession {
        private final CountDownLatch block;
        final List<String> sent = new CopyOnWriteArrayList<>();
        final java.util.concurrent.atomic.AtomicReference<CloseStatus> closed =
                new java.util.concurrent.atomic.AtomicReference<>();
        private final Map<String, Object> attributes = new ConcurrentHashMap<>();
        private static final JsonMapper JSON = JsonMapper.builder().build();

        StubSession(CountDownLatch block) {
            this.block = block;
        }

        long lastSeq() {
            long last = 0;
            for (String frame : sent) {
                var node = JSON.readTree(frame);
                for (var e : node.path("events")) {
                    last = Math.max(last, e.path("seq").asLong());
                }
            }
            return last;
        }

        @Override
        public void sendMessage(WebSocketMessage<?> message) throws IOException {
            if (block != null) {
                try {
                    block.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            sent.add(((TextMessage) message).getPayload());
        }

        @Override
        public void close(CloseStatus status) {
            closed.set(status);
        }

        @Override
        public void close() {
            close(CloseStatus.NORMAL);
        }

        @Override
        public String getId() {
            return "stub";
        }

        @Override
        public URI getUri() {
            return URI.create("ws://127.0.0.1/classe/x/direct");
        }

        @Override
        public HttpHeaders getHandshakeHeaders() {
            return new HttpHeaders();
        }

        @Override
        public Map<String, Object> getAttributes() {
            return attributes;
        }

        @Override
        public Principal getPrincipal() {
            return null;
        }

        @Override
        public InetSocketAddress getLocalAddress() {
            return null;
        }

        @Override
        public InetSocketAddress getRemoteAddress() {
            return null;
        }

        @Override
        public String getAcceptedProtocol() {
            return null;
        }

        @Override
        public void setTextMessageSizeLimit(int messageSizeLimit) {}

        @Override
        public int getTextMessageSizeLimit() {
            return 0;
        }

        @Override
        public void setBinaryMessageSizeLimit(int messageSizeLimit) {}

        @Override
        public int getBinaryMessageSizeLimit() {
            return 0;
        }

        @Override
        public List<WebSocketExtension> getExtensions() {
            return List.of();
        }

        @Override
        public boolean isOpen() {
            return closed.get() == null;
        }
    }
}
