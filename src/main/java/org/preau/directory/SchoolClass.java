package org.preau.directory;

import java.util.UUID;

/** A class (classe), e.g. "3e B", for one school year. */
public record SchoolClass(UUID schoolId, UUID id, String code, String name, String level, String schoolYear) {}
