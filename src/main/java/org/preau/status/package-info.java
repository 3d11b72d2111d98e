/**
 * Status: says, live and to everyone, which part of a Préau deployment is failing and whose it is. On 6 April 2021
 * nobody could say which part had failed or who ran it; here a responsibility registry (a configuration file: what
 * each component does, who operates it, who hosts it and where, a public contact) is joined with probes that really
 * exercise each component (a database query, a file written and read back, an SMTP handshake, the identity
 * provider's metadata, the video servers' API, the node's own lanes and hash pool) and with incidents opened and
 * closed by those probes, so that the public page {@code /statut} names the failing part and its operator, and keeps
 * doing so while Préau's own database is down (everything it shows is held in memory; docs/adr/0030-0034).
 *
 * <p>Public API: {@link org.preau.status.FileStoreProbe}, the one probe another module may provide (the file store
 * a deployment uses, so that the probe follows it when it moves). Everything else lives in {@code internal}.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /statut}, {@code /statut.json}, {@code /statut.atom}, {@code /admin/statut},
 *       {@code /admin/statut/**}
 *   <li>Events published: {@link org.preau.platform.audit.AuditEvent} (incidents opened and updated by operators)
 *   <li>Events consumed: none
 *   <li>Templates: {@code jte/status/}
 *   <li>Bundle: {@code i18n/status.properties}
 *   <li>Assets: {@code /assets/status/}
 *   <li>Migrations: {@code db/migration/status}, {@code V13_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Status")
package org.preau.status;
