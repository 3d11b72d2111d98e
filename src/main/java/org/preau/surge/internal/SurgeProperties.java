package org.preau.surge.internal;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Deployment settings of the surge module ({@code preau.surge.*}); the live operator controls are
 * {@link org.preau.surge.SurgeSettings}, stored in the database.
 *
 * @param enabled whether the surge filter runs at all; {@code false} only to measure Préau without its defences
 *     (the benchmark's "defences off" run)
 * @param secret the HMAC key (at least 32 characters) for tickets and challenges, the same on every node; when
 *     empty, a random key is generated once and kept in the database, which all nodes share
 * @param ticketLifetime how long a waiting-room ticket stays valid, waiting and then admitted
 * @param powLifetime how long a proof-of-work challenge may be used
 * @param bypassPaths path prefixes that skip every defence (static assets, health, the public status page)
 * @param lightPaths path prefixes that skip the lanes but not the per-address limit (the waiting room itself)
 * @param gatedSocketPaths path prefixes whose signed-in WebSocket handshakes skip the lanes because the module
 *     serving them lets them through a few at a time itself (the live classroom's gate, docs/adr/0091)
 * @param dbSlow a database probe slower than this counts as bad
 * @param dbTimeout connect and query timeout of the probe
 * @param dbFailuresToDegrade bad probes in a row that switch degraded mode on
 * @param dbSuccessesToRecover good probes in a row that switch it off
 * @param tarpit how long a rate-limited request is held before its 429, so that a client looping as fast as it is
 *     answered sends a few requests a second (docs/adr/0080); 0 answers at once
 * @param tarpitMaxHeld the most requests held at once; beyond it the 429 is sent at once
 */
@ConfigurationProperties("preau.surge")
record SurgeProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("") String secret,
        @DefaultValue("30m") Duration ticketLifetime,
        @DefaultValue("2m") Duration powLifetime,

        @DefaultValue({
            "/assets/",
            "/favicon.ico",
            "/sw.js",
            "/manifest.webmanifest",
            "/actuator/health",
            "/actuator/prometheus",
            // The public status page, served from memory: it must answer in the waiting room and while the
            // database (and with it the session store) is gone (docs/adr/0031).
            "/statut"
        })
        List<String> bypassPaths,

        @DefaultValue({"/salle-attente", "/api/v1/surge/pow/"})
        List<String> lightPaths,

        @DefaultValue("/classe/") List<String> gatedSocketPaths,

        @DefaultValue("500ms") Duration dbSlow,
        @DefaultValue("1s") Duration dbTimeout,
        @DefaultValue("2") int dbFailuresToDegrade,
        @DefaultValue("2") int dbSuccessesToRecover,
        @DefaultValue("1s") Duration tarpit,
        @DefaultValue("1000") int tarpitMaxHeld) {}
