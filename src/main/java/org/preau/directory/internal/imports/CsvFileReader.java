package org.preau.directory.internal.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.preau.directory.HolidayZone;
import org.preau.directory.internal.calendar.HolidayZones;
import org.preau.directory.internal.imports.Entry.AudienceDecl;
import org.preau.directory.internal.imports.Entry.AudienceEntry;
import org.preau.directory.internal.imports.Entry.Op;
import org.preau.directory.internal.imports.Entry.PersonEntry;
import org.preau.directory.internal.imports.Entry.Ref;
import org.preau.directory.internal.imports.Entry.SchoolEntry;
import org.preau.directory.internal.imports.Entry.SlotEntry;
import org.preau.directory.internal.imports.Entry.SubjectEntry;
import org.preau.directory.internal.imports.Entry.Teach;
import org.preau.identity.Profile;

/**
 * Reads Préau's CSV files (columns in docs/IMPORTS.md) with Apache Commons CSV, one record at a time. UTF-8 only,
 * decoded strictly (a BOM is skipped; other bytes are refused, never guessed: see docs/IMPORTS.md), a header line, {@code ;} or {@code ,} as separator (whichever the header uses), {@code |} between
 * the values of a list column.
 */
final class CsvFileReader {

    static final Map<ImportKind, List<String>> REQUIRED = Map.of(
            ImportKind.CSV_SCHOOLS, List.of("uai", "name"),
            ImportKind.CSV_SUBJECTS, List.of("uai", "code", "label"),
            ImportKind.CSV_CLASSES, List.of("uai", "type", "code", "name"),
            ImportKind.CSV_PEOPLE, List.of("id", "profile", "family_name", "given_name"),
            ImportKind.CSV_TIMETABLE, List.of("uai", "audience", "subject", "weekday", "start", "end"));

    private final ErrorList errors;

    CsvFileReader(ErrorList errors) {
        this.errors = errors;
    }

