package org.preau.status.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Everything the public page, its JSON and its feed show, built from memory once per change and shared by every
 * request until the next change (so a flood of visitors costs a lookup, not a computation).
 *
 * @param version changes whenever anything shown changes (the ETag)
 * @param at when it was built
 * @param overall the worst state of any component
 * @param components in the registry's order
 * @param current incidents still open, newest first
 * @param past incidents closed in the last 30 days, newest first
 * @param days the last 30 days, oldest first (today last)
 */
public record BoardView(
        long version,
        Instant at,
        State overall,
        List<ComponentView> components,
        List<Incident> current,
        List<Incident> past,
        List<LocalDate> days) {

    /**
     * One component on the page.
     *
     * @param component its registry entry
     * @param state its state now
     * @param history the worst incident severity of each of the last 30 days (empty: none), oldest first
     */
    public record ComponentView(Registry.Component component, State state, List<Optional<Incident.Severity>> history) {}

    public Optional<ComponentView> component(String id) {
        return components.stream().filter(c -> c.component().id().equals(id)).findFirst();
    }

    /** The newest moment anything changed: the feed's {@code updated}. */
    Instant updated() {
        Instant latest = Instant.EPOCH;
        for (var list : List.of(current, past)) {
            for (var i : list) {
                latest = max(latest, i.started());
                latest = max(latest, i.ended().orElse(Instant.EPOCH));
                for (var u : i.updates()) {
                    latest = max(latest, u.at());
                }
            }
        }
        return latest.equals(Instant.EPOCH) ? at : latest;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
