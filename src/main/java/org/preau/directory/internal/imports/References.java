package org.preau.directory.internal.imports;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.internal.imports.Entry.Ref;
import org.preau.platform.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Turns what a file names (a school by UAI or join key, a class, a group, a subject by code) into ids, from the
 * database and from what this file wrote, with a cache per file: the schools and their classes, groups and subjects
 * are few, so they are kept for the whole file. An unknown reference is reported against its line and field.
 *
 * <p>In the national feed a class or group exists only through the values that name it, and a school's subject
 * through its teachers: those are created here when first named.
 */
final class References {

    private final JdbcClient jdbc;
    private final String schoolYear;
    private final ErrorList errors;
    private final SeenKeys seen;
    private final ImportTally tally;
    /** XML feed: classes and groups exist only through the values that name them, so unknown ones are created. */
    private final boolean implicitAudiences;

    private final Map<String, Optional<UUID>> schools = new HashMap<>();
    private final Map<UUID, Map<String, UUID>> classes = new HashMap<>();
    private final Map<UUID, Map<String, UUID>> groups = new HashMap<>();
    private final Map<UUID, Map<String, UUID>> subjects = new HashMap<>();

    References(
            JdbcClient jdbc,
            String schoolYear,
            ErrorList errors,
            SeenKeys seen,
            ImportTally tally,
            boolean implicitAudiences) {
        this.jdbc = jdbc;
        this.schoolYear = schoolYear;
        this.errors = errors;
        this.seen = seen;
        this.tally = tally;
        this.implicitAudiences = implicitAudiences;
    }

    /** A school this file wrote, known from now on by its join key and its UAI. */
    void schoolWritten(String key, String uai, UUID id) {
        schools.put(key, Optional.of(id));
        schools.put(uai, Optional.of(id));
        tally.touched(id);
    }

    Optional<UUID> school(Ref ref, long line) {
        var id = schools.computeIfAbsent(
                ref.school(),
                key -> jdbc.sql("""
                        select school_id from import_school_key where external_id = ?
                        union all select id from school where uai = ?
                        limit 1""").params(key, key).query(UUID.class).optional());
        id.ifPresent(tally::touched);
        if (id.isEmpty()) {
            if (seen.contains(SeenKeys.school(ref.school()))) {
                return Optional.empty(); // declared earlier in this file, not written because of an earlier error
            }
            errors.add(line, ref.field(), "imports.error.unknown.school", ref.school());
            schools.remove(ref.school()); // it may be imported later in this run by another file: ask again then
        }
        return id;
    }

    /** The classes (or groups) of a school this school year, by code; writers add what they create. */
    Map<String, UUID> audiences(UUID schoolId, boolean group) {
        var cache = group ? groups : classes;
        return cache.computeIfAbsent(schoolId, id -> {
            var map = new HashMap<String, UUID>();
            jdbc.sql("select code, id from " + (group ? "teaching_group" : "school_class")
                            + " where school_id = ? and school_year = ?")
                    .params(id, schoolYear)
                    .query(rs -> {
                        map.put(rs.getString(1), rs.getObject(2, UUID.class));
                    });
            return map;
        });
    }

    /** The subjects of a school, by code; writers add what they create. */
    Map<String, UUID> subjects(UUID schoolId) {
        return subjects.computeIfAbsent(schoolId, id -> {
            var map = new HashMap<String, UUID>();
            jdbc.sql("select code, id from subject where school_id = ?")
                    .param(id)
                    .query(rs -> {
                        map.put(rs.getString(1), rs.getObject(2, UUID.class));
                    });
            return map;
        });
    }

    /** A class or group id; in the XML feed an unknown one is created (the feed has no other way to declare it). */
    Optional<UUID> audience(UUID schoolId, Ref ref, boolean group, long line) {
        var cache = audiences(schoolId, group);
        UUID id = cache.get(ref.code());
        if (id != null) {
            return Optional.of(id);
        }
        if (implicitAudiences) {
            if (!errors.any()) {
                createAudience(schoolId, group, ref.code());
                return Optional.ofNullable(cache.get(ref.code()));
            }
            return Optional.empty();
        }
        if (seen.contains(SeenKeys.audience(group, ref.school(), ref.code())) && errors.any()) {
            return Optional.empty();
        }
        errors.add(
                line, ref.field(), group ? "imports.error.unknown.group" : "imports.error.unknown.class", ref.code());
        return Optional.empty();
    }

    private void createAudience(UUID schoolId, boolean group, String code) {
        String table = group ? "teaching_group" : "school_class";
        jdbc.sql("insert into " + table + " (school_id, id, code, name, school_year) values (?, ?, ?, ?, ?)"
                        + " on conflict (school_id, school_year, code) do nothing")
                .params(schoolId, Ids.newId(), code, code, schoolYear)
                .update();
        UUID id = jdbc.sql("select id from " + table + " where school_id = ? and school_year = ? and code = ?")
                .params(schoolId, schoolYear, code)
                .query(UUID.class)
                .single();
        audiences(schoolId, group).put(code, id);
    }

    /** A subject of the school; in the XML feed one of the national nomenclature is copied into the school. */
    Optional<UUID> subject(UUID schoolId, String code, String field, long line) {
        var cache = subjects(schoolId);
        UUID id = cache.get(code);
        if (id != null) {
            return Optional.of(id);
        }
        var label = jdbc.sql("select label from import_subject_ref where code = ?")
                .param(code)
                .query(String.class)
                .optional();
        if (label.isPresent()) {
            if (errors.any()) {
                return Optional.empty();
            }
            jdbc.sql("insert into subject (school_id, id, code, label) values (?, ?, ?, ?) on conflict do nothing")
                    .params(schoolId, Ids.newId(), code, label.get())
                    .update();
            id = jdbc.sql("select id from subject where school_id = ? and code = ?")
                    .params(schoolId, code)
                    .query(UUID.class)
                    .single();
            cache.put(code, id);
            return Optional.of(id);
        }
        if (seen.contains(SeenKeys.subject(null, code)) && errors.any()) {
            return Optional.empty();
        }
        errors.add(line, field, "imports.error.unknown.subject", code);
        return Optional.empty();
    }
}
