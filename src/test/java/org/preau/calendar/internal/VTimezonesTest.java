package org.preau.calendar.internal;

import static org.assertj.core.api.Assertions.assertThat;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.Observance;
import biweekly.component.VEvent;
import biweekly.component.VTimezone;
import biweekly.io.TimezoneAssignment;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The VTIMEZONE written for a zone, once written and read back by an iCalendar parser, has the transitions of Java's
 * own rules: the same wall-clock moments (expanded from its RRULEs) with the same offsets before and after.
 * (biweekly's own {@code ICalTimeZone} is not used as the oracle: it mis-converts some hours of transition days.)
 */
class VTimezonesTest {

    private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

    private static ICalendar roundTrip(ZoneId zone, Instant eventStart) {
        var ical = new ICalendar();
        var event = new VEvent();
        event.setDateStart(Date.from(eventStart), true);
        ical.addEvent(event);
        ical.getTimezoneInfo()
                .setDefaultTimezone(new TimezoneAssignment(TimeZone.getTimeZone(zone), VTimezones.of(zone)));
        return Biweekly.parse(Biweekly.write(ical).go()).first();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Europe/Paris", "America/New_York", "Australia/Sydney", "America/Santiago", "Asia/Tokyo"})
    void theWrittenDefinitionHasJavasTransitions(String id) {
        ZoneId zone = ZoneId.of(id);
        var parsed = roundTrip(zone, Instant.parse("2026-12-01T07:00:00Z"));
        VTimezone component =
                parsed.getTimezoneInfo().getComponents().iterator().next();
        assertThat(component.getTimezoneId().getValue()).isEqualTo(id);
        List<Observance> observances = new ArrayList<>(component.getStandardTimes());
        observances.addAll(component.getDaylightSavingsTime());

        var fromFeed = new TreeSet<String>();
        for (var o : observances) {
            String offsets = o.getTimezoneOffsetFrom().getValue() + ">"
                    + o.getTimezoneOffsetTo().getValue();
            if (o.getRecurrenceRule() == null) {
                fromFeed.add("fixed " + offsets);
                continue;
            }
            Date start = o.getDateStart().getValue().getRawComponents().toDate(UTC); // wall clock, read as UTC
            var it = o.getRecurrenceRule().getValue().getDateIterator(start, UTC);
            while (it.hasNext()) {
                var wall = LocalDateTime.ofInstant(it.next().toInstant(), ZoneOffset.UTC);
                if (wall.getYear() > 2030) {
                    break;
                }
                if (wall.getYear() >= 2026) {
                    fromFeed.add(wall + " " + offsets);
                }
            }
        }
        var fromJava = new TreeSet<String>();
        var rules = zone.getRules();
        if (rules.getTransitionRules().isEmpty()) {
            var offset =
                    new biweekly.util.UtcOffset(rules.getOffset(Instant.now()).getTotalSeconds() * 1000L);
            fromJava.add("fixed " + offset + ">" + offset);
        }
        for (var rule : rules.getTransitionRules()) {
            for (int year = 2026; year <= 2030; year++) {
                var t = rule.createTransition(year);
                fromJava.add(t.getDateTimeBefore() + " "
                        + new biweekly.util.UtcOffset(t.getOffsetBefore().getTotalSeconds() * 1000L) + ">"
                        + new biweekly.util.UtcOffset(t.getOffsetAfter().getTotalSeconds() * 1000L));
            }
        }
        assertThat(fromFeed).isEqualTo(fromJava);
    }

    @org.junit.jupiter.api.Test
    void parisLessonsReadBackAtTheirParisTimeInWinterAndSummer() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        for (String local : List.of("2026-12-01T08:00", "2027-07-01T14:00")) {
            Instant at = LocalDateTime.parse(local).atZone(paris).toInstant();
            var parsed = roundTrip(paris, at);
            assertThat(parsed.getEvents().getFirst().getDateStart().getValue().toInstant())
                    .isEqualTo(at);
        }
    }
}
