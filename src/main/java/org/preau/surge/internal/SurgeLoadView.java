package org.preau.surge.internal;

import java.util.ArrayList;
import java.util.List;
import org.preau.surge.Lane;
import org.preau.surge.SurgeLoad;
import org.preau.surge.SurgeSettings;
import org.springframework.stereotype.Component;

/** {@link SurgeLoad} from this node's lanes, waiting room and settings, all in memory. */
@Component
class SurgeLoadView implements SurgeLoad {

    private final Lanes lanes;
    private final WaitingRoom room;
    private final SettingsStore settings;

    SurgeLoadView(Lanes lanes, WaitingRoom room, SettingsStore settings) {
        this.lanes = lanes;
        this.room = room;
        this.settings = settings;
    }

    @Override
    public boolean waitingRoomOpen() {
        return switch (settings.current().waitingRoom()) {
            case OPEN -> true;
            case CLOSED -> false;
            case AUTO -> room.turningNewcomersAway();
        };
    }

    @Override
    public long waitingRoomLength() {
        return room.length();
    }

    @Override
    public List<LaneLoad> lanes() {
        SurgeSettings s = settings.current();
        var out = new ArrayList<LaneLoad>();
        for (Lane lane : Lane.values()) {
            var l = lanes.get(lane);
            out.add(new LaneLoad(lane, l.limit(), l.inflight(), l.waiting(), s.queue(lane), l.rejected.sum()));
        }
        return out;
    }
}
