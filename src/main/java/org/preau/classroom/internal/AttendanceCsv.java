package org.preau.classroom.internal;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.preau.platform.SchoolTime;

/**
 * Attendance for the vie scolaire: one line per stay (a join and its leave), times in Europe/Paris. Opened in a
 * spreadsheet, a cell starting with {@code = + - @}, a tab or a carriage return would be read as a formula (a name
 * can be anything an import brought in): such a cell is written with a leading apostrophe, the OWASP advice for
 * CSV injection, and every cell is quoted.
 */
final class AttendanceCsv {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(SchoolTime.ZONE);

    private AttendanceCsv() {}

    static String write(List<RoomState.Stay> stays, Function<String, String> t, Instant now) {
        var out = new StringWriter();
        var format = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(';')
                .setQuoteMode(org.apache.commons.csv.QuoteMode.ALL)
                .setRecordSeparator("\r\n")
                .get();
        try (var csv = format.print(out)) {
            csv.printRecord(
                    t.apply("classroom.csv.name"),
                    t.apply("classroom.csv.role"),
                    t.apply("classroom.csv.joined"),
                    t.apply("classroom.csv.left"),
                    t.apply("classroom.csv.minutes"));
            for (var s : stays) {
                Instant end = s.left().orElse(now);
                csv.printRecord(
                        neutralise(s.name()),
                        t.apply("classroom.role." + s.role().name()),
                        TIME.format(s.joined()),
                        s.left().map(TIME::format).orElse(""),
                        Long.toString(Duration.between(s.joined(), end).toMinutes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return "\uFEFF" + out;
    }

    /** A cell a spreadsheet would take for a formula, made plain text. */
    static String neutralise(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char c = cell.charAt(0);
        return (c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' || c == '\n' || c == '|')
                ? "'" + cell
                : cell;
    }
}
