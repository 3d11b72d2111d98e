package org.preau.directory.internal.imports;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.preau.directory.internal.imports.Entry.AudienceEntry;
import org.preau.directory.internal.imports.Entry.DeleteEntry;
import org.preau.directory.internal.imports.Entry.LevelEntry;
import org.preau.directory.internal.imports.Entry.PersonEntry;
import org.preau.directory.internal.imports.Entry.SchoolEntry;
import org.preau.directory.internal.imports.Entry.SlotEntry;
import org.preau.directory.internal.imports.Entry.SubjectEntry;
import org.preau.directory.internal.imports.ImportTally.Outcome;
import org.preau.identity.Accounts;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Takes the entries of ONE file, inside the caller's transaction: checks each against the rest of the file
 * (duplicates), and hands it to the writer of its kind: {@link StructureWriter} for schools, classes and subjects,
 * {@link PersonAccounts} then {@link MembershipWriter} for people, {@link TimetableWriter} for lessons; what happened
 * is counted in the {@link ImportTally}.
 *
 * <p>Memory stays bounded: persons and lessons are buffered by {@link #BATCH} and written with JDBC batches; what
 * is kept for the whole file is small (the schools, their classes, groups and subjects, and the keys already seen
 * so that duplicates are reported). Once an error is found nothing more is written (the transaction will be rolled
 * back anyway) but reading and checking go on, so that the report lists every error of the file.
 *
 * <p>Every write is an upsert that changes a row only when a value differs, so re-importing a file writes nothing.
 */
final class ImportSession {

    static final int BATCH = 1000;

    private final ErrorList errors;
    private final ImportTally tally;
    private final SeenKeys seen;
    private final StructureWriter structures;
    private final PersonAccounts people;
    private final MembershipWriter memberships;
    private final TimetableWriter timetable;

    private final List<PersonEntry> persons = new ArrayList<>();
    private final List<DeleteEntry> deletes = new ArrayList<>();
    private final List<SlotEntry> slots = new ArrayList<>();

    ImportSession(
            JdbcClient jdbc,
            JdbcTemplate jt,
            Accounts accounts,
            String schoolYear,
            ErrorList errors,
            ImportTally tally,
            boolean implicitAudiences) {
        this.errors = errors;
        this.tally = tally;
        this.seen = new SeenKeys(errors);
        var refs = new References(jdbc, schoolYear, errors, seen, tally, implicitAudiences);
        this.structures = new StructureWriter(jdbc, schoolYear, errors, refs, tally);
        this.people = new PersonAccounts(jdbc, jt, accounts, errors);
        this.memberships = new MembershipWriter(jdbc, jt, schoolYear, errors, seen, refs, people);
        this.timetable = new TimetableWriter(jdbc, jt, errors, refs, people, tally);
    }

    /** Takes one entry; may write a batch. */
    void accept(Entry entry) {
        tally.record();
        switch (entry) {
            case SchoolEntry s -> {
                if (checked(s)) {
                    structures.school(s);
                }
            }
            case AudienceEntry a -> {
                String key = SeenKeys.audience(
                        a.group(), a.school().school(), a.audience().code());
                if (seen.firstTime(key, a.line(), "code")) {
                    structures.audience(a);
                }
            }
            case SubjectEntry s -> {
                String school = s.school() == null ? null : s.school().school();
                if (seen.firstTime(SeenKeys.subject(school, s.code()), s.line(), "code")) {
                    structures.subject(s);
                }
            }
            case LevelEntry l -> {
                if (seen.firstTime(SeenKeys.level(l.code()), l.line(), "ENTMefJointure")) {
                    structures.level(l);
                }
            }
            case PersonEntry p -> {
                if (seen.firstTime(SeenKeys.person(p.id()), p.line(), "id")) {
                    persons.add(p);
                    if (persons.size() >= BATCH) {
                        flushPersons();
                    }
                }
            }
            case DeleteEntry d -> {
                if (seen.firstTime(SeenKeys.person(d.id()), d.line(), d.field())) {
                    deletes.add(d);
                    if (deletes.size() >= BATCH) {
                        flushDeletes();
                    }
                }
            }
            case SlotEntry s -> {
                if (seen.firstTime(SeenKeys.slot(s), s.line(), "start")) {
                    slots.add(s);
                    if (slots.size() >= BATCH) {
                        flushSlots();
                    }
                }
            }
        }
    }

    /** Writes what is buffered and removes the lessons the file no longer lists. */
    void finish() {
        flushPersons();
        flushDeletes();
        flushSlots();
        if (!errors.any()) {
            timetable.removeUnlisted();
        }
    }

    /** A school seen for the first time, whose classes and groups have distinct codes. */
    private boolean checked(SchoolEntry s) {
        if (!seen.firstTime(SeenKeys.school(s.uai()), s.line(), "uai")) {
            return false;
        }
        seen.alsoKnownAs(SeenKeys.school(s.key()), s.line());
        Set<String> codes = new HashSet<>();
        Stream.concat(s.classes().stream(), s.groups().stream())
                .filter(d -> !codes.add(d.code()))
                .forEach(d -> errors.add(s.line(), "classes", "imports.error.duplicate.code", d.code()));
        return true;
    }

    private void flushPersons() {
        if (persons.isEmpty()) {
            return;
        }
        var batch = List.copyOf(persons);
        persons.clear();
        // 1. References to schools, classes, groups and subjects; 2. accounts; 3. where each person belongs.
        var resolved = batch.stream().map(memberships::resolve).toList();
        var written = people.upsert(batch);
        if (written.isEmpty()
                || !memberships.write(
                        resolved, written.get().ids(), written.get().changed())) {
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            if (!written.get().before().containsKey(batch.get(i).id())) {
                tally.count(Outcome.CREATED);
            } else {
                tally.count(written.get().changed()[i] ? Outcome.UPDATED : Outcome.UNCHANGED);
            }
        }
    }

    private void flushDeletes() {
        if (deletes.isEmpty()) {
            return;
        }
        var batch = List.copyOf(deletes);
        deletes.clear();
        var keys = people.keys(batch.stream().map(DeleteEntry::id).collect(Collectors.toSet()));
        if (errors.any()) {
            return;
        }
        // A person deleted twice, or never imported, is already gone: nothing to do, not an error.
        var ids = new ArrayList<>(keys.values());
        int disabled = people.disable(ids);
        int removed = memberships.removeAll(ids);
        tally.disabled(disabled);
        // A delete that only removed leftover memberships of an already disabled account counts as an update.
        int leftovers = disabled == 0 && removed > 0 ? 1 : 0;
        tally.count(Outcome.UNCHANGED, batch.size() - disabled - leftovers);
        tally.count(Outcome.UPDATED, leftovers);
    }

    private void flushSlots() {
        if (slots.isEmpty()) {
            return;
        }
        var batch = List.copyOf(slots);
        slots.clear();
        timetable.write(batch);
    }
}
