package org.preau.notifications;

/**
 * What a notification is about; each kind has its text in the notifications bundle
 * ({@code notifications.kind.<KIND>}, with the request's arguments), so that the feed and the mails speak the reader's
 * language.
 */
public enum NotificationKind {
    /** A new piece of work for one's class or group. Arguments: subject, class or group, due date. */
    NEW_WORK,
    /** A hand-in returned with feedback. Arguments: subject. */
    HANDIN_RETURNED,
    /** A hand-in reopened so that it can be changed. Arguments: subject. */
    HANDIN_REOPENED,
    /** News for one's school, class or group. Arguments: title, school/class/group name. */
    NEWS,
    /** A new message. Arguments: sender's name, subject of the message. */
    MESSAGE,
    /** A live class opening. Arguments: class or group, subject (or the room's name). */
    LIVE_CLASS_OPENED
}