    /** Detects the separator and the kind from the header line of a buffered, marked stream. */
    static Header header(BufferedReader in) throws IOException {
        in.mark(BoundedDecodingReader.MAX_CHARS + 2);
        String line = in.readLine();
        in.reset();
        if (line == null) {
            return new Header(',', List.of());
        }
        if (line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        char sep = separator(count(line, ';'), count(line, ','));
        var columns = new ArrayList<String>();
        for (String c : line.split(sep == ';' ? ";" : ",", -1)) {
            columns.add(ImportKind.normalise(c.replace("\"", "")));
        }
        return new Header(sep, columns);
    }

    record Header(char separator, List<String> columns) {}

    /** The separator of a file whose header line has these counts: whichever it uses more, {@code ,} on a tie. */
    static char separator(int semicolons, int commas) {
        return semicolons > commas ? ';' : ',';
    }

    private static int count(String s, char c) {
        return (int) s.chars().filter(x -> x == c).count();
    }

    /** The file's characters: UTF-8, decoded strictly, each record bounded (see {@link CsvRecordEnds}). */
    static BufferedReader open(InputStream in) {
        return new BufferedReader(
                new BoundedDecodingReader(
                        in, StandardCharsets.UTF_8, new CsvRecordEnds(), BoundedDecodingReader.MAX_CHARS),
                64 * 1024);
    }

    /** Streams the file, handing each line's entry to {@code sink}; returns the kind it found. */
    ImportKind read(BufferedReader in, Consumer<Entry> sink) throws IOException {
        var header = header(in);
        var kind = ImportKind.fromCsvHeader(header.columns()).orElse(null);
        if (kind == null) {
            errors.add(1, "", "imports.error.csv.kind", String.join(", ", header.columns()));
            return null;
        }
        for (String column : REQUIRED.get(kind)) {
            if (!header.columns().contains(column)) {
                errors.add(1, column, "imports.error.csv.column", column);
            }
        }
        if (errors.any()) {
            return kind;
        }
        var format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(header.separator())
                .setHeader()
                .setSkipHeaderRecord(true)
                .setTrim(true)
                .setIgnoreEmptyLines(false)
                .get();
        try (CSVParser parser =
                CSVParser.builder().setReader(in).setFormat(format).get()) {
            Map<String, String> names = new HashMap<>();
            for (String h : parser.getHeaderNames()) {
                names.put(ImportKind.normalise(h), h);
            }
            for (CSVRecord record : parser) {
                // Line of the record: the header is line 1 (a value spanning lines shifts the count; see docs).
                long line = record.getRecordNumber() + 1;
                if (record.size() == 1 && record.get(0).isEmpty()) {
                    continue; // blank line
                }
                var row = new Row(record, names, line);
                var entry = switch (kind) {
                    case CSV_SCHOOLS -> school(row);
                    case CSV_SUBJECTS -> subject(row);
                    case CSV_CLASSES -> audience(row);
                    case CSV_PEOPLE -> person(row);
                    case CSV_TIMETABLE -> slot(row);
                    default -> null;
                };
                if (entry != null) {
                    sink.accept(entry);
                }
            }
        } catch (java.io.UncheckedIOException | IllegalStateException e) {
            UnreadableInput.in(e)
                    .ifPresentOrElse(
                            u -> u.report(errors),
                            () -> errors.add(0, "", "imports.error.csv.malformed", String.valueOf(e.getMessage())));
        }
        return kind;
    }

    /** One record, with errors reported against its line and column. */
    private final class Row {
        private final CSVRecord record;
        private final Map<String, String> names;
        final long line;
        boolean bad;

        Row(CSVRecord record, Map<String, String> names, long line) {
            this.record = record;
            this.names = names;
            this.line = line;
        }

        String get(String column) {
            String header = names.get(column);
            if (header == null || !record.isSet(header)) {
                return null;
            }
            String v = record.get(header).trim();
            return v.isEmpty() ? null : v;
        }

        String required(String column) {
            String v = get(column);
            if (v == null) {
                error(column, "imports.error.required", column);
            }
            return v;
        }

        List<String> list(String column) {
            String v = get(column);
            var result = new ArrayList<String>();
            if (v != null) {
                for (String part : v.split("\\|")) {
                    if (!part.isBlank()) {
                        result.add(part.trim());
                    }
                }
            }
            return result;
        }

        void error(String column, String code, Object... args) {
            errors.add(line, column, code, args);
            bad = true;
        }

        String uai(String column) {
            String uai = required(column);
            if (uai != null && !XmlFeedReader.UAI.matcher(uai).matches()) {
                error(column, "imports.error.uai", uai);
                return null;
            }
            return uai;
        }
    }

    private Entry school(Row r) {
        String uai = r.uai("uai");
        String name = r.required("name");
        String zoneText = r.get("zone");
        Optional<HolidayZone> zone = HolidayZones.parse(zoneText);
        if (zoneText != null && zone.isEmpty()) {
            r.error("zone", "imports.error.zone", zoneText);
        }
        return r.bad ? null : new SchoolEntry(r.line, uai, uai, name, r.get("city"), List.of(), List.of(), zone);
    }

    private Entry subject(Row r) {
        String uai = r.uai("uai");
        String code = r.required("code");
        String label = r.required("label");
        return r.bad ? null : new SubjectEntry(r.line, new Ref(uai, null, "uai"), code, label);
    }

    private Entry audience(Row r) {
        String uai = r.uai("uai");
        String type = r.required("type");
        String code = r.required("code");
        String name = r.required("name");
        Boolean group = null;
        if (type != null) {
            group = switch (type.toUpperCase(Locale.ROOT)) {
                case "CLASS", "CLASSE" -> false;
                case "GROUP", "GROUPE" -> true;
                default -> null;
            };
            if (group == null) {
                r.error("type", "imports.error.type", type);
            }
        }
        return r.bad
                ? null
                : new AudienceEntry(
                        r.line, new Ref(uai, null, "uai"), group, new AudienceDecl(code, name, r.get("level")));
    }

    private static final Set<String> PUPIL = Set.of("PUPIL", "ELEVE", "ÉLÈVE");
    private static final Set<String> PARENT = Set.of("PARENT", "RESPONSABLE");
    private static final Set<String> TEACHER = Set.of("TEACHER", "ENSEIGNANT");
    private static final Set<String> STAFF = Set.of("STAFF", "PERSONNEL");

    private Entry person(Row r) {
        String id = r.required("id");
        String profileText = r.required("profile");
        String family = r.required("family_name");
        String given = r.required("given_name");
        Profile profile = null;
        if (profileText != null) {
            String p = profileText.toUpperCase(Locale.ROOT);
            profile = PUPIL.contains(p)
                    ? Profile.PUPIL
                    : PARENT.contains(p)
                            ? Profile.PARENT
                            : TEACHER.contains(p) ? Profile.TEACHER : STAFF.contains(p) ? Profile.STAFF : null;
            if (profile == null) {
                r.error("profile", "imports.error.profile", profileText);
            }
        }
        var uais = new ArrayList<Ref>();
        for (String uai : r.list("uai")) {
            if (!XmlFeedReader.UAI.matcher(uai).matches()) {
                r.error("uai", "imports.error.uai", uai);
            } else {
                uais.add(new Ref(uai, null, "uai"));
            }
        }
        if (profile != null && profile != Profile.PARENT && uais.isEmpty() && r.get("uai") == null) {
            r.error("uai", "imports.error.required", "uai");
        }
        String home = uais.isEmpty() ? null : uais.getFirst().school();
        var classes = new ArrayList<Ref>();
        var groups = new ArrayList<Ref>();
        var parents = new ArrayList<Ref>();
        var teaches = new ArrayList<Teach>();
        if (home != null) {
            r.list("classes").forEach(c -> classes.add(new Ref(home, c, "classes")));
            r.list("groups").forEach(g -> groups.add(new Ref(home, g, "groups")));
            for (String t : r.list("teaches")) {
                String[] parts = t.split(":", -1);
                if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    r.error("teaches", "imports.error.format", t);
                } else {
                    teaches.add(new Teach(home, parts[0].trim(), null, parts[1].trim(), "teaches"));
                }
            }
        }
        r.list("parents").forEach(p -> parents.add(new Ref(null, p, "parents")));
        if (profile != null && profile != Profile.PUPIL && !(classes.isEmpty() && groups.isEmpty())) {
            r.error("classes", "imports.error.pupil.only");
        }
        if (r.bad) {
            return null;
        }
        return new PersonEntry(
                r.line,
                Op.ADD,
                profile,
                id,
                given,
                family,
                r.get("login"),
                r.get("email"),
                profile == Profile.STAFF ? r.get("function") : null,
                uais,
                classes,
                groups,
                parents,
                teaches);
    }

