package org.preau.directory;

import java.util.List;
import java.util.UUID;

/**
 * Who may write to whom (DOMAIN.md's defaults, editable per school by its admins). Messaging asks it before every
 * send, and searches recipients only through it, so that nobody ever sees people they may not write to.
 */
public interface CommunicationRules {

    /** Whether {@code from} may start a conversation with {@code to}. */
    boolean mayWrite(UUID from, UUID to);

    /** Whether {@code from} may answer {@code to}: always when {@code to} wrote to {@code from} first. */
    boolean mayReply(UUID from, UUID to, boolean toWroteFirst);

    /** People {@code from} may write to whose name contains {@code query}; never anyone else. */
    List<Person> searchRecipients(UUID from, String query, int limit);

    /**
     * The groups {@code from} may address, by school, kind and name: a school's staff and, for each class or group
     * around the sender (every one of the school for its staff, those taught for a teacher, a pupil's own, a parent's
     * children's), its pupils, parents and teachers when the school's rules let the sender's role reach that role.
     */
    List<RecipientGroup> recipientGroups(UUID from);

    /**
     * The members of a group that {@code from} may write to, sorted by name: the same rule as {@link #mayWrite}, for
     * all of them in one read. Empty when the group is not one of {@link #recipientGroups} (whatever key was guessed).
     */
    List<Person> membersOf(UUID from, RecipientGroup group);
}
