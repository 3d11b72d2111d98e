package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The signing key is kept in a Mac that each signature clones: the signatures must still be HMAC-SHA256 of the
 * payload, and stay right when many requests sign at once.
 */
class HmacTest {

    @Test
    void signaturesAreHmacSha256AsRfc4231Gives() {
        // RFC 4231, test case 4: a 25-byte key (this class asks for at least 128 bits), 50 bytes of 0xcd.
        byte[] key = HexFormat.of().parseHex("0102030405060708090a0b0c0d0e0f10111213141516171819");
        byte[] data = new byte[50];
        java.util.Arrays.fill(data, (byte) 0xcd);
        assertThat(HexFormat.of().formatHex(new Hmac(key).sign(data)))
                .isEqualTo("82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
    }

    @Test
    void signingFromManyThreadsAtOnceGivesEachItsOwnRightSignature() throws Exception {
        var hmac = new Hmac("une clé de test assez longue".getBytes(StandardCharsets.UTF_8));
        var wrong = new ConcurrentLinkedQueue<String>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            IntStream.range(0, 8)
                    .forEach(t -> pool.submit(() -> {
                        for (int i = 0; i < 2_000; i++) {
                            String payload = "ticket-" + t + "-" + i;
                            String signature = hmac.sign(payload);
                            if (!hmac.verify(payload, signature) || hmac.verify(payload + "x", signature)) {
                                wrong.add(payload);
                            }
                        }
                    }));
        }
        assertThat(wrong).isEmpty();
        String again = new Hmac("une clé de test assez longue".getBytes(StandardCharsets.UTF_8)).sign("ticket-3-7");
        assertThat(hmac.sign("ticket-3-7")).isEqualTo(again);
    }
}
