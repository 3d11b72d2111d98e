package org.preau.directory.internal.imports;

import java.util.HashMap;
import java.util.Map;

/**
 * The natural keys a file has declared so far, with their line: a key seen twice is reported as a duplicate, and a
 * reference to something declared earlier in the same file (but not written, because of an earlier error) is not
 * reported again as unknown. The key formats live here only.
 */
final class SeenKeys {

    private final Map<String, Long> lines = new HashMap<>();
    private final ErrorList errors;

    SeenKeys(ErrorList errors) {
        this.errors = errors;
    }

    static String school(String key) {
        return "school:" + key;
    }

    static String audience(boolean group, String school, String code) {
        return (group ? "group:" : "class:") + school + "/" + code;
    }

    /** A subject of a school, or of the national list when {@code school} is null. */
    static String subject(String school, String code) {
        return "subject:" + (school == null ? "" : school) + "/" + code;
    }

    static String level(String code) {
        return "level:" + code;
    }

    static String person(String id) {
        return "person:" + id;
    }

    static String slot(Entry.SlotEntry s) {
        return "slot:" + s.school().school() + "/" + s.audience() + "/" + s.weekday() + "/" + s.start();
    }

    /** Records a key; reports a duplicate when the file already had it. */
    boolean firstTime(String key, long line, String field) {
        Long before = lines.putIfAbsent(key, line);
        if (before != null) {
            errors.add(line, field, "imports.error.duplicate", before);
            return false;
        }
        return true;
    }

    /** Records another key of an entry already checked (a school's join key beside its UAI). */
    void alsoKnownAs(String key, long line) {
        lines.putIfAbsent(key, line);
    }

    boolean contains(String key) {
        return lines.containsKey(key);
    }
}
