package org.preau.status.internal;

/** A component's state on the page, best first; the JSON carries the lower-case name. */
public enum State {
    OPERATIONAL,
    /** Not yet probed since this node started. */
    CHECKING,
    /** No probe here reaches it (or none is configured): what the operators say is all there is. */
    UNMONITORED,
    /** Failing its probes for less than the incident delay, or an incident says it works partly. */
    DEGRADED,
    DOWN;

    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The worse of two states; UNMONITORED and CHECKING give way to anything known to be wrong. */
    State worst(State other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
