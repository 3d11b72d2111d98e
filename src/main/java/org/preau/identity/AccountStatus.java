package org.preau.identity;

/** An account is PENDING until activated with a school-issued code, then ACTIVE; DISABLED when it leaves. */
public enum AccountStatus {
    PENDING,
    ACTIVE,
    DISABLED
}
