package org.preau.classroom.internal;

/** The ad hoc room's form: which class or group, and a title. */
public record AdHocForm(String audience, String title) {}
