package org.preau.platform.audit;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.preau.platform.Ids;

/**
 * A staff or operator action worth answering "who did that?" about: a password reset, a batch of activation codes,
 * a change of communication rules or surge settings, an import. The module doing the action publishes it (Spring's
 * {@code ApplicationEventPublisher}) inside the transaction of the action, so that the event exists if and only if
 * the action happened; the admin module records it in the audit log through the event publication registry (at least
 * once, idempotent on {@link #id}).
 *
 * <p>{@link #action} is a stable code, {@code <module>.<what>} in lower case with dashes (for example
 * {@code identity.password-reset}): the log stores it, and pages label it with the message {@code audit.<action>},
 * which the publishing module puts in its own bundle (argument {@code {0}}: the target's name). Codes are never
 * renamed once published; a new meaning gets a new code. {@link #detail} holds a few short, non-secret facts (a
 * class name, a count, a changed setting); never a password, a code or a token.
 *
 * @param id the event's own id, the audit log's key (redeliveries write nothing twice)
 * @param action the stable action code
 * @param actorId the account that acted
 * @param schoolId the school acted on, when there is one (its direction reads the school's log)
 * @param targetId the account acted on, when there is one
 * @param detail short facts, in insertion order
 * @param at when the action happened
 */
public record AuditEvent(
        UUID id,
        String action,
        UUID actorId,
        Optional<UUID> schoolId,
        Optional<UUID> targetId,
        Map<String, String> detail,
        Instant at) {

    private static final Pattern ACTION = Pattern.compile("[a-z]+\\.[a-z][a-z-]*");

    public AuditEvent {
        if (action == null || !ACTION.matcher(action).matches()) {
            throw new IllegalArgumentException("An audit action is <module>.<what>, lower case: " + action);
        }
        if (actorId == null || id == null || at == null) {
            throw new IllegalArgumentException("An audit event needs an id, an actor and a time");
        }
        schoolId = schoolId == null ? Optional.empty() : schoolId;
        targetId = targetId == null ? Optional.empty() : targetId;
        detail = detail == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }

    /** A new event for {@code action} by {@code actorId}, now by {@code clock}, with no school, target or detail. */
    public static AuditEvent of(String action, UUID actorId, Clock clock) {
        return new AuditEvent(
                Ids.newId(), action, actorId, Optional.empty(), Optional.empty(), Map.of(), clock.instant());
    }

    public AuditEvent school(UUID schoolId) {
        return new AuditEvent(id, action, actorId, Optional.of(schoolId), targetId, detail, at);
    }

    public AuditEvent school(Optional<UUID> schoolId) {
        return new AuditEvent(id, action, actorId, schoolId, targetId, detail, at);
    }

    public AuditEvent target(UUID targetId) {
        return new AuditEvent(id, action, actorId, schoolId, Optional.of(targetId), detail, at);
    }

    /** This event with one more fact (a later value for the same key replaces the earlier one). */
    public AuditEvent with(String key, Object value) {
        var more = new LinkedHashMap<>(detail);
        more.put(key, String.valueOf(value));
        return new AuditEvent(id, action, actorId, schoolId, targetId, more, at);
    }
}
