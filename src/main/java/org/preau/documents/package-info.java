/**
 * Documents: where every file's bytes live and how they are served, and each person's "espace documentaire". The
 * storage is content-addressed (SHA-256) behind one interface with two backends chosen by configuration, the local
 * disk by default or any S3-compatible service, so that several nodes need no shared disk; uploads stream through a
 * staging file, are scanned by ClamAV when it is configured and typed from their bytes. Exposes {@link
 * org.preau.documents.FileStore} (homework keeps its attachments there) and {@link
 * org.preau.documents.FileDownloads} (the one safe way to send a file) and {@link org.preau.documents.DocumentRules}
 * (which files are kept: types, size, names, for messaging's attachments too); everything else is internal.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /documents}, {@code /documents/**}, {@code /api/v1/documents}, {@code /api/v1/documents/**}
 *   <li>Events published: {@link org.preau.platform.audit.AuditEvent} (a refused infected file)
 *   <li>Events consumed: none
 *   <li>Templates: {@code jte/documents/}
 *   <li>Bundle: {@code i18n/documents.properties}
 *   <li>Assets: none
 *   <li>Migrations: {@code db/migration/documents}, {@code V9_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Documents")
package org.preau.documents;
