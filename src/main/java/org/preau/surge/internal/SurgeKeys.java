package org.preau.surge.internal;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The node-independent signing key: from {@code preau.surge.secret} when set, else generated once and stored in
 * PostgreSQL (the first node to start writes it, every other node reads the same row).
 */
@Component
@DependsOnDatabaseInitialization
class SurgeKeys {

    private final Hmac tickets;
    private final Hmac challenges;

    SurgeKeys(SurgeProperties properties, JdbcClient jdbc) {
        byte[] master;
        if (!properties.secret().isBlank()) {
            master = properties.secret().getBytes(StandardCharsets.UTF_8);
            if (master.length < 32) {
                throw new IllegalStateException("preau.surge.secret must be at least 32 characters");
            }
        } else {
            byte[] fresh = new byte[32];
            new SecureRandom().nextBytes(fresh);
            jdbc.sql("insert into surge_secret (name, value) values ('hmac', ?) on conflict (name) do nothing")
                    .param(fresh)
                    .update();
            master = jdbc.sql("select value from surge_secret where name = 'hmac'")
                    .query(byte[].class)
                    .single();
        }
        var root = new Hmac(master);
        this.tickets = root.derive("waiting-room-ticket");
        this.challenges = root.derive("proof-of-work-challenge");
    }

    Hmac tickets() {
        return tickets;
    }

    Hmac challenges() {
        return challenges;
    }
}
