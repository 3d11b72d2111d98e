package org.preau.platform;

import java.nio.file.Path;
import java.util.List;
import org.preau.platform.db.DatabaseTimeouts;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Operator settings, under the {@code preau.} prefix (environment variables {@code PREAU_...}).
 *
 * @param dataDir where the embedded PostgreSQL and local files live; survives restarts
 * @param demo whether demo mode is on: the demo district and its accounts with password {@code demo}; demo mode
 *     binds to loopback only
 * @param db an external PostgreSQL (when {@code url} is empty the embedded one is started) and the timeouts
 * @param trustedProxies addresses of reverse proxies whose {@code X-Forwarded-For} is believed
 * @param secureCookies whether cookies carry the Secure flag (on behind TLS; off for plain-http loopback demo); also
 *     turns HSTS on
 * @param operationsAddresses client addresses (monitoring, the operator's network) that may read the metrics and the
 *     OpenAPI description without signing in; outside demo mode everyone else needs the operator's role
 * @param publicUrl the address people type to reach the service ({@code https://ent.example.fr}), printed on
 *     activation-code sheets; empty: in demo mode the loopback URL the server listens on, otherwise the address the
 *     staff member's browser used (see {@code platform.web.PublicUrl})
 */
@ConfigurationProperties("preau")
public record PreauProperties(
        @DefaultValue("data") Path dataDir,
        @DefaultValue("true") boolean demo,
        @DefaultValue Db db,
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("false") boolean secureCookies,
        @DefaultValue List<String> operationsAddresses,
        @DefaultValue("") String publicUrl) {

    /**
     * Database settings: an external PostgreSQL ({@code PREAU_DB_URL}, {@code PREAU_DB_USER},
     * {@code PREAU_DB_PASSWORD}; the embedded one makes its own password), and the timeouts of both
     * ({@code PREAU_DB_TIMEOUTS_*}). {@code embeddedServerNice} ({@code PREAU_DB_EMBEDDED_SERVER_NICE}, default 10,
     * 0 to leave the scheduling alone): with the embedded PostgreSQL on Linux, the nice this server's session takes so
     * that the database's processes get a shared core first (docs/adr/0093).
     */
    public record Db(
            @DefaultValue("") String url,
            @DefaultValue("preau") String user,
            @DefaultValue("") String password,
            @DefaultValue DatabaseTimeouts timeouts,
            @DefaultValue("10") int embeddedServerNice) {

        public boolean external() {
            return url != null && !url.isBlank();
        }
    }
}
