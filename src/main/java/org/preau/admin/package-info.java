/**
 * Admin: the school and operator console under {@code /admin} — schools, their classes and groups with their members,
 * user search, activation codes to print for a class, password resets, each school's communication rules, and the
 * audit log of staff and operator actions. It owns no directory or identity data: it reads the directory and calls
 * identity's activation codes through their public APIs, after asking the directory's
 * {@link org.preau.directory.Rights} who may act on which school (staff on their schools, the operator on all).
 * Directory imports have their own pages, linked from the admin home.
 *
 * <p>Routes: {@code /admin}, {@code /admin/ecoles/**}, {@code /admin/journal}. Events: listens to
 * {@link org.preau.platform.audit.AuditEvent} (writes {@code audit_log}, idempotent on the event id). Templates:
 * {@code jte/admin}. Bundle: {@code i18n/admin}. Migrations: {@code db/migration/admin}, V6_x. See ADR 0024.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin")
package org.preau.admin;
