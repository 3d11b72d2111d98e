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
}
