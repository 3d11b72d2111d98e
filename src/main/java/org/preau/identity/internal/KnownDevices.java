package org.preau.identity.internal;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.preau.platform.PreauProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Browsers that signed in before: after a successful log-in a long-lived cookie remembers "this browser signed in
 * to this login", so that an attack on the account from elsewhere does not keep its owner out (docs/adr/0022). The
 * cookie authenticates nobody: it only lets a log-in attempt past the throttles that others' failures can raise
 * (per login and per address); the password is still checked, and the browser's own failures still count.
 *
 * <p>The cookie {@value #COOKIE} holds up to {@value #MAX_TOKENS} tokens (a family computer, a shared class
 * laptop), each {@code <device id>.<issued, epoch s>.<HMAC>}; the HMAC (server key in {@code identity_secret}, the
 * same on every node) covers the normalised login, so the cookie names no login and a token for one login is
 * worth nothing for another. Checking costs at most a few HMACs and no query.
 */
@Component
class KnownDevices {

    static final String COOKIE = "PREAU_DEVICE";
    static final int MAX_TOKENS = 4;
    private static final String KEY_NAME = "known-device-hmac";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final Duration lifetime;
    private final boolean secure;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private volatile SecretKeySpec key;

    KnownDevices(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            IdentityProperties identity,
            PreauProperties preau,
            Clock clock) {
        this.jdbc = jdbc;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.lifetime = identity.throttle().knownDeviceLifetime();
        this.secure = preau.secureCookies();
        this.clock = clock;
    }

    /** The device id of this browser's valid token for this login, if it has one. */
    Optional<UUID> deviceFor(HttpServletRequest request, String login) {
        String loginKey = LoginAttempts.key(login);
        for (String token : tokens(request)) {
            var device = verify(token, loginKey);
            if (device.isPresent()) {
                return device;
            }
        }
        return Optional.empty();
    }

    /**
     * After a successful log-in: a fresh token for this login (the same device id if the browser had one), the
     * browser's tokens for other logins kept, the oldest dropped beyond {@value #MAX_TOKENS}.
     */
    void remember(HttpServletRequest request, HttpServletResponse response, String login) {
        String loginKey = LoginAttempts.key(login);
        UUID device = null;
        var others = new ArrayList<String>();
        for (String token : tokens(request)) {
            var mine = verify(token, loginKey);
            if (mine.isPresent()) {
                device = mine.get();
            } else if (issued(token).map(this::fresh).orElse(false)) {
                others.add(token);
            }
        }
        // Oldest first: the newest token goes last, and the oldest others make room for it.
        int keepOthers = Math.min(others.size(), MAX_TOKENS - 1);
        var kept = new ArrayList<>(others.subList(others.size() - keepOthers, others.size()));
        kept.add(sign(device != null ? device : newDevice(), clock.instant(), loginKey));
        var value = String.join("~", kept);
        var cookie = new Cookie(COOKIE, value);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setAttribute("SameSite", "Lax");
        cookie.setMaxAge((int) lifetime.toSeconds());
        response.addCookie(cookie);
    }

    private List<String> tokens(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return List.of();
        }
        for (Cookie c : request.getCookies()) {
            if (COOKIE.equals(c.getName())
                    && c.getValue() != null
                    && c.getValue().length() < 1024) {
                return List.of(c.getValue().split("~", MAX_TOKENS + 1)).stream()
                        .limit(MAX_TOKENS)
                        .toList();
            }
        }
        return List.of();
    }

    private Optional<UUID> verify(String token, String loginKey) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            UUID device = uuid(B64D.decode(parts[0]));
            Instant issued = Instant.ofEpochSecond(Long.parseLong(parts[1]));
            byte[] expected = mac(parts[0] + "." + parts[1] + "." + loginKey);
            if (!MessageDigest.isEqual(expected, B64D.decode(parts[2])) || !fresh(issued)) {
                return Optional.empty();
            }
            return Optional.of(device);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<Instant> issued(String token) {
        String[] parts = token.split("\\.");
        try {
            return parts.length == 3 ? Optional.of(Instant.ofEpochSecond(Long.parseLong(parts[1]))) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private boolean fresh(Instant issued) {
        Instant now = clock.instant();
        return !issued.isAfter(now.plusSeconds(60)) && issued.plus(lifetime).isAfter(now);
    }

    private String sign(UUID device, Instant issued, String loginKey) {
        var bytes = ByteBuffer.allocate(16)
                .putLong(device.getMostSignificantBits())
                .putLong(device.getLeastSignificantBits())
                .array();
        String payload = B64.encodeToString(bytes) + "." + issued.getEpochSecond();
        return payload + "." + B64.encodeToString(mac(payload + "." + loginKey));
    }

    private UUID newDevice() {
        return new UUID(random.nextLong(), random.nextLong());
    }

    private static UUID uuid(byte[] bytes) {
        if (bytes.length != 16) {
            throw new IllegalArgumentException("device id");
        }
        var b = ByteBuffer.wrap(bytes);
        return new UUID(b.getLong(), b.getLong());
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key());
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Generated by the first node that needs it, then read by every node from {@code identity_secret}. */
    private SecretKeySpec key() {
        var k = key;
        if (k == null) {
            byte[] value = ownTransaction.execute(status -> {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                jdbc.sql("insert into identity_secret (name, value) values (?, ?) on conflict (name) do nothing")
                        .params(KEY_NAME, fresh)
                        .update();
                return jdbc.sql("select value from identity_secret where name = ?")
                        .param(KEY_NAME)
                        .query(byte[].class)
                        .single();
            });
            k = new SecretKeySpec(value, "HmacSHA256");
            key = k;
        }
        return k;
    }
}
