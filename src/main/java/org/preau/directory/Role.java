package org.preau.directory;

/** The role an account has in one school (the same names as identity's profiles). */
public enum Role {
    PUPIL,
    PARENT,
    TEACHER,
    STAFF,
    ADMIN
}
