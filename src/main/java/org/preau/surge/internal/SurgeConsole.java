package org.preau.surge.internal;

import java.util.ArrayList;
import java.util.Map;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.surge.Lane;
import org.preau.surge.SurgeSettings;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Service;

/**
 * The operator console's service: reading and changing the surge settings and reading the live status. Only the
 * operator's administrators (ADMIN) may, whether they come through the page or the API.
 */
@Service
class SurgeConsole {

    /** Settings refused, with the message key of each wrong field. */
    static final class InvalidSettings extends RuntimeException {
        final Map<String, String> problems;

        InvalidSettings(Map<String, String> problems) {
            super("Invalid surge settings: " + problems.keySet());
            this.problems = Map.copyOf(problems);
        }
    }

    private final SettingsStore store;
    private final Lanes lanes;
    private final WaitingRoom room;
    private final LoginStats logins;
    private final ProofOfWork pow;
    private final DatabaseWatch database;
    private final HashPoolProbe hashPool;

    SurgeConsole(
            SettingsStore store,
            Lanes lanes,
            WaitingRoom room,
            LoginStats logins,
            ProofOfWork pow,
            DatabaseWatch database,
            HashPoolProbe hashPool) {
        this.store = store;
        this.lanes = lanes;
        this.room = room;
        this.logins = logins;
        this.pow = pow;
        this.database = database;
        this.hashPool = hashPool;
    }

    SurgeSettings settings(CurrentUser actor) {
        requireAdmin(actor);
        return store.current();
    }

    /** Validates and stores the settings; every node applies them within about a second. */
    SurgeSettings update(CurrentUser actor, SurgeSettings settings) {
        requireAdmin(actor);
        var problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new InvalidSettings(problems);
        }
        store.save(settings, actor.accountId());
        store.reload();
        return store.current();
    }

    SurgeStatus status(CurrentUser actor) {
        requireAdmin(actor);
        var laneStatus = new ArrayList<SurgeStatus.LaneStatus>();
        for (Lane lane : Lane.values()) {
            var l = lanes.get(lane);
            laneStatus.add(new SurgeStatus.LaneStatus(
                    lane.name(),
                    l.limit(),
                    l.inflight(),
                    l.waiting(),
                    l.admitted.sum(),
                    l.queued.sum(),
                    l.rejected.sum(),
                    l.toRoom.sum(),
                    l.rateLimited.sum()));
        }
        var hash = hashPool.queued();
        return new SurgeStatus(
                laneStatus,
                room.length(),
                room.estimatedWaitSeconds(room.length()),
                room.admissionRate(),
                logins.succeeded.perSecond(),
                logins.failed.perSecond(),
                pow.requiredBits(),
                database.active(),
                database.lastDatabaseLatency().map(d -> d.toNanos() / 1e6),
                hash.isPresent() ? java.util.Optional.of(hash.getAsInt()) : java.util.Optional.empty());
    }

    private static void requireAdmin(CurrentUser actor) {
        if (actor == null || !actor.is(Profile.ADMIN)) {
            throw new AccessDeniedException("Surge controls are for the operator's administrators");
        }
    }
}
