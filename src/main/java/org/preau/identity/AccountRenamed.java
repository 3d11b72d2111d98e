package org.preau.identity;

import java.time.Instant;
import java.util.UUID;

/**
 * An account's login or display name changed (an import, an operator): modules that keep a copy of names (the
 * directory's search index, ADR 0006) update it. Published inside the writing transaction; consumers are
 * {@code @ApplicationModuleListener}s, so the event survives a crash (the event publication registry).
 *
 * @param accountId whose names changed
 * @param login the login now
 * @param displayName the display name now
 * @param at when
 */
public record AccountRenamed(UUID accountId, String login, String displayName, Instant at) {}
