package org.preau.surge.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Writes and reads waiting-room tickets as cookie values: {@code 1.<sequence>.<issued>.<expires>.<hmac>} (epoch
 * seconds, HMAC-SHA256 over everything before the last dot). The key is shared by all nodes, so any node accepts a
 * ticket any other issued; a changed number, a changed date or a wrong key fails the signature.
 */
final class TicketCodec {

    private static final String VERSION = "1";

    private final Hmac hmac;
    private final Clock clock;

    TicketCodec(Hmac hmac, Clock clock) {
        this.hmac = hmac;
        this.clock = clock;
    }

    String encode(Ticket ticket) {
        String payload = VERSION + "." + ticket.sequence() + "."
                + ticket.issuedAt().getEpochSecond() + "." + ticket.expiresAt().getEpochSecond();
        return payload + "." + hmac.sign(payload);
    }

    /** The ticket if the value is well-formed, correctly signed and not expired; empty otherwise. */
    Optional<Ticket> decode(String value) {
        if (value == null || value.length() > 200) {
            return Optional.empty();
        }
        int cut = value.lastIndexOf('.');
        if (cut <= 0) {
            return Optional.empty();
        }
        String payload = value.substring(0, cut);
        if (!hmac.verify(payload, value.substring(cut + 1))) {
            return Optional.empty();
        }
        String[] parts = payload.split("\\.");
        if (parts.length != 4 || !VERSION.equals(parts[0])) {
            return Optional.empty();
        }
        try {
            var ticket = new Ticket(
                    Long.parseLong(parts[1]),
                    Instant.ofEpochSecond(Long.parseLong(parts[2])),
                    Instant.ofEpochSecond(Long.parseLong(parts[3])));
            return ticket.expiresAt().isAfter(clock.instant()) ? Optional.of(ticket) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
