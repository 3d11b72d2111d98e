package org.preau.directory;

import java.util.UUID;

/** A teaching group (groupe) across classes, e.g. "ESP LV2 3e". */
public record TeachingGroup(UUID schoolId, UUID id, String code, String name, String schoolYear) {}
