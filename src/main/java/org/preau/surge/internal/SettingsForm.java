package org.preau.surge.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import org.preau.surge.Lane;
import org.preau.surge.SurgeSettings;
import org.preau.surge.SurgeSettings.PowMode;
import org.preau.surge.SurgeSettings.RoomMode;

/**
 * The console's controls form as posted, bound by Spring's data binding (a number that does not read, or a mode that
 * is not one of the offered ones, is a binding error on its field). A field left out keeps its default, as the API
 * does; the ranges are checked by {@link SurgeSettings#problems()}, the one rule for the form and the API.
 *
 * <p>Per-lane fields are named {@code max.LANE} and {@code queue.LANE}: {@link PerLane}'s components are the lanes.
 */
record SettingsForm(
        RoomMode waitingRoom,
        Double admissionPerSecond,
        Integer requestsPerVisitor,
        Integer roomCapacity,
        PerLane max,
        PerLane queue,
        Integer laneMaxWaitMillis,
        PowMode proofOfWork,
        Integer powBaseBits,
        Integer powMaxBits,
        Double powFailedLoginsPerSecond,
        Integer powLoginQueue,
        Integer addressPerSecond,
        Integer accountPerSecond,
        Integer loginPerMinute,
        Integer writesPerMinute,
        Integer suspectMinutes,
        Boolean readOnly) {

    /**
     * One number per lane. The components are named after {@link Lane}'s constants so that the posted names are the
     * lanes' names; {@link #of(Lane)} is an exhaustive switch, so a new lane does not compile until it is added here.
     */
    record PerLane(
            Integer SIGNED_IN_PRIORITY, Integer SIGNED_IN_PARENT, Integer LOGIN, Integer ANONYMOUS, Integer SUSPECT) {

        Integer of(Lane lane) {
            return switch (lane) {
                case SIGNED_IN_PRIORITY -> SIGNED_IN_PRIORITY;
                case SIGNED_IN_PARENT -> SIGNED_IN_PARENT;
                case LOGIN -> LOGIN;
                case ANONYMOUS -> ANONYMOUS;
                case SUSPECT -> SUSPECT;
            };
        }
    }

    /** The settings this form asks for, each field left out (or refused by the binding) at its default. */
    SurgeSettings toSettings() {
        var d = SurgeSettings.defaults();
        return new SurgeSettings(
                or(waitingRoom, d.waitingRoom()),
                or(admissionPerSecond, d.admissionPerSecond()),
                or(requestsPerVisitor, d.requestsPerVisitor()),
                or(roomCapacity, d.roomCapacity()),
                lanes(max, d::maxConcurrency),
                lanes(queue, d::queue),
                or(laneMaxWaitMillis, d.laneMaxWaitMillis()),
                or(proofOfWork, d.proofOfWork()),
                or(powBaseBits, d.powBaseBits()),
                or(powMaxBits, d.powMaxBits()),
                or(powFailedLoginsPerSecond, d.powFailedLoginsPerSecond()),
                or(powLoginQueue, d.powLoginQueue()),
                or(addressPerSecond, d.addressPerSecond()),
                or(accountPerSecond, d.accountPerSecond()),
                or(loginPerMinute, d.loginPerMinute()),
                or(writesPerMinute, d.writesPerMinute()),
                or(suspectMinutes, d.suspectMinutes()),
                readOnly != null && readOnly);
    }

    private static Map<Lane, Integer> lanes(PerLane posted, Function<Lane, Integer> fallback) {
        var out = new EnumMap<Lane, Integer>(Lane.class);
        for (Lane lane : Lane.values()) {
            out.put(lane, or(posted == null ? null : posted.of(lane), fallback.apply(lane)));
        }
        return out;
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