    private Entry slot(Row r) {
        String uai = r.uai("uai");
        String audience = r.required("audience");
        String subject = r.required("subject");
        int weekday = weekday(r, r.required("weekday"));
        LocalTime start = time(r, "start");
        LocalTime end = time(r, "end");
        if (start != null && end != null && !end.isAfter(start)) {
            r.error("end", "imports.error.end.before.start", end, start);
        }
        if (r.bad) {
            return null;
        }
        return new SlotEntry(
                r.line,
                new Ref(uai, null, "uai"),
                audience,
                subject,
                r.get("teacher"),
                weekday,
                start,
                end,
                r.get("room"));
    }

    private static int weekday(Row r, String text) {
        if (text == null) {
            return 0;
        }
        String t = text.toLowerCase(Locale.ROOT);
        int day = switch (t) {
            case "1", "lundi", "monday", "mon", "lun" -> 1;
            case "2", "mardi", "tuesday", "tue", "mar" -> 2;
            case "3", "mercredi", "wednesday", "wed", "mer" -> 3;
            case "4", "jeudi", "thursday", "thu", "jeu" -> 4;
            case "5", "vendredi", "friday", "fri", "ven" -> 5;
            case "6", "samedi", "saturday", "sat", "sam" -> 6;
            case "7", "dimanche", "sunday", "sun", "dim" -> 7;
            default -> 0;
        };
        if (day == 0) {
            r.error("weekday", "imports.error.weekday", text);
        }
        return day;
    }

    private static LocalTime time(Row r, String column) {
        String v = r.required(column);
        if (v == null) {
            return null;
        }
        try {
            return LocalTime.parse(v.length() == 4 ? "0" + v : v);
        } catch (DateTimeParseException e) {
            r.error(column, "imports.error.time", v);
            return null;
        }
    }
}
