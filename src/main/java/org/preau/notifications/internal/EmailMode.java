package org.preau.notifications.internal;

/** When a person's notifications are also mailed. */
public enum EmailMode {
    /** A mail per notification, as soon as it is visible. */
    IMMEDIATE,
    /** One mail a day with what is still unread. */
    DIGEST,
    /** No mail: the feed only (the default, until a person gives an address). */
    NEVER
}
