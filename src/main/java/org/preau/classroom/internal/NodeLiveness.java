package org.preau.classroom.internal;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Presence that survives a crash (ADR 0058). A node that stops in order writes the leaves of its connections; one
 * that crashes cannot. So every node beats (its row in {@code classroom_node}, every {@code heartbeat}) and records
 * its connections; every node, at each beat, gives the connections of nodes not seen for {@code lost-after} their
 * leaves (one transaction per connection: the row's removal and the leave, written once whichever node gets there
 * first), so they leave the room's presence and its attendance gets a leave time, on every node and in every
 * browser, through the room's own event log.
 *
 * <p>A node whose row was removed while it was still running (its beats could not reach the database for longer
 * than {@code lost-after}) has been reported gone: it closes its connections, which reconnect and join again.
 */
@Component
class NodeLiveness implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(NodeLiveness.class);

    /** "Reconnect and resume": this node's connections were reported lost while it was cut from the database. */
    static final CloseStatus REPORTED_LOST = new CloseStatus(4009, "reconnect");

    private final LiveConnections connections;
    private final LiveHub hub;
    private final RoomService rooms;
    private final Duration heartbeat;
    private final Duration lostAfter;

    private volatile boolean running;
    private volatile boolean registered;
    private volatile Thread beater;

    NodeLiveness(
            LiveConnections connections,
            LiveHub hub,
            RoomService rooms,
            @Value("${preau.classroom.node.heartbeat:5s}") Duration heartbeat,
            @Value("${preau.classroom.node.lost-after:30s}") Duration lostAfter) {
        this.connections = connections;
        this.hub = hub;
        this.rooms = rooms;
        this.heartbeat = heartbeat;
        this.lostAfter = lostAfter;
    }

    /** One beat: this node is alive; the connections of nodes that are not get their leaves. */
    void beat() {
        boolean created = connections.beat(hub.node);
        if (created && registered) {
            logger.warn("Classroom node {} was reported lost; its connections reconnect", hub.node);
            hub.participants().forEach(p -> hub.drop(p, REPORTED_LOST));
        }
        registered = true;
        for (var orphan : connections.orphans(lostAfter)) {
            if (orphan.node().equals(hub.node)) {
                continue;
            }
            try {
                rooms.leaveLost(orphan);
            } catch (RuntimeException e) {
                logger.warn("Could not write the leave of lost connection {}: {}", orphan.connection(), e.toString());
            }
        }
        connections.forgetLostNodes(lostAfter);
    }

    @Override
    public void start() {
        running = true;
        try {
            beat();
        } catch (RuntimeException e) {
            logger.warn("Classroom node heartbeat failed at start", e);
        }
        beater = Thread.ofVirtual().name("classroom-node-beat").start(() -> {
            while (running) {
                try {
                    Thread.sleep(heartbeat.toMillis());
                    beat();
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    logger.warn("Classroom node heartbeat failed: {}", e.toString());
                }
            }
        });
    }

    /** After the hub (which writes its connections' leaves) and the web server: the node row goes last. */
    @Override
    public void stop() {
        running = false;
        var t = beater;
        if (t != null) {
            t.interrupt();
        }
        try {
            for (String conn : connections.ofNode(hub.node)) {
                rooms.leave(conn);
            }
            connections.forgetNode(hub.node);
        } catch (RuntimeException e) {
            logger.warn("Classroom node {} could not clear its rows at stop: {}", hub.node, e.toString());
        }
        registered = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server (no connection joins before the node's row exists), stops after it. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 4096;
    }
}
