/**
 * Identity: accounts, credentials, log-in and log-out, remembered devices, activation codes, password changes and
 * resets, failed-log-in throttling and the log-in audit trail. Its public API is {@link org.preau.identity.CurrentUser}
 * (who is signed in), {@link org.preau.identity.Profile}, {@link org.preau.identity.Accounts} and
 * {@link org.preau.identity.ActivationCodes} (for imports and staff), {@link org.preau.identity.HashingPool} (the
 * bounded Argon2id pool, for the surge module and benchmarks), {@link org.preau.identity.LoginProof} (what the
 * surge filter tells the log-in) and {@link org.preau.identity.LiveSessions} (for long-lived connections: keep their
 * session alive, learn when it ends); everything else lives in {@code internal}. Audit events:
 * {@code identity.password-reset} and {@code identity.activation-codes}. Cluster bus topic: {@code identity.login}.
 * See ADR 0013, 0022 and 0024.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}; {@code /deconnexion} is Spring Security's):
 *
 * <ul>
 *   <li>Routes: {@code /connexion}, {@code /activation}, {@code /profil}, {@code /profil/**}
 *   <li>Events published: {@link org.preau.identity.LoginSucceeded}, {@link org.preau.identity.LoginFailed},
 *       {@link org.preau.identity.AccountRenamed}, {@link org.preau.platform.audit.AuditEvent}
 *   <li>Events consumed: none
 *   <li>Templates: {@code jte/identity/}
 *   <li>Bundle: {@code i18n/identity.properties}
 *   <li>Assets: none
 *   <li>Migrations: {@code db/migration/identity}, {@code V2_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package org.preau.identity;
