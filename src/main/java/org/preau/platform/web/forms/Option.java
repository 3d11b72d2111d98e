package org.preau.platform.web.forms;

/** One choice of a {@code <select>}: the value sent and the label shown. */
public record Option(String value, String label) {}
