package org.preau.identity;

import java.util.Collection;
import java.util.List;
import java.util.UUID;

/**
 * School-issued one-time codes: the first activation of an account, and password resets by school staff (a reset
 * clears the password and issues a new code). The caller (the admin module's services) has already checked that
 * {@code issuedBy} may act on these accounts (same school, staff role); this API records who issued what.
 */
public interface ActivationCodes {

    /** Issues a fresh code for each account, invalidating earlier unused ones. */
    List<IssuedCode> issue(Collection<UUID> accountIds, UUID issuedBy);

    /** Clears the account's password, ends its sessions and issues a new code. */
    IssuedCode resetPassword(UUID accountId, UUID issuedBy);
}
