package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TicketCodecTest {

    private static final Instant NOW = Instant.parse("2026-04-06T07:50:00Z");
    private final Hmac key = new Hmac("a key shared by every node, 32+ bytes".getBytes(StandardCharsets.UTF_8));
    private final TicketCodec codec = new TicketCodec(key, Clock.fixed(NOW, ZoneOffset.UTC));
    private final Ticket ticket = new Ticket(4217, NOW, NOW.plus(Duration.ofMinutes(30)));

    @Test
    void aSignedTicketReadsBackOnAnyNodeWithTheSameKey() {
        String cookie = codec.encode(ticket);
        var otherNode = new TicketCodec(
                new Hmac("a key shared by every node, 32+ bytes".getBytes(StandardCharsets.UTF_8)),
                Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        assertThat(otherNode.decode(cookie)).contains(ticket);
    }

    @Test
    void anExpiredTicketIsRefused() {
        String cookie = codec.encode(ticket);
        var later = new TicketCodec(key, Clock.fixed(NOW.plus(Duration.ofMinutes(30)), ZoneOffset.UTC));
        assertThat(later.decode(cookie)).isEmpty();
    }

    @Test
    void aTicketWhoseNumberWasChangedIsRefused() {
        String cookie = codec.encode(ticket);
        String forged = cookie.replaceFirst("^1\\.4217\\.", "1.12.");
        assertThat(forged).isNotEqualTo(cookie);
        assertThat(codec.decode(forged)).isEmpty();
    }

    @Test
    void aTicketWithAnExtendedExpiryIsRefused() {
        String cookie = codec.encode(ticket);
        String[] parts = cookie.split("\\.");
        parts[3] = Long.toString(Long.parseLong(parts[3]) + 86_400);
        assertThat(codec.decode(String.join(".", parts))).isEmpty();
    }

    @Test
    void aTicketSignedWithAnotherKeyIsRefused() {
        var attacker = new TicketCodec(
                new Hmac("an attacker's guess at the key, 32+ bytes".getBytes(StandardCharsets.UTF_8)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(codec.decode(attacker.encode(ticket))).isEmpty();
    }

    @Test
    void garbageIsRefusedWithoutError() {
        assertThat(codec.decode(null)).isEmpty();
        assertThat(codec.decode("")).isEmpty();
        assertThat(codec.decode("1.2.3.4")).isEmpty();
        assertThat(codec.decode("1.x.y.z.%%%")).isEmpty();
        assertThat(codec.decode("a".repeat(500))).isEmpty();
    }
}
