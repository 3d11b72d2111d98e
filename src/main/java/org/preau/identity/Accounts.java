package org.preau.identity;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Accounts, for the other modules. Writes join the caller's transaction, so that an import either writes all its
 * accounts and their directory records or nothing.
 */
public interface Accounts {

    Optional<AccountView> find(UUID id);

    Optional<AccountView> findByLogin(String login);

    /** The accounts among {@code ids} that exist, in no particular order. */
    List<AccountView> findAll(Collection<UUID> ids);

    /**
     * Creates or updates accounts matched on their external id, in bulk (JDBC batches), in the caller's
     * transaction. Re-running with the same data changes nothing. Existing logins and passwords are kept.
     *
     * @return the account id of every external id given
     */
    Map<String, UUID> upsertByExternalId(List<AccountData> accounts);

    /** Sets a password and activates the account: for the demo district and operator tooling only. */
    void setPassword(UUID accountId, String rawPassword);

    /**
     * Gives all these accounts the same password, hashed once, and activates them: for generated benchmark
     * populations only (hashing each of 20,000 passwords separately would take longer than the benchmark).
     */
    void setSamePassword(Collection<UUID> accountIds, String rawPassword);

    /** Renames the login (demo accounts get {@code eleve}, {@code parent}...). */
    void changeLogin(UUID accountId, String newLogin);

    /** Disables accounts that left (a {@code deleteRequest} of the national feed); their sessions end. */
    void disable(Collection<UUID> accountIds);
}
