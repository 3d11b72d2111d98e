package org.preau.surge.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import org.preau.surge.Lane;
import org.preau.surge.SurgeSettings;
import org.springframework.stereotype.Component;

/** The five lanes of this node, configured from the operator settings and reconfigured when they change. */
@Component
class Lanes {

    private final Map<Lane, LaneLimiter> lanes = new EnumMap<>(Lane.class);

    Lanes(SettingsStore settings, Clock clock) {
        var initial = settings.current();
        for (Lane lane : Lane.values()) {
            lanes.put(
                    lane,
                    new LaneLimiter(
                            lane,
                            initial.maxConcurrency(lane),
                            initial.queue(lane),
                            Duration.ofMillis(initial.laneMaxWaitMillis()),
                            new RateMeter(() -> clock.instant().getEpochSecond(), 10)));
        }
        settings.onChange(this::configure);
    }

    private void configure(SurgeSettings s) {
        lanes.forEach((lane, limiter) ->
                limiter.configure(s.maxConcurrency(lane), s.queue(lane), Duration.ofMillis(s.laneMaxWaitMillis())));
    }

    LaneLimiter get(Lane lane) {
        return lanes.get(lane);
    }

    /** Completed requests per second in the lanes whose overflow goes to the waiting room. */
    double roomLaneCompletionsPerSecond() {
        return lanes.get(Lane.LOGIN).completions.perSecond()
                + lanes.get(Lane.ANONYMOUS).completions.perSecond();
    }
}
