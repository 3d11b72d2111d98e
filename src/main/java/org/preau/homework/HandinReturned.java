package org.preau.homework;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the writing transaction when a teacher returns a pupil's hand-in with feedback: the pupil (and
 * their parents) are told. {@code returnedAt} tells two returns of one hand-in apart. Consumers must be idempotent.
 */
public record HandinReturned(
        UUID schoolId, UUID subjectId, UUID workId, UUID handinId, UUID pupilId, Instant returnedAt) {}
