package org.preau.classroom.internal.video;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * Links into a Jitsi Meet room with token authentication: an HS256 JWT signed with the shared secret, carrying what
 * Jitsi's token module checks ({@code aud} "jitsi", {@code iss} the app id, {@code sub} the server's domain,
 * {@code room}, {@code exp}, {@code nbf}) and the user context ({@code context.user}: id, name, and whether they
 * moderate). Made at the click and short-lived.
 */
public final class JitsiTokens {

    private final VideoProperties.Jitsi settings;

    public JitsiTokens(VideoProperties.Jitsi settings) {
        this.settings = settings;
    }

    public String link(String room, String userId, String name, boolean moderator, Instant now) {
        String base = settings.url().endsWith("/") ? settings.url() : settings.url() + "/";
        return base + URLEncoder.encode(room, StandardCharsets.UTF_8) + "?jwt="
                + token(room, userId, name, moderator, now);
    }

    public String token(String room, String userId, String name, boolean moderator, Instant now) {
        var user = Map.<String, Object>of(
                "id",
                userId,
                "name",
                name,
                "moderator",
                Boolean.toString(moderator),
                "affiliation",
                moderator ? "owner" : "member");
        var claims = new JWTClaimsSet.Builder()
                .audience("jitsi")
                .issuer(settings.appId())
                .subject(URI.create(settings.url()).getHost())
                .claim("room", room)
                .claim("context", Map.of("user", user))
                .claim("moderator", moderator)
                .notBeforeTime(Date.from(now.minusSeconds(30)))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(settings.tokenLifetime())))
                .build();
        try {
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.HS256)
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new MACSigner(settings.secret().getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("Jitsi secret unusable (HS256 needs at least 32 bytes)", e);
        }
    }
}
