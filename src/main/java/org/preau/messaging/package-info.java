/**
 * Messaging (messagerie): messages stored once with one mailbox row per party (folders, read state, trash), threads,
 * replies and forwards, attachments kept by the documents module's {@link org.preau.documents.FileStore} under its
 * {@link org.preau.documents.DocumentRules} (once per message, downloaded by its parties only), drafts saved as one types or with a button, one's own folders and a search in one's own
 * messages; and its safety: per-account send limits (stricter for pupils), reports to the school's moderation queue
 * with the evidence kept, suspension of one account's sending by the school's staff, of a school's messaging by its
 * direction, of every school's by the operator (reading stays possible). Whom one may write to is the directory's
 * decision ({@link org.preau.directory.CommunicationRules}), asked in the service for pages and API alike. Publishes
 * {@link org.preau.messaging.MessageDelivered} when a message reaches its recipients. Audited actions:
 * {@code messaging.report}, {@code messaging.report-closed}, {@code messaging.account-suspended},
 * {@code messaging.account-restored}, {@code messaging.school-suspended}, {@code messaging.school-restored},
 * {@code messaging.all-suspended}, {@code messaging.all-restored}.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /messagerie/**}, {@code /api/v1/messages/**}, {@code /api/v1/messaging/**}
 *   <li>Events published: {@link org.preau.messaging.MessageDelivered}, {@link org.preau.notifications.NotificationRequested}
 *       (one per message: "Nouveautés" and mail), {@link org.preau.platform.audit.AuditEvent}
 *   <li>Events consumed: none
 *   <li>Templates: {@code jte/messaging/}
 *   <li>Bundle: {@code i18n/messaging.properties}
 *   <li>Assets: {@code /assets/messaging/}
 *   <li>Migrations: {@code db/migration/messaging}, {@code V10_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Messaging")
package org.preau.messaging;
