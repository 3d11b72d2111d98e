package org.preau.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * School-issued one-time codes: the first activation of an account, and password resets by school staff (a reset
 * clears the password and issues a new code). The caller (the admin module's services) has already checked, with the
 * directory's rights, that {@code issuedBy} may act on these accounts; this API records who issued what, and
 * publishes the action to the audit log ({@code identity.activation-codes}, {@code identity.password-reset}) in the
 * same transaction when there is an issuer.
 *
 * <p>A first-activation code never goes to an account in use: whoever picks up a printed slip must not take over an
 * account someone already activated. Such an account gets a code only through {@link #resetPassword}, an explicit act
 * on one person that its owner sees on their profile; and a code only ever activates an account that is not active
 * (a reset makes it so), so an old slip found later replaces nobody's password.
 */
public interface ActivationCodes {

    /** Where a code is used: identity's activation page, printed on every code sheet after the service's address. */
    String ACTIVATION_PATH = "/activation";

    /**
     * Issues a fresh first-activation code to each of these accounts that is not activated yet (PENDING), in the
     * order given, invalidating their earlier unused codes. Accounts in use (ACTIVE) or DISABLED get none and are
     * left as they are.
     *
     * @param issuedBy who asks; with one, the batch is audited
     * @param schoolId the school the batch is for, for its audit log
     * @param detail short facts for the audit log (the class, …); the counts are added here
     * @return the codes issued, each shown in clear only this once
     */
    List<IssuedCode> issue(
            Collection<UUID> accountIds, UUID issuedBy, Optional<UUID> schoolId, Map<String, String> detail);

    /** {@link #issue(Collection, UUID, Optional, Map)} with no school and no detail (tooling, tests). */
    default List<IssuedCode> issue(Collection<UUID> accountIds, UUID issuedBy) {
        return issue(accountIds, issuedBy, Optional.empty(), Map.of());
    }

    /**
     * Clears the account's password (it is PENDING again), ends its sessions and issues a new code: the explicit
     * reset, recorded so that the owner sees on their profile who reset it and when.
     *
     * @param schoolId the school whose console did it, for its audit log
     */
    IssuedCode resetPassword(UUID accountId, UUID issuedBy, Optional<UUID> schoolId);

    /** {@link #resetPassword(UUID, UUID, Optional)} with no school. */
    default IssuedCode resetPassword(UUID accountId, UUID issuedBy) {
        return resetPassword(accountId, issuedBy, Optional.empty());
    }
}
