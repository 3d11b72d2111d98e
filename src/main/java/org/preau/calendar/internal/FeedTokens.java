package org.preau.calendar.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Secret feed links: 256 random bits, shown once to their owner, stored only as a SHA-256 hash so that a database
 * leak does not open anyone's calendar. A new link replaces the old one; revoking removes it.
 */
@Repository
class FeedTokens {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcClient jdbc;
    private final Clock clock;

    FeedTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Makes a new link for {@code accountId} (the old one stops working) and returns its secret. */
    @Transactional
    String renew(UUID accountId) {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        jdbc.sql("""
                        insert into calendar_feed_token (account_id, token_hash, created_at) values (?, ?, ?)
                        on conflict (account_id) do update set token_hash = excluded.token_hash,
                            created_at = excluded.created_at, last_used_at = null""")
                .params(accountId, hash(token), clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        return token;
    }

    void revoke(UUID accountId) {
        jdbc.sql("delete from calendar_feed_token where account_id = ?")
                .param(accountId)
                .update();
    }

    boolean exists(UUID accountId) {
        return jdbc.sql("select count(*) from calendar_feed_token where account_id = ?")
                        .param(accountId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** The owner of a secret, if it is a live link. */
    Optional<UUID> owner(String token) {
        if (token == null || token.length() != 43) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        update calendar_feed_token set last_used_at = ? where token_hash = ? returning account_id""")
                .params(clock.instant().atOffset(ZoneOffset.UTC), hash(token))
                .query(UUID.class)
                .optional();
    }

    private static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
