package org.preau.classroom.internal;

import java.io.IOException;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.preau.identity.CurrentUser;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;

/**
 * One WebSocket connection to a room, with what it has been sent ({@link #sentUpTo}, the last sequence number) and
 * a bounded outbox written by its own virtual thread (ADR 0042). The room's fan-out only appends frames here, never
 * writes to a socket, so a slow phone never slows the room: its frames wait, and if a write stays blocked longer than
 * the send limit the connection is dropped; the client reconnects and resumes from its last number, losing nothing.
 */
final class Participant {

    final WebSocketSession session;
    final CurrentUser user;
    final Room room;
    final Room.Role role;
    final String connection;
    final Locale locale;

    /** Guards {@link #sentUpTo} and the order in which frames enter the outbox. */
    final ReentrantLock sequencing = new ReentrantLock();

    /** The last number sent; below zero until a snapshot sets it (a connection that named no number). */
    long sentUpTo;

    /** The HTTP session the connection was opened in: it ends with it (sign-out, revoked device). */
    volatile String httpSession;

    private final ConcurrentLinkedQueue<String> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final ReentrantLock writing = new ReentrantLock();
    private volatile long writingSince;
    volatile long lastHeard = System.nanoTime();
    volatile boolean dropped;
    /** Set when the connection ends (its leave is then written, once): a connection leaves once, however it ends. */
    final java.util.concurrent.atomic.AtomicBoolean left = new java.util.concurrent.atomic.AtomicBoolean();
    /** Held while the connection's join or leave is written, so that a leave never overtakes its join. */
    final ReentrantLock presence = new ReentrantLock();

    Participant(WebSocketSession session, CurrentUser user, Room room, Room.Role role, long since, Locale locale) {
        this.session = session;
        this.user = user;
        this.room = room;
        this.role = role;
        this.sentUpTo = since;
        this.locale = locale;
        this.connection = UUID.randomUUID().toString();
    }

    /** Called with {@link #sequencing} held, so frames enter in sequence order. */
    void enqueue(String frame) {
        outbox.add(frame);
        queuedBytes.addAndGet(frame.length());
    }

    long queuedBytes() {
        return queuedBytes.get();
    }

    /**
     * Writes what is queued, on the caller's (virtual) thread; returns at once if another thread is writing (it
     * will write this too). Returns whether the outbox was found empty at the end, so the caller may top it up.
     */
    boolean flush() {
        while (true) {
            if (!writing.tryLock()) {
                return false;
            }
            try {
                String frame;
                while (!dropped && (frame = outbox.poll()) != null) {
                    queuedBytes.addAndGet(-frame.length());
                    writingSince = System.nanoTime();
                    try {
                        session.sendMessage(new TextMessage(frame));
                    } catch (IOException | IllegalStateException e) {
                        dropped = true;
                    } finally {
                        writingSince = 0;
                    }
                }
            } finally {
                writing.unlock();
            }
            // A frame queued while this thread was finishing found the lock taken: send it too.
            if (outbox.isEmpty() || dropped) {
                return true;
            }
        }
    }

    /** Whether a write has been blocked longer than {@code limitNanos}: the client reads too slowly. */
    boolean stuck(long now, long limitNanos) {
        long since = writingSince;
        return since != 0 && now - since > limitNanos;
    }

    void close(CloseStatus status) {
        dropped = true;
        outbox.clear();
        try {
            session.close(status);
        } catch (IOException | RuntimeException e) {
            // Already gone.
        }
    }
}
