package org.preau.directory;

import java.util.Optional;
import java.util.UUID;

/**
 * A group one may write to at once: the pupils, the parents or the teachers of a class or group ("Parents de 3e B"),
 * or a school's staff. Messaging shows it by {@link #kind} and {@link #name} in the reader's language and sends to
 * its members through {@link CommunicationRules#membersOf}, which keeps only those the sender may write to.
 *
 * @param audienceId the class or group; empty for a school's staff
 * @param name the class's or group's name ("3e B"), or the school's name for its staff
 */
public record RecipientGroup(UUID schoolId, Kind kind, Optional<UUID> audienceId, String name) {

    /** Who in the audience (or the school) the group is made of. */
    public enum Kind {
        PUPILS,
        PARENTS,
        TEACHERS,
        STAFF
    }

    /** A stable text form for forms and the API: {@code KIND:schoolId[:audienceId]}. */
    public String key() {
        return kind + ":" + schoolId + audienceId.map(id -> ":" + id).orElse("");
    }

    /** The group a {@link #key()} names (the name is not part of the key and comes back empty); empty if malformed. */
    public static Optional<RecipientGroup> parseKey(String key) {
        if (key == null) {
            return Optional.empty();
        }
        String[] parts = key.split(":", -1);
        try {
            Kind kind = Kind.valueOf(parts[0]);
            UUID school = UUID.fromString(parts[1]);
            if (kind == Kind.STAFF && parts.length == 2) {
                return Optional.of(new RecipientGroup(school, kind, Optional.empty(), ""));
            }
            if (kind != Kind.STAFF && parts.length == 3) {
                return Optional.of(new RecipientGroup(school, kind, Optional.of(UUID.fromString(parts[2])), ""));
            }
            return Optional.empty();
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
