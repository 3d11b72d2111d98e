/**
 * The audit trail's contract: {@link org.preau.platform.audit.AuditEvent}, which any module publishes for a staff or
 * operator action and the admin module records (its {@code audit_log} table, its page {@code /admin/journal}). It is
 * in the platform so that publishing modules need not depend on the admin module, which depends on them.
 */
package org.preau.platform.audit;
