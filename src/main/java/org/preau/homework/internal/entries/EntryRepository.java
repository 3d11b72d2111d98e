package org.preau.homework.internal.entries;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.homework.internal.files.FileRef;
import org.preau.platform.text.RichText;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL of the cahier de textes: entries, their works, their versions and the files attached to works. */
@Repository
public class EntryRepository {

    /** Files of an owner, aggregated into the owner's row so that a list of works costs one query. */
    public static final String FILES_OF = """
            coalesce((select array_agg(f.id || '|' || f.size_bytes || '|' || f.content_type || '|' || f.filename
                                       order by f.created_at, f.id)
                      from homework_file f
                      where f.school_id = %1$s.school_id and f.owner_id = %1$s.id and f.owner_kind = '%2$s'),
                     '{}') as files""";

    private static final String WORK_COLUMNS = """
            w.school_id, w.id, w.entry_id, w.audience_id, w.subject_id, w.publish_at, w.position, w.instructions_html,
            w.instructions_source, w.due_date, w.due_time, w.estimated_minutes, w.handin_expected, w.hard_cutoff,
            """ + FILES_OF.formatted("w", "WORK");

    private static final String ENTRY_COLUMNS = """
            e.school_id, e.id, e.audience_id, e.subject_id, e.lesson_date, e.seance_html, e.seance_source, e.author_id,
            e.publish_at,
            e.version, e.updated_at, e.updated_by""";

    private final JdbcClient jdbc;

    EntryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insertEntry(Entry e, Instant now) {
        jdbc.sql("""
                        insert into homework_entry (school_id, id, audience_id, subject_id, lesson_date, seance_html,
                            seance_source, author_id, publish_at, version, created_at, updated_at, updated_by)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)""")
                .params(
                        e.schoolId(),
                        e.id(),
                        e.audienceId(),
                        e.subjectId(),
                        e.lessonDate(),
                        e.seanceHtml(),
                        e.seanceSource(),
                        e.authorId(),
                        ts(e.publishAt()),
                        ts(now),
                        ts(now),
                        e.authorId())
                .update();
    }

    /** Bumps the version; refuses (0 rows) when someone else saved in between. */
    int updateEntry(
            UUID schoolId,
            UUID id,
            int expectedVersion,
            LocalDate lessonDate,
            String seanceHtml,
            String seanceSource,
            Instant publishAt,
            Instant now,
            UUID by) {
        return jdbc.sql("""
                        update homework_entry set lesson_date = ?, seance_html = ?, seance_source = ?, publish_at = ?,
                            version = version + 1, updated_at = ?, updated_by = ?
                        where school_id = ? and id = ? and version = ?""")
                .params(lessonDate, seanceHtml, seanceSource, ts(publishAt), ts(now), by, schoolId, id, expectedVersion)
                .update();
    }

