package org.preau.homework;

import java.util.UUID;

/**
 * Published inside the writing transaction whenever an entry or its work changes for an audience (a class or a
 * group): caches of "Aujourd'hui" are invalidated on every node once it commits, and other modules (notifications)
 * may react. Consumers must be idempotent: it can be delivered more than once.
 */
public record HomeworkChanged(UUID schoolId, UUID audienceId, UUID entryId) {}
