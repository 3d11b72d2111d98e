package org.preau.directory.internal.imports;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

/**
 * The bookkeeping of one file's import: what its entries did (created, updated, unchanged, disabled) and which
 * schools it touched, so that the report can be written and the right caches dropped afterwards. Kept apart from
 * the writers so that each of them only says what happened to its rows.
 */
final class ImportTally {

    /** What an upsert did to the row of one entry. */
    enum Outcome {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    private int records;
    private int created;
    private int updated;
    private int unchanged;
    private int disabled;
    private final Set<UUID> touchedSchools = new LinkedHashSet<>();

    void record() {
        records++;
    }

    void count(Outcome outcome) {
        count(outcome, 1);
    }

    void count(Outcome outcome, int entries) {
        switch (outcome) {
            case CREATED -> created += entries;
            case UPDATED -> updated += entries;
            case UNCHANGED -> unchanged += entries;
        }
    }

    void disabled(int accounts) {
        disabled += accounts;
    }

    void touched(UUID school) {
        touchedSchools.add(school);
    }

    /** Schools this file wrote to: their caches and name copies are refreshed after the import. */
    Set<UUID> touchedSchools() {
        return Collections.unmodifiableSet(touchedSchools);
    }

    FileReport report(String file, String kind, boolean accepted, ErrorList errors, long millis) {
        return new FileReport(
                file,
                kind,
                accepted,
                records,
                created,
                updated,
                unchanged,
                disabled,
                errors.list(),
                errors.more(),
                millis);
    }
}
