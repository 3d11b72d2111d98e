package org.preau.homework.internal.entries;

import java.time.Instant;
import java.util.List;

/** One version of an entry as the history page shows it (HTML already sanitised when written). */
public record VersionView(
        int version, Instant editedAt, String editedBy, String lessonDate, String seance, List<String> works) {}
