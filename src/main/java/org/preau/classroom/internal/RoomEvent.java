package org.preau.classroom.internal;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * One thing that happened in a room, with its per-room sequence number: a join, a chat message, a raised hand, a
 * vote, a stroke. Events are the room's truth (kept in PostgreSQL); everything shown is folded from them.
 *
 * @param body the event's data as written; never shown as is (see {@link RoomState#render})
 */
public record RoomEvent(UUID roomId, long seq, String kind, Optional<UUID> actor, ObjectNode body, Instant at) {}
