package org.preau.calendar.internal;

import biweekly.component.DaylightSavingsTime;
import biweekly.component.Observance;
import biweekly.component.StandardTime;
import biweekly.component.VTimezone;
import biweekly.util.DateTimeComponents;
import biweekly.util.Frequency;
import biweekly.util.Recurrence;
import biweekly.util.UtcOffset;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransitionRule;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code VTIMEZONE} for a time zone, built from the JVM's own zone rules (the tz database Java ships), so the feed
 * carries the definition of the {@code TZID} it uses without anything being downloaded (biweekly's only other source
 * is tzurl.org). Only the zone's current yearly rules are written, with a start in 1970: enough for every date a
 * school feed shows.
 */
final class VTimezones {

    private VTimezones() {}

    static VTimezone of(ZoneId zone) {
        var vtz = new VTimezone(zone.getId());
        var rules = zone.getRules();
        List<ZoneOffsetTransitionRule> yearly = rules.getTransitionRules();
        if (yearly.isEmpty()) {
            // A fixed offset (or a zone that stopped changing): one standard observance.
            ZoneOffset offset = rules.getOffset(java.time.Instant.now());
            var standard = new StandardTime();
            standard.setDateStart(new DateTimeComponents(1970, 1, 1, 0, 0, 0, false));
            standard.setTimezoneOffsetFrom(offset(offset));
            standard.setTimezoneOffsetTo(offset(offset));
            vtz.addStandardTime(standard);
            return vtz;
        }
        for (var rule : yearly) {
            var transition = rule.createTransition(1970);
            boolean daylight = rule.getOffsetAfter().getTotalSeconds()
                    > rule.getStandardOffset().getTotalSeconds();
            Observance observance = daylight ? new DaylightSavingsTime() : new StandardTime();
            LocalDateTime start = transition.getDateTimeBefore();
            observance.setDateStart(new DateTimeComponents(
                    start.getYear(),
                    start.getMonthValue(),
                    start.getDayOfMonth(),
                    start.getHour(),
                    start.getMinute(),
                    start.getSecond(),
                    false));
            observance.setTimezoneOffsetFrom(offset(rule.getOffsetBefore()));
            observance.setTimezoneOffsetTo(offset(rule.getOffsetAfter()));
            observance.setRecurrenceRule(recurrence(rule));
            if (daylight) {
                vtz.addDaylightSavingsTime((DaylightSavingsTime) observance);
            } else {
                vtz.addStandardTime((StandardTime) observance);
            }
        }
        return vtz;
    }

    /**
     * The yearly rule as an RRULE: "the last Sunday of March" where the rule says "the Sunday on or after the 25th of
     * a 31-day month", "the second Sunday" for "on or after the 8th", otherwise the literal set of days.
     */
    private static Recurrence recurrence(ZoneOffsetTransitionRule rule) {
        Month month = rule.getMonth();
        int indicator = rule.getDayOfMonthIndicator();
        var builder = new Recurrence.Builder(Frequency.YEARLY).byMonth(month.getValue());
        if (rule.getDayOfWeek() == null) {
            return builder.byMonthDay(indicator).build();
        }
        var day = biweekly.util.DayOfWeek.valueOf(rule.getDayOfWeek().name());
        boolean fixedLength = month.minLength() == month.maxLength();
        if (indicator > 0 && fixedLength && indicator + 6 == month.maxLength()) {
            return builder.byDay(-1, day).build();
        }
        if (indicator > 0 && (indicator - 1) % 7 == 0) {
            return builder.byDay((indicator - 1) / 7 + 1, day).build();
        }
        List<Integer> days = new ArrayList<>();
        if (indicator > 0) {
            for (int d = indicator; d <= Math.min(indicator + 6, 31); d++) {
                days.add(d);
            }
        } else {
            // Negative: counted from the end of the month, the day of week on or before it.
            for (int d = indicator - 6; d <= indicator; d++) {
                days.add(d);
            }
        }
        return builder.byDay(day).byMonthDay(days).build();
    }

    private static UtcOffset offset(ZoneOffset offset) {
        return new UtcOffset(offset.getTotalSeconds() * 1000L);
    }
}
