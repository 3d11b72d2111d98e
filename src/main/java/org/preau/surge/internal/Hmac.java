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
    /**
     * A Mac already keyed, cloned for each signature: looking the algorithm up in the providers and keying it took
     * most of a waiting-room ticket's signing time on the attack morning (JFR, run 2026-12-02T0130Z). Where the
     * provider's Mac cannot be cloned, each signature gets a new one.
     */
    private final Mac keyed;

    Hmac(byte[] key) {
        if (key.length < 16) {
            throw new IllegalArgumentException("An HMAC key needs at least 128 bits");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.keyed = newMac();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** A sub-key for one purpose, so that a ticket signature can never pass for a challenge signature. */
    Hmac derive(String purpose) {
        return new Hmac(sign(purpose.getBytes(StandardCharsets.UTF_8)));
    }

    byte[] sign(byte[] data) {
        Mac mac;
        try {
            // The kept Mac itself is never used, only cloned: each clone is this call's own.
            mac = (Mac) keyed.clone();
        } catch (CloneNotSupportedException e) {
            mac = newMac();
        }
        return mac.doFinal(data);
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
