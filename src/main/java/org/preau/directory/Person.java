package org.preau.directory;

import java.util.UUID;

/** Somebody listed in a school's directory. */
public record Person(UUID accountId, String login, String displayName, Role role) {}
