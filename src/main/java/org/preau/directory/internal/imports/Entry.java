package org.preau.directory.internal.imports;

import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.preau.directory.HolidayZone;
import org.preau.identity.Profile;

/**
 * One record of an import file, whatever its format: the XML feed and the CSV files are both read into these, so
 * that validation and writing exist once. In a {@code modifyRequest}, a {@code null} field means "not given, keep
 * what is there"; in an {@code addRequest} or a CSV line every field is given (lists may be empty).
 */
sealed interface Entry {

    /** Where the record starts in its file (1-based). */
    long line();

    enum Op {
        ADD,
        MODIFY,
        DELETE
    }

    /** A reference to a class, group or school as written in the file, with the field it came from. */
    record Ref(String school, String code, String field) {}

    /** "teaches {@code subject} to {@code audience}"; {@code group} is null when the file does not say which. */
    record Teach(String school, String audience, Boolean group, String subject, String field) {}

    /** A class or group declared by a school entry or a CSV line. */
    record AudienceDecl(String code, String name, String level) {}

    /**
     * A school (EtabEducNat, schools.csv).
     *
     * @param key the feed's ENTStructureJointure (the UAI in CSV)
     * @param zone the holiday zone the file gives (CSV {@code zone}, the feed's académie); empty keeps what the
     *     school has, or leaves it to be derived from the UAI
     */
    record SchoolEntry(
            long line,
            String key,
            String uai,
            String name,
            String city,
            List<AudienceDecl> classes,
            List<AudienceDecl> groups,
            Optional<HolidayZone> zone)
            implements Entry {}

    /** A class or group of one school (classes.csv). */
    record AudienceEntry(long line, Ref school, boolean group, AudienceDecl audience) implements Entry {}

    /** A subject: of one school (subjects.csv), or of the national nomenclature when {@code school} is null. */
    record SubjectEntry(long line, Ref school, String code, String label) implements Entry {}

    /** A level (MEF) of the national nomenclature. */
    record LevelEntry(long line, String code, String label) implements Entry {}

    /** A person: pupil, parent, teacher or staff. */
    record PersonEntry(
            long line,
            Op op,
            Profile profile,
            String id,
            String givenName,
            String familyName,
            String login,
            String email,
            String function,
            List<Ref> schools,
            List<Ref> classes,
            List<Ref> groups,
            List<Ref> parents,
            List<Teach> teaches)
            implements Entry {

        boolean hasNames() {
            return givenName != null && familyName != null;
        }
    }

    /** A {@code deleteRequest}: the person leaves; the account is disabled and their memberships removed. */
    record DeleteEntry(long line, String id, String field) implements Entry {}

    /** A weekly lesson (timetable.csv). */
    record SlotEntry(
            long line,
            Ref school,
            String audience,
            String subject,
            String teacher,
            int weekday,
            LocalTime start,
            LocalTime end,
            String room)
            implements Entry {}
}