    void insertWork(Work w) {
        jdbc.sql("""
                        insert into homework_work (school_id, id, entry_id, audience_id, subject_id, publish_at, position,
                            instructions_html, instructions_source, due_date, due_time, estimated_minutes, handin_expected,
                            hard_cutoff)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        w.schoolId(),
                        w.id(),
                        w.entryId(),
                        w.audienceId(),
                        w.subjectId(),
                        ts(w.publishAt()),
                        w.position(),
                        w.instructionsHtml(),
                        w.instructionsSource(),
                        w.dueDate(),
                        w.dueTime().orElse(null),
                        w.estimatedMinutes().orElse(null),
                        w.handinExpected(),
                        w.hardCutoff().map(EntryRepository::ts).orElse(null))
                .update();
    }

    void updateWork(Work w) {
        jdbc.sql("""
                        update homework_work set publish_at = ?, position = ?, instructions_html = ?,
                            instructions_source = ?, due_date = ?, due_time = ?, estimated_minutes = ?,
                            handin_expected = ?, hard_cutoff = ?
                        where school_id = ? and id = ? and entry_id = ?""")
                .params(
                        ts(w.publishAt()),
                        w.position(),
                        w.instructionsHtml(),
                        w.instructionsSource(),
                        w.dueDate(),
                        w.dueTime().orElse(null),
                        w.estimatedMinutes().orElse(null),
                        w.handinExpected(),
                        w.hardCutoff().map(EntryRepository::ts).orElse(null),
                        w.schoolId(),
                        w.id(),
                        w.entryId())
                .update();
    }

    void removeWork(UUID schoolId, UUID workId, Instant now) {
        jdbc.sql("update homework_work set removed_at = ? where school_id = ? and id = ?")
                .params(ts(now), schoolId, workId)
                .update();
    }

    /** Records the entry as it now stands (with its works) as version {@code version}: insert-only history. */
    void snapshot(UUID schoolId, UUID entryId, UUID by, Instant now) {
        jdbc.sql("""
                        insert into homework_entry_version (school_id, entry_id, version, snapshot, edited_by, edited_at)
                        select e.school_id, e.id, e.version,
                               jsonb_build_object(
                                 'lessonDate', e.lesson_date, 'seance', e.seance_html, 'seanceSource', e.seance_source,
                                 'publishAt', e.publish_at,
                                 'works', coalesce((select jsonb_agg(jsonb_build_object(
                                        'id', w.id, 'instructions', w.instructions_html,
                                        'instructionsSource', w.instructions_source, 'dueDate', w.due_date,
                                        'dueTime', w.due_time, 'estimatedMinutes', w.estimated_minutes,
                                        'handinExpected', w.handin_expected, 'hardCutoff', w.hard_cutoff)
                                        order by w.position)
                                     from homework_work w
                                     where w.school_id = e.school_id and w.entry_id = e.id and w.removed_at is null),
                                   '[]'::jsonb)),
                               ?, ?
                        from homework_entry e where e.school_id = ? and e.id = ?""").params(by, ts(now), schoolId, entryId).update();
    }

    Optional<Entry> findEntry(UUID id) {
        var entry = jdbc.sql("select " + ENTRY_COLUMNS + " from homework_entry e where e.id = ?")
                .param(id)
                .query((rs, n) -> entry(rs, List.of()))
                .optional();
        return entry.map(e -> withWorks(e, worksOfEntries(e.schoolId(), List.of(e.id()))));
    }

    public Optional<Work> findWork(UUID id) {
        return jdbc.sql("select " + WORK_COLUMNS + " from homework_work w where w.id = ? and w.removed_at is null")
                .param(id)
                .query((rs, n) -> work(rs))
                .optional();
    }

    /** Entries of one audience on one day (every subject), with their works: one query each. */
    public List<Entry> entriesOn(UUID schoolId, UUID audienceId, LocalDate day) {
        var entries = jdbc.sql("select " + ENTRY_COLUMNS + """
                         from homework_entry e
                        where e.school_id = ? and e.audience_id = ? and e.lesson_date = ?
                        order by e.publish_at, e.id""")
                .params(schoolId, audienceId, day)
                .query((rs, n) -> entry(rs, List.of()))
                .list();
        return entries;
    }

    /** Works of one audience due in [from, to], or belonging to the given entries: one query. */
    public List<Work> worksFor(
            UUID schoolId, UUID audienceId, LocalDate from, LocalDate to, Collection<UUID> entryIds) {
        return jdbc.sql("select " + WORK_COLUMNS + """
                         from homework_work w
                        where w.school_id = ? and w.audience_id = ? and w.removed_at is null
                          and (w.due_date between ? and ? or w.entry_id = any(?))
                        order by w.due_date, w.due_time nulls last, w.position""")
                .params(schoolId, audienceId, from, to, entryIds.toArray(UUID[]::new))
                .query((rs, n) -> work(rs))
                .list();
    }

    List<Work> worksOfEntries(UUID schoolId, Collection<UUID> entryIds) {
        return jdbc.sql("select " + WORK_COLUMNS + """
                         from homework_work w
                        where w.school_id = ? and w.entry_id = any(?) and w.removed_at is null
                        order by w.position""")
                .params(schoolId, entryIds.toArray(UUID[]::new))
                .query((rs, n) -> work(rs))
                .list();
    }

    /** A teacher's entries in [from, to], with works (two queries). */
    public List<Entry> entriesByAuthor(UUID authorId, LocalDate from, LocalDate to) {
        var entries = jdbc.sql("select " + ENTRY_COLUMNS + """
                         from homework_entry e where e.author_id = ? and e.lesson_date between ? and ?
                        order by e.lesson_date, e.publish_at""")
                .params(authorId, from, to)
                .query((rs, n) -> entry(rs, List.of()))
                .list();
        return attachWorks(entries);
    }

    /** Every entry of a school in [from, to] (staff), with works. */
    List<Entry> entriesOfSchool(UUID schoolId, LocalDate from, LocalDate to) {
        var entries = jdbc.sql("select " + ENTRY_COLUMNS + """
                         from homework_entry e where e.school_id = ? and e.lesson_date between ? and ?
                        order by e.lesson_date, e.audience_id, e.subject_id""")
                .params(schoolId, from, to)
                .query((rs, n) -> entry(rs, List.of()))
                .list();
        return attachWorks(entries);
    }

    /** Every version of an entry, oldest first (the snapshot as JSON text). */
    List<Version> versions(UUID schoolId, UUID entryId) {
        return jdbc.sql("""
                        select version, snapshot::text, edited_by, edited_at from homework_entry_version
                        where school_id = ? and entry_id = ? order by version""")
                .params(schoolId, entryId)
                .query((rs, n) -> new Version(
                        rs.getInt(1),
                        rs.getString(2),
                        rs.getObject(3, UUID.class),
                        rs.getObject(4, OffsetDateTime.class).toInstant()))
                .list();
    }

    public void insertFile(
            UUID schoolId,
            UUID id,
            String ownerKind,
            UUID ownerId,
            String filename,
            String contentType,
            long size,
            String key,
            UUID by,
            Instant now) {
        jdbc.sql("""
                        insert into homework_file (school_id, id, owner_kind, owner_id, filename, content_type, size_bytes,
                            storage_key, created_by, created_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(schoolId, id, ownerKind, ownerId, filename, contentType, size, key, by, ts(now))
                .update();
    }

    /** How many files an owner (a work, a hand-in, a return) has, and their bytes in all. */
    public OwnerFiles ownerFiles(UUID schoolId, String ownerKind, UUID ownerId) {
        return jdbc.sql("""
                        select count(*), coalesce(sum(size_bytes), 0) from homework_file
                        where school_id = ? and owner_id = ? and owner_kind = ?""")
                .params(schoolId, ownerId, ownerKind)
                .query((rs, n) -> new OwnerFiles(rs.getInt(1), rs.getLong(2)))
                .single();
    }

    /**
     * Removes one file row of an owner and returns its storage key. Bytes of a work's attachment may be shared with
     * its copies (see {@link #copyFile}); those of a hand-in or a return never are.
     */
    public Optional<String> deleteFile(UUID schoolId, UUID fileId, String ownerKind, UUID ownerId) {
        return jdbc.sql("""
                        delete from homework_file where school_id = ? and id = ? and owner_kind = ? and owner_id = ?
                        returning storage_key""")
                .params(schoolId, fileId, ownerKind, ownerId)
                .query(String.class)
                .optional();
    }

    /** Files of an owner and their bytes in all. */
    public record OwnerFiles(int count, long bytes) {}

    /** Attaches an existing file's bytes to another work (a copied entry): a new row, the same storage key. */
    void copyFile(UUID fileId, UUID toWorkId, UUID by) {
        jdbc.sql("""
                        insert into homework_file (school_id, id, owner_kind, owner_id, filename, content_type, size_bytes,
                            storage_key, created_by, created_at)
                        select school_id, ?, 'WORK', ?, filename, content_type, size_bytes, storage_key, ?, created_at
                        from homework_file where id = ?""")
                .params(org.preau.platform.Ids.newId(), toWorkId, by, fileId)
                .update();
    }

    public Optional<StoredFileRow> findFile(UUID id) {
        return jdbc.sql("""
                        select school_id, id, owner_kind, owner_id, filename, content_type, size_bytes, storage_key
                        from homework_file where id = ?""")
                .param(id)
                .query((rs, n) -> new StoredFileRow(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getString(3),
                        rs.getObject(4, UUID.class),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getLong(7),
                        rs.getString(8)))
                .optional();
    }

    /** A version of an entry. */
    public record Version(int version, String snapshotJson, UUID editedBy, Instant editedAt) {}

    /** A file row, with where it belongs. */
    public record StoredFileRow(
            UUID schoolId,
            UUID id,
            String ownerKind,
            UUID ownerId,
            String filename,
            String contentType,
            long sizeBytes,
            String storageKey) {}

    private List<Entry> attachWorks(List<Entry> entries) {
        if (entries.isEmpty()) {
            return entries;
        }
        Map<UUID, List<Work>> byEntry = new LinkedHashMap<>();
        // Entries of one author may span schools; group ids per school.
        Map<UUID, List<UUID>> idsBySchool = new LinkedHashMap<>();
        entries.forEach(e -> idsBySchool
                .computeIfAbsent(e.schoolId(), s -> new ArrayList<>())
                .add(e.id()));
        idsBySchool.forEach((school, ids) -> worksOfEntries(school, ids)
                .forEach(w -> byEntry.computeIfAbsent(w.entryId(), k -> new ArrayList<>())
                        .add(w)));
        return entries.stream()
                .map(e -> withWorks(e, byEntry.getOrDefault(e.id(), List.of())))
                .toList();
    }

    public static Entry withWorks(Entry e, List<Work> works) {
        return new Entry(
                e.schoolId(),
                e.id(),
                e.audienceId(),
                e.subjectId(),
                e.lessonDate(),
                e.seanceHtml(),
                e.seanceSource(),
                e.authorId(),
                e.publishAt(),
                e.version(),
                e.updatedAt(),
                e.updatedBy(),
                List.copyOf(works));
    }

    private static Entry entry(ResultSet rs, List<Work> works) throws SQLException {
        return new Entry(
                rs.getObject("school_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getObject("audience_id", UUID.class),
                rs.getObject("subject_id", UUID.class),
                rs.getObject("lesson_date", LocalDate.class),
                rs.getString("seance_html"),
                source(rs.getString("seance_source"), rs.getString("seance_html")),
                rs.getObject("author_id", UUID.class),
                rs.getObject("publish_at", OffsetDateTime.class).toInstant(),
                rs.getInt("version"),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_by", UUID.class),
                works);
    }

    private static Work work(ResultSet rs) throws SQLException {
        Integer minutes = rs.getObject("estimated_minutes", Integer.class);
        OffsetDateTime cutoff = rs.getObject("hard_cutoff", OffsetDateTime.class);
        return new Work(
                rs.getObject("school_id", UUID.class),
                rs.getObject("id", UUID.class),
                rs.getObject("entry_id", UUID.class),
                rs.getObject("audience_id", UUID.class),
                rs.getObject("subject_id", UUID.class),
                rs.getObject("publish_at", OffsetDateTime.class).toInstant(),
                rs.getInt("position"),
                rs.getString("instructions_html"),
                source(rs.getString("instructions_source"), rs.getString("instructions_html")),
                rs.getObject("due_date", LocalDate.class),
                Optional.ofNullable(rs.getObject("due_time", LocalTime.class)),
                Optional.ofNullable(minutes),
                rs.getBoolean("handin_expected"),
                Optional.ofNullable(cutoff).map(OffsetDateTime::toInstant),
                files(rs.getArray("files")));
    }

    /** The teacher's source; for text written before Markdown (no source stored), one derived from its HTML. */
    private static String source(String stored, String html) {
        return stored != null ? stored : RichText.sourceOf(html);
    }

    public static List<FileRef> files(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        var out = new ArrayList<FileRef>();
        for (Object o : (Object[]) array.getArray()) {
            String[] parts = ((String) o).split("\\|", 4);
            out.add(new FileRef(UUID.fromString(parts[0]), parts[3], parts[2], Long.parseLong(parts[1])));
        }
        return List.copyOf(out);
    }

    public static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(Timestamp t) {
        return t.toInstant();
    }
}
