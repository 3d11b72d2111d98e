package org.preau.identity.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Makes and hashes activation codes. A code is ten characters from an alphabet without look-alikes (no 0/O, 1/I/L,
 * U/V), shown as {@code XXXXX-XXXXX}: about 48 bits, typed by hand from a printed sheet. With that much entropy, a
 * keyed HMAC-SHA256 is enough to store it (a slow hash would add nothing but cost); the key is generated once and
 * kept in the database so that every node shares it.
 */
@Component
class ActivationCodeHasher {

    static final String ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ";
    static final int LENGTH = 10;
    private static final String KEY_NAME = "activation-code-hmac";

    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;
    private final SecureRandom random = new SecureRandom();
    private volatile byte[] key;

    ActivationCodeHasher(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        // The key is read (and stored by the first node) in a transaction of its own: the caller's may be read-only
        // (checking a code), and a failed key insert must not roll back the caller's work.
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    String newCode() {
        var sb = new StringBuilder(LENGTH + 1);
        for (int i = 0; i < LENGTH; i++) {
            if (i == LENGTH / 2) {
                sb.append('-');
            }
            sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return sb.toString();
    }

    /** Upper case, without spaces or dashes: what people type varies, the code does not. */
    static String normalise(String typed) {
        return typed == null ? "" : typed.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /** Bound to the account, so that the same code for two accounts hashes differently. */
    byte[] hash(UUID accountId, String code) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            mac.update(accountId.toString().getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) ':');
            return mac.doFinal(normalise(code).getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] key() {
        byte[] k = key;
        if (k == null) {
            k = ownTransaction.execute(status -> {
                var stored = storedKey();
                if (stored != null) {
                    return stored;
                }
                byte[] candidate = new byte[32];
                random.nextBytes(candidate);
                // The first node to get here stores its key; everyone then reads the one stored.
                jdbc.sql("insert into identity_secret (name, value) values (?, ?) on conflict (name) do nothing")
                        .params(KEY_NAME, candidate)
                        .update();
                return storedKey();
            });
            key = k;
        }
        return k;
    }

    private byte[] storedKey() {
        return jdbc.sql("select value from identity_secret where name = ?")
                .param(KEY_NAME)
                .query(byte[].class)
                .optional()
                .orElse(null);
    }
}
