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
        return logins.failed.perSecond() >= s.powFailedLoginsPerSecond()
                || lanes.get(Lane.LOGIN).waiting() >= s.powLoginQueue();
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
