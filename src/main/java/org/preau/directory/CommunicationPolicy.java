package org.preau.directory;

import java.util.Map;
import java.util.UUID;

/**
 * The communication rules of one school: the reach of every (sender role, recipient role) pair, with which pairs
 * the school changed from DOMAIN.md's defaults.
 *
 * @param reach every pair, defaults filled in
 * @param overridden the pairs whose reach the school set itself
 */
public record CommunicationPolicy(UUID schoolId, Map<Pair, Reach> reach, Map<Pair, Boolean> overridden) {

    /** A sender role and a recipient role. */
    public record Pair(Role from, Role to) {}

    public Reach reach(Role from, Role to) {
        return reach.get(new Pair(from, to));
    }

    public boolean isOverridden(Role from, Role to) {
        return overridden.getOrDefault(new Pair(from, to), false);
    }
}
