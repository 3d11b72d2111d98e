package org.preau.directory;

import java.util.UUID;

/** A subject (matière), e.g. Mathématiques. */
public record Subject(UUID schoolId, UUID id, String code, String label) {}
