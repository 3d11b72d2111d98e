package org.preau.directory;

import java.util.Optional;

/** An account's place in one school; {@code function} is the staff function (direction, vie scolaire...). */
public record Membership(School school, Role role, Optional<String> function) {}
