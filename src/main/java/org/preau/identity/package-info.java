/**
 * Identity: accounts, credentials, log-in and log-out, remembered devices, activation codes, password changes and
 * resets, failed-log-in throttling and the log-in audit trail. Its public API is {@link org.preau.identity.CurrentUser}
 * (who is signed in), {@link org.preau.identity.Profile} and the services in this package; everything else lives in
 * {@code internal}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Identity")
package org.preau.identity;
