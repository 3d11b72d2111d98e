package org.preau.identity;

/** What an account is in the school community; decides its default rights and its home page. */
public enum Profile {
    /** Élève. */
    PUPIL,
    /** Responsable légal. */
    PARENT,
    /** Enseignant. */
    TEACHER,
    /** Personnel: direction, vie scolaire, documentaliste, secrétariat. */
    STAFF,
    /** The operator's administrators (region, académie). */
    ADMIN
}
