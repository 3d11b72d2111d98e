package org.preau.homework;

import java.time.Instant;
import java.util.UUID;

/**
 * Published inside the writing transaction when a teacher reopens a pupil's hand-in so that they may change it and
 * submit again: the pupil is told. {@code reopenedAt} tells two reopenings apart. Consumers must be idempotent.
 */
public record HandinReopened(
        UUID schoolId, UUID subjectId, UUID workId, UUID handinId, UUID pupilId, Instant reopenedAt) {}
