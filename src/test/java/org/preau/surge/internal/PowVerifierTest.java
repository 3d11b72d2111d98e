package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.preau.surge.internal.PowVerifier.Verdict;

class PowVerifierTest {

    private static final Instant NOW = Instant.parse("2026-04-06T07:50:00Z");
    private final Hmac key = new Hmac("proof-of-work key for the tests, 32+".getBytes(StandardCharsets.UTF_8));
    private final PowVerifier verifier = new PowVerifier(key, Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(2));
    private final Set<String> used = new HashSet<>();
    private final PowVerifier.SpentNonces spent =
            (nonce, expires) -> used.add(HexFormat.of().formatHex(nonce));

    @Test
    void aCorrectAnswerIsAcceptedOnce() {
        var challenge = verifier.issue(10);
        long counter = PowVerifier.solve(challenge);
        String answer = challenge.token() + "." + counter;
        assertThat(PowVerifier.leadingZeroBits(PowVerifier.hash(Hmac.B64D.decode(challenge.nonce()), counter)))
                .isGreaterThanOrEqualTo(10);
        assertThat(verifier.check(answer, 10, spent)).isEqualTo(Verdict.VALID);
        assertThat(verifier.check(answer, 10, spent)).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void aWrongCounterIsRefusedAndDoesNotBurnTheChallenge() {
        var challenge = verifier.issue(12);
        long good = PowVerifier.solve(challenge);
        long wrong = good;
        byte[] nonce = Hmac.B64D.decode(challenge.nonce());
        do {
            wrong++;
        } while (PowVerifier.leadingZeroBits(PowVerifier.hash(nonce, wrong)) >= 12);
        assertThat(verifier.check(challenge.token() + "." + wrong, 12, spent)).isEqualTo(Verdict.WRONG);
        assertThat(verifier.check(challenge.token() + "." + good, 12, spent)).isEqualTo(Verdict.VALID);
    }

    @Test
    void anExpiredChallengeIsRefused() {
        var challenge = verifier.issue(8);
        String answer = challenge.token() + "." + PowVerifier.solve(challenge);
        var later = new PowVerifier(key, Clock.fixed(NOW.plus(Duration.ofMinutes(2)), ZoneOffset.UTC), Duration.ZERO);
        assertThat(later.check(answer, 8, spent)).isEqualTo(Verdict.EXPIRED);
    }

    @Test
    void aChallengeEasierThanTheDifficultyNowRequiredIsRefused() {
        var easy = verifier.issue(4);
        String answer = easy.token() + "." + PowVerifier.solve(easy);
        assertThat(verifier.check(answer, 16, spent)).isEqualTo(Verdict.TOO_EASY);
    }

    @Test
    void aChallengeWhoseDifficultyWasLoweredByTheClientIsRefused() {
        var challenge = verifier.issue(20);
        // The client rewrites the signed difficulty to 1 bit and solves that instead.
        String[] parts = challenge.token().split("\\.");
        parts[2] = "1";
        String lowered = String.join(".", parts);
        var fake = new PowChallenge(lowered, challenge.nonce(), 1, challenge.expiresAt());
        assertThat(verifier.check(lowered + "." + PowVerifier.solve(fake), 1, spent))
                .isEqualTo(Verdict.FORGED);
    }

    @Test
    void aChallengeFromAnotherKeyIsRefused() {
        var other = new PowVerifier(
                new Hmac("somebody else's key entirely, 32+ b".getBytes(StandardCharsets.UTF_8)),
                Clock.fixed(NOW, ZoneOffset.UTC),
                Duration.ofMinutes(2));
        var challenge = other.issue(4);
        assertThat(verifier.check(challenge.token() + "." + PowVerifier.solve(challenge), 4, spent))
                .isEqualTo(Verdict.FORGED);
    }

    @Test
    void malformedAnswersAreRefused() {
        assertThat(verifier.check(null, 4, spent)).isEqualTo(Verdict.MALFORMED);
        assertThat(verifier.check("", 4, spent)).isEqualTo(Verdict.MALFORMED);
        assertThat(verifier.check("1.2.3", 4, spent)).isEqualTo(Verdict.MALFORMED);
        var challenge = verifier.issue(4);
        assertThat(verifier.check(challenge.token() + ".notanumber", 4, spent)).isEqualTo(Verdict.MALFORMED);
    }

    @Test
    void countsLeadingZeroBits() {
        assertThat(PowVerifier.leadingZeroBits(new byte[] {0, 0, 0x10, 1})).isEqualTo(19);
        assertThat(PowVerifier.leadingZeroBits(new byte[] {(byte) 0x80})).isZero();
        assertThat(PowVerifier.leadingZeroBits(new byte[] {0, 1})).isEqualTo(15);
    }
}
