package org.preau.identity.internal;

import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An Argon2id hash in the PHC string format, {@code $argon2id$v=19$m=7168,t=5,p=1$<salt>$<hash>} (base64 without
 * padding), as the reference implementation, Spring Security's {@code Argon2PasswordEncoder} and Keycloak write it.
 * Only version 19 of Argon2id with {@link Argon2Parameters#acceptable() bounded} parameters is read.
 */
record PhcHash(Argon2Parameters parameters, byte[] salt, byte[] hash) {

    private static final Pattern FORMAT = Pattern.compile(
            "\\$argon2id\\$v=19\\$m=(\\d{1,7}),t=(\\d{1,3}),p=(\\d{1,2})\\$([A-Za-z0-9+/]+)\\$([A-Za-z0-9+/]+)");
    private static final Base64.Encoder ENCODE = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getDecoder();

    static Optional<PhcHash> parse(String encoded) {
        if (encoded == null) {
            return Optional.empty();
        }
        var m = FORMAT.matcher(encoded);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            var parameters = new Argon2Parameters(
                    Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            byte[] salt = DECODE.decode(m.group(4));
            byte[] hash = DECODE.decode(m.group(5));
            if (!parameters.acceptable() || salt.length < 8 || hash.length < 16 || hash.length > 64) {
                return Optional.empty();
            }
            return Optional.of(new PhcHash(parameters, salt, hash));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    String encoded() {
        return "$argon2id$v=19$" + parameters.phc() + "$" + ENCODE.encodeToString(salt) + "$"
                + ENCODE.encodeToString(hash);
    }
}
