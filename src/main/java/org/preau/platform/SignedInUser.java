package org.preau.platform;

import java.util.UUID;

/**
 * What the page shell needs to know of whoever is signed in. The identity module's principal implements it, so
 * that the shared kernel can render the navigation without depending on identity.
 */
public interface SignedInUser {

    UUID accountId();

    String login();

    String displayName();

    /** {@code PUPIL}, {@code PARENT}, {@code TEACHER}, {@code STAFF} or {@code ADMIN}. */
    String profileName();
}
