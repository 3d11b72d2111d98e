package org.preau.surge;

/**
 * The lane a request travels in, decided before any real work is done. Each lane has its own adaptive concurrency
 * limit and its own bounded queue, so a flood in one lane never starves another
 * (docs/adr/0010-surge-lanes-at-the-edge.md).
 */
public enum Lane {
    /** Signed-in pupils, teachers, staff and admins: the people the first morning is for. Never sent to wait. */
    SIGNED_IN_PRIORITY(false),
    /** Signed-in parents: served next; they may wait a little when the school day starts. */
    SIGNED_IN_PARENT(false),
    /** Log-in and account activation attempts: costly (password hashing) and the target of credential stuffing. */
    LOGIN(true),
    /** Everybody else: the log-in page, the home page, random URLs. */
    ANONYMOUS(true),
    /** Addresses that broke a rate limit and accounts flagged for abuse: a small lane of their own. */
    SUSPECT(false);

    private final boolean waitingRoom;

    Lane(boolean waitingRoom) {
        this.waitingRoom = waitingRoom;
    }

    /** Whether over-capacity traffic of this lane is sent to the waiting room rather than refused. */
    public boolean usesWaitingRoom() {
        return waitingRoom;
    }
}
