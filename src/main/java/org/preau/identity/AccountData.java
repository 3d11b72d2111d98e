package org.preau.identity;

import java.util.Optional;

/**
 * What an import or an operator provides to create or update an account.
 *
 * @param externalId the join key of the source (national feed's ENTPersonJointure, CSV id); updates match on it
 * @param login the wanted login; when empty one is derived from the names ({@code prenom.nom}, then a number)
 */
public record AccountData(
        String externalId,
        Optional<String> login,
        String givenName,
        String familyName,
        Profile profile,
        Optional<String> email) {

    public String displayName() {
        return (givenName + " " + familyName).trim();
    }
}
