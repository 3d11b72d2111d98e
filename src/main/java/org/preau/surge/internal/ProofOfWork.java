package org.preau.surge.internal;

import java.time.Clock;
import java.util.Optional;
import org.preau.surge.Lane;
import org.preau.surge.SurgeSettings;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Proof-of-work on log-in: required when the operator says so, or (AUTO) when failed log-ins per second or the
 * log-in lane's queue cross their thresholds; the difficulty rises by one bit each time the failed rate doubles
 * past the threshold, up to the operator's maximum. Used challenges are recorded in PostgreSQL, so a solution is
 * accepted once in the whole cluster.
 */
@Component
class ProofOfWork {

    /** Accepted below the current difficulty: a user who started solving just before it rose is not sent back. */
    static final int GRACE_BITS = 2;
    /** How long proof-of-work stays asked after the last sign of an attack (AUTO mode). */
    static final java.time.Duration HOLD = java.time.Duration.ofSeconds(30);
    /** The fewest failed log-ins per second (10 in the 10-s window) that can count as mostly failing. */
    static final double MIN_FAILED_PER_SECOND = 1.0;

    private volatile long attackUntilNanos = System.nanoTime();
    private volatile SurgeSettings attackSettings;

    private final SettingsStore settings;
    private final LoginStats logins;
    private final Lanes lanes;
    private final JdbcClient jdbc;
    private final PowVerifier verifier;

    ProofOfWork(
            SettingsStore settings,
            LoginStats logins,
            Lanes lanes,
            JdbcClient jdbc,
            SurgeKeys keys,
            Clock clock,
            SurgeProperties properties) {
        this.settings = settings;
        this.logins = logins;
        this.lanes = lanes;
        this.jdbc = jdbc;
        this.verifier = new PowVerifier(keys.challenges(), clock, properties.powLifetime());
    }

    /** The leading zero bits asked now; 0 when proof-of-work is not required. */
    int requiredBits() {
        SurgeSettings s = settings.current();
        return switch (s.proofOfWork()) {
            case OFF -> 0;
            case ON -> s.powBaseBits() + extraBits(s);
            case AUTO -> underAttack(s) ? s.powBaseBits() + extraBits(s) : 0;
        };
    }

    private boolean underAttack(SurgeSettings s) {
        double failed = logins.failed.perSecond();
        boolean now = failed >= s.powFailedLoginsPerSecond()
                || lanes.get(Lane.LOGIN).waiting() >= s.powLoginQueue()
                || mostlyFailing(failed, logins.succeeded.perSecond());
        long t = System.nanoTime();
        if (now) {
            attackUntilNanos = t + HOLD.toNanos();
            attackSettings = s;
            return true;
        }
        // Held for a while once on: with proof-of-work asked, the attack's attempts stop reaching identity, the
        // failure rate falls, and without a hold it would switch off and on again every few seconds. An operator's
        // change of settings ends the hold.
        return attackSettings == s && t - attackUntilNanos < 0;
    }

    /**
     * Credential stuffing that the log-in lane itself holds back: only a few attempts a second get through to a
     * hash, so the failure rate stays under {@code powFailedLoginsPerSecond}, yet the lane is full of the attack's
     * attempts and nearly all of them fail. Seen in the attack benchmark (about 4 failures a second, the lane at its
     * limit, proof-of-work never asked). A morning of real log-ins fails far less than it succeeds.
     */
    static boolean mostlyFailing(double failedPerSecond, double succeededPerSecond) {
        return failedPerSecond >= MIN_FAILED_PER_SECOND && failedPerSecond >= 2 * succeededPerSecond;
    }

    private int extraBits(SurgeSettings s) {
        double ratio = logins.failed.perSecond() / s.powFailedLoginsPerSecond();
        int extra = ratio >= 2 ? (int) Math.floor(Math.log(ratio) / Math.log(2)) : 0;
        return Math.min(extra, s.powMaxBits() - s.powBaseBits());
    }

    Optional<PowChallenge> challenge() {
        int bits = requiredBits();
        return bits == 0 ? Optional.empty() : Optional.of(verifier.issue(bits));
    }

    PowVerifier.Verdict verify(String solution) {
        int required = requiredBits();
        return verifier.check(
                solution,
                Math.max(1, required - GRACE_BITS),
                (nonce, expiresAt) ->
                        jdbc.sql("insert into surge_pow_used (nonce, expires_at) values (?, ?) on conflict do nothing")
                                        .params(nonce, java.sql.Timestamp.from(expiresAt))
                                        .update()
                                == 1);
    }

    @Scheduled(fixedDelay = 60_000)
    void forgetExpired() {
        try {
            jdbc.sql("delete from surge_pow_used where expires_at < now()").update();
        } catch (RuntimeException ignored) {
            // Degraded: try again next minute.
        }
    }
}
