package org.preau.surge.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 with one key, plus base64url helpers: what tickets and challenges are signed with. */
final class Hmac {

    static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final SecretKeySpec key;

    Hmac(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("An HMAC key needs at least 128 bits");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /** A sub-key for one purpose, so that a ticket signature can never pass for a challenge signature. */
    Hmac derive(String purpose) {
        return new Hmac(sign(purpose.getBytes(StandardCharsets.UTF_8)));
    }

    byte[] sign(byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    String sign(String payload) {
        return B64.encodeToString(sign(payload.getBytes(StandardCharsets.UTF_8)));
    }

    /** Constant-time comparison, so that timing tells an attacker nothing about a correct signature. */
    boolean verify(String payload, String signature) {
        byte[] given;
        try {
            given = B64D.decode(signature);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(sign(payload.getBytes(StandardCharsets.UTF_8)), given);
    }
}
