/**
 * Notifications: the in-app feed "Nouveautés" with its unread state, and e-mail per person's preference (at once,
 * a daily digest, or never) sent through an outbox over SMTP. Driven by other modules' events, each consumed once per
 * event id and idempotently (a redelivered event adds nothing): homework's new work, returned and reopened hand-ins,
 * news, and any module's {@link org.preau.notifications.NotificationRequested} (messages, live classes opening).
 * Mail leaves through the {@code mail_outbox} table: a failing SMTP server delays it, never loses it, and each
 * destination domain gets at most a set rate (ADR 0051, 0052).
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /nouveautes}, {@code /nouveautes/**}, {@code /api/v1/notifications},
 *       {@code /api/v1/notifications/**}
 *   <li>Events published: none
 *   <li>Events consumed: {@link org.preau.homework.WorkAssigned}, {@link org.preau.homework.HandinReturned},
 *       {@link org.preau.homework.HandinReopened}, {@link org.preau.news.NewsPublished},
 *       {@link org.preau.notifications.NotificationRequested}
 *   <li>Templates: {@code jte/notifications/}
 *   <li>Bundle: {@code i18n/notifications.properties}
 *   <li>Assets: none
 *   <li>Migrations: {@code db/migration/notifications}, {@code V12_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Notifications")
package org.preau.notifications;
