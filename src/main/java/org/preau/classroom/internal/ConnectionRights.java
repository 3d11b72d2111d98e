package org.preau.classroom.internal;

import java.util.Optional;
import java.util.UUID;
import org.preau.directory.DirectoryChanged;
import org.preau.platform.ClusterBus;
import org.preau.platform.web.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.web.socket.CloseStatus;

/**
 * A connection's role is decided at its handshake and kept for its actions (ADR 0072); the directory is what can
 * change it while the connection is open (a pupil moved out of the class, a teacher no longer assigned, a staff member
 * gone). So when a school's directory changes, every node asks again, for each connection it holds in that school's
 * rooms, who the user is in the room, and closes those whose answer changed: the client reconnects, and its
 * handshake decides anew (refused, or with the new role).
 *
 * <p>The signal is sent after the directory's transaction commits, so it reaches every node (this one included)
 * after the directory's own signal, which that commit sent: the directory's caches are dropped before the question is
 * asked again. That order holds for a {@link DirectoryChanged} published inside the writer's transaction, as its
 * contract says; one published outside any transaction is relayed at once, in no guaranteed order.
 */
@Component
class ConnectionRights {

    private static final Logger log = LoggerFactory.getLogger(ConnectionRights.class);

    static final String TOPIC = "classroom.rights";

    /** "What you may do here changed: reconnect" (private range 4000–4999; the page reconnects). */
    static final CloseStatus RIGHTS_CHANGED = new CloseStatus(4009, "rights changed");

    private final LiveHub hub;
    private final RoomAccess access;
    private final ClusterBus bus;

    ConnectionRights(LiveHub hub, RoomAccess access, ClusterBus bus) {
        this.hub = hub;
        this.access = access;
        this.bus = bus;
        bus.subscribe(TOPIC, this::changed);
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DirectoryChanged event) {
        bus.publish(TOPIC, event.schoolId().map(UUID::toString).orElse(ClusterBus.RESYNC));
    }

    private void changed(String payload) {
        Optional<UUID> school;
        try {
            school = ClusterBus.RESYNC.equals(payload) ? Optional.empty() : Optional.of(UUID.fromString(payload));
        } catch (IllegalArgumentException e) {
            log.warn("Classroom rights signal not understood: {}", payload);
            return;
        }
        var concerned = hub.participants().stream()
                .filter(p -> school.map(s -> s.equals(p.room.schoolId())).orElse(true))
                .toList();
        if (!concerned.isEmpty()) {
            // Off the bus's thread: the directory's reads, and closing writes the leaves.
            Thread.ofVirtual().name("classroom-rights").start(() -> concerned.forEach(this::recheck));
        }
    }

    private void recheck(Participant p) {
        Room.Role now;
        try {
            now = access.roleIn(p.user, p.room);
        } catch (Problem refused) {
            now = null;
        } catch (RuntimeException e) {
            log.warn("Could not check again the rights of a connection to room {}: {}", p.room.id(), e.toString());
            return;
        }
        if (now != p.role) {
            hub.drop(p, RIGHTS_CHANGED);
        }
    }
}
