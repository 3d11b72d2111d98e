package org.preau.directory;

import java.util.UUID;

/** A teacher teaches {@code subject} to {@code audience} (a class or a group). */
public record TeachingAssignment(UUID schoolId, UUID id, UUID teacherId, Audience audience, Subject subject) {}
