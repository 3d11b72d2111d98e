package org.preau.surge.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preau.surge.Lane;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The last five minutes of this node's surge figures, sampled every two seconds, for the dashboard's sparklines
 * (the long history is Prometheus's job).
 */
@Component
public class SurgeHistory {

    static final int POINTS = 150;

    /** One plotted series: its values oldest first. */
    public record Series(String key, String lane, List<Double> values) {
        public double last() {
            return values.isEmpty() ? Double.NaN : values.getLast();
        }

        public double max() {
            return values.stream()
                    .mapToDouble(Double::doubleValue)
                    .filter(v -> !Double.isNaN(v))
                    .max()
                    .orElse(0);
        }

        /** SVG polyline points in a 300 x 40 box, the highest value touching the top. */
        public String points() {
            var sb = new StringBuilder();
            double max = Math.max(max(), 1e-9);
            int n = values.size();
            for (int i = 0; i < n; i++) {
                double v = values.get(i);
                if (Double.isNaN(v)) {
                    continue;
                }
                double x = n <= 1 ? 0 : 300.0 * i / (POINTS - 1);
                double y = 39 - 38 * (v / max);
                sb.append(String.format(java.util.Locale.ROOT, "%.1f,%.1f ", x, y));
            }
            return sb.toString().trim();
        }
    }

    private final Lanes lanes;
    private final WaitingRoom room;
    private final LoginStats logins;
    private final DatabaseWatch database;
    private final HashPoolProbe hashPool;
    private final Map<String, ArrayList<Double>> series = new LinkedHashMap<>();
    private final Map<String, Long> previous = new LinkedHashMap<>();
    private long lastSampleNanos = System.nanoTime();

    SurgeHistory(Lanes lanes, WaitingRoom room, LoginStats logins, DatabaseWatch database, HashPoolProbe hashPool) {
        this.lanes = lanes;
        this.room = room;
        this.logins = logins;
        this.database = database;
        this.hashPool = hashPool;
    }

    @Scheduled(fixedDelay = 2000)
    synchronized void sample() {
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastSampleNanos) / 1e9);
        lastSampleNanos = now;
        for (Lane lane : Lane.values()) {
            var l = lanes.get(lane);
            add("admitted." + lane, perSecond("admitted." + lane, l.admitted.sum(), seconds));
            add("queued." + lane, perSecond("queued." + lane, l.queued.sum(), seconds));
            long refused = l.rejected.sum() + l.toRoom.sum() + l.rateLimited.sum();
            add("rejected." + lane, perSecond("rejected." + lane, refused, seconds));
        }
        add("room.length", room.length());
        add("room.wait", room.estimatedWaitSeconds(room.length()));
        add("logins.success", logins.succeeded.perSecond());
        add("logins.failure", logins.failed.perSecond());
        add("hashpool.queue", hashPool.queued().isPresent() ? hashPool.queued().getAsInt() : Double.NaN);
        add(
                "db.latency",
                database.lastDatabaseLatency().map(d -> d.toNanos() / 1e6).orElse(Double.NaN));
    }

    private double perSecond(String key, long total, double seconds) {
        Long before = previous.put(key, total);
        return before == null ? 0 : (total - before) / seconds;
    }

    private void add(String key, double value) {
        var values = series.computeIfAbsent(key, k -> new ArrayList<>());
        values.add(value);
        if (values.size() > POINTS) {
            values.removeFirst();
        }
    }

    synchronized List<Series> all() {
        var result = new ArrayList<Series>();
        series.forEach((key, values) -> {
            int dot = key.indexOf('.');
            String lane = key.substring(dot + 1);
            result.add(new Series(key, lane, List.copyOf(values)));
        });
        return result;
    }

    synchronized Series get(String key) {
        return new Series(key, "", List.copyOf(series.getOrDefault(key, new ArrayList<>())));
    }
}
