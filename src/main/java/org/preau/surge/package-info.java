/**
 * Surge: keeps Préau serving its legitimate users on the first morning, under a rush and under attack. It owns the
 * lanes decided at the edge of every request (each with an adaptive concurrency limit and a bounded queue), the
 * waiting room (signed tickets, first come first served, admission at the measured sustainable rate), rate limits
 * per address, account and route family, proof-of-work on log-in under attack, degraded (read-only) mode when the
 * database is slow or gone, and the operator console {@code /admin/surge} with its API and metrics.
 *
 * <p>Public API: {@link org.preau.surge.Lane}, {@link org.preau.surge.DegradedMode} (consulted by pages and caches)
 * and {@link org.preau.surge.SurgeSettings} (the operator controls). Everything else lives in {@code internal}.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /admin/surge}, {@code /salle-attente}, {@code /api/v1/surge/**}
 *   <li>Events published: {@link org.preau.platform.audit.AuditEvent} (surge settings changed)
 *   <li>Events consumed: {@link org.preau.identity.LoginSucceeded}, {@link org.preau.identity.LoginFailed}
 *   <li>Templates: {@code jte/surge/}
 *   <li>Bundle: {@code i18n/surge.properties}
 *   <li>Assets: {@code /assets/surge/}
 *   <li>Migrations: {@code db/migration/surge}, {@code V5_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Surge")
package org.preau.surge;
