package org.preau.classroom.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;

/** The attendance export: one line per stay, and no cell a spreadsheet would run as a formula. */
class AttendanceCsvTest {

    @Test
    void cellsThatASpreadsheetWouldTakeForFormulasArePlainText() throws Exception {
        Instant at = Instant.parse("2026-12-01T08:00:00Z");
        var stays = List.of(
                new RoomState.Stay(
                        UUID.randomUUID(),
                        "=HYPERLINK(\"http://evil\",\"x\")",
                        Room.Role.PARTICIPANT,
                        at,
                        Optional.of(at.plusSeconds(600))),
                new RoomState.Stay(UUID.randomUUID(), "+33 6 12", Room.Role.PARTICIPANT, at, Optional.empty()),
                new RoomState.Stay(UUID.randomUUID(), "-2+3", Room.Role.PARTICIPANT, at, Optional.empty()),
                new RoomState.Stay(UUID.randomUUID(), "@SUM(A1)", Room.Role.PARTICIPANT, at, Optional.empty()),
                new RoomState.Stay(UUID.randomUUID(), "\tcmd", Room.Role.PARTICIPANT, at, Optional.empty()),
                new RoomState.Stay(UUID.randomUUID(), "Louise Martin", Room.Role.MODERATOR, at, Optional.empty()));
        String csv = AttendanceCsv.write(stays, key -> key.substring(key.lastIndexOf('.') + 1), at.plusSeconds(1200));
        var records = CSVFormat.DEFAULT
                .builder()
                .setDelimiter(';')
                .get()
                .parse(new StringReader(csv.substring(1)))
                .getRecords();
        assertThat(records).hasSize(7);
        assertThat(records.get(1).get(0)).isEqualTo("'=HYPERLINK(\"http://evil\",\"x\")");
        assertThat(records.get(1).get(2)).isEqualTo("2026-12-01 09:00:00"); // Paris time
        assertThat(records.get(1).get(3)).isEqualTo("2026-12-01 09:10:00");
        assertThat(records.get(1).get(4)).isEqualTo("10");
        assertThat(records.get(2).get(0)).isEqualTo("'+33 6 12");
        assertThat(records.get(2).get(3)).isEmpty(); // still there
        assertThat(records.get(2).get(4)).isEqualTo("20");
        assertThat(records.get(3).get(0)).isEqualTo("'-2+3");
        assertThat(records.get(4).get(0)).isEqualTo("'@SUM(A1)");
        assertThat(records.get(5).get(0)).isEqualTo("'\tcmd");
        assertThat(records.get(6).get(0)).isEqualTo("Louise Martin");
        for (var r : records.subList(1, records.size())) {
            assertThat(r.get(0))
                    .doesNotStartWith("=")
                    .doesNotStartWith("+")
                    .doesNotStartWith("-")
                    .doesNotStartWith("@");
        }
        assertThat(csv).startsWith("\uFEFF\"name\";\"role\"");
    }
}
