package org.preau.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Everything the benchmark counts, recorded by the simulation as it runs and written as one JSON file at the end.
 * Gatling's own report mixes legitimate and attack traffic and does not count status codes, so the figures of
 * summary.json come from here; Gatling's report stays as the per-request detail.
 */
final class Recorder {

    static final Recorder INSTANCE = new Recorder();

    /** Latency histogram with 1 ms buckets up to 60 s: exact enough for p50/p95/p99, constant memory. */
    static final class Histogram {
        private static final int MAX = 60_000;
        private final AtomicLongArray buckets = new AtomicLongArray(MAX + 1);
        private final LongAdder count = new LongAdder();
        private final LongAdder sum = new LongAdder();

        void add(long ms) {
            int b = (int) Math.max(0, Math.min(MAX, ms));
            buckets.incrementAndGet(b);
            count.increment();
            sum.add(b);
        }

        long count() {
            return count.sum();
        }

        Long percentile(double p) {
            long n = count.sum();
            if (n == 0) {
                return null;
            }
            long rank = (long) Math.ceil(p / 100.0 * n);
            long seen = 0;
            for (int i = 0; i <= MAX; i++) {
                seen += buckets.get(i);
                if (seen >= rank) {
                    return (long) i;
                }
            }
            return (long) MAX;
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("count", count());
            m.put("mean_ms", count() == 0 ? null : (double) sum.sum() / count());
            m.put("sum_ms", sum.sum());
            m.put("p50_ms", percentile(50));
            m.put("p95_ms", percentile(95));
            m.put("p99_ms", percentile(99));
            m.put("max_ms", percentile(100));
            return m;
        }
    }

    /** Per user class (pupil, teacher, parent, a1..a3): requests, statuses, latency. */
    static final class ClassStats {
        final LongAdder requests = new LongAdder();
        final LongAdder errors = new LongAdder(); // no HTTP answer: timeout, connection refused or reset
        final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        final Histogram latency = new Histogram();
        final Histogram signedInLatency = new Histogram();
        final LongAdder ok = new LongAdder(); // 2xx and 3xx

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("requests", requests.sum());
            m.put("ok_2xx_3xx", ok.sum());
            m.put("errors_no_answer", errors.sum());
            Map<String, Long> st = new TreeMap<>();
            statuses.forEach((k, v) -> st.put(String.valueOf(k), v.sum()));
            m.put("statuses", st);
            m.put("latency", latency.toMap());
            m.put("signed_in_latency", signedInLatency.toMap());
            return m;
        }
    }

    final Map<String, ClassStats> classes = new ConcurrentHashMap<>();
    final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    final Map<String, LongAdder> notFoundByStep = new ConcurrentHashMap<>();
    /** Response times of successful steps worth their own figure (messaging's inbox, open, send). */
    final Map<String, Histogram> steps = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<Double> waitSeconds = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> writesAcknowledged = new ConcurrentLinkedQueue<>();
    /** Samples for the plots and percentiles: {epoch ms, latency ms, class index, status, signed in 0/1}. */
    final ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
    final Map<String, Long> marks = new ConcurrentHashMap<>();
    final Map<String, Double> cpuAtMarks = new ConcurrentHashMap<>();
    final AtomicLong morningStarted = new AtomicLong();
    final AtomicLong lastLegitEnd = new AtomicLong();
    final Map<String, Object> info = new ConcurrentHashMap<>();

    static final List<String> CLASS_NAMES = List.of("pupil", "teacher", "parent", "a1", "a2", "a3", "warmup");

    ClassStats of(String kind) {
        return classes.computeIfAbsent(kind, k -> new ClassStats());
    }

    void count(String name) {
        counters.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    void count(String name, long n) {
        counters.computeIfAbsent(name, k -> new LongAdder()).add(n);
    }

    long counter(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** One HTTP attempt; status -1 when there was no answer (timeout, refused, reset). */
    void request(String kind, long latencyMs, int status, boolean signedIn) {
        ClassStats c = of(kind);
        c.requests.increment();
        if (status < 0) {
            c.errors.increment();
        } else {
            c.statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
            if (status < 400) {
                c.ok.increment();
            }
        }
        c.latency.add(latencyMs);
        if (signedIn) {
            c.signedInLatency.add(latencyMs);
        }
        if (!kind.equals("warmup")) {
            samples.add(new long[] {
                System.currentTimeMillis(), latencyMs, CLASS_NAMES.indexOf(kind), status, signedIn ? 1 : 0
            });
        }
    }

    void step(String name, long ms) {
        steps.computeIfAbsent(name, k -> new Histogram()).add(ms);
    }

    void mark(String name) {
        marks.putIfAbsent(name, System.currentTimeMillis());
        Sampler s = Sampler.INSTANCE;
        if (s != null) {
            cpuAtMarks.putIfAbsent(name, s.serverCpuSeconds());
        }
    }

    void markAgain(String name) {
        marks.put(name, System.currentTimeMillis());
        Sampler s = Sampler.INSTANCE;
        if (s != null) {
            cpuAtMarks.put(name, s.serverCpuSeconds());
        }
    }

    void write(Path file) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("info", new TreeMap<>(info));
        Map<String, Object> cls = new TreeMap<>();
        classes.forEach((k, v) -> cls.put(k, v.toMap()));
        out.put("classes", cls);
        Map<String, Long> cnt = new TreeMap<>();
        counters.forEach((k, v) -> cnt.put(k, v.sum()));
        out.put("counters", cnt);
        Map<String, Long> nf = new TreeMap<>();
        notFoundByStep.forEach((k, v) -> nf.put(k, v.sum()));
        out.put("not_found_by_step", nf);
        Map<String, Object> st = new TreeMap<>();
        steps.forEach((k, v) -> st.put(k, v.toMap()));
        out.put("steps", st);
        out.put("wait_seconds", new ArrayList<>(waitSeconds));
        out.put("writes_acknowledged", new ArrayList<>(writesAcknowledged));
        out.put("marks", new TreeMap<>(marks));
        out.put("cpu_at_marks", new TreeMap<>(cpuAtMarks));
        List<long[]> s = new ArrayList<>(samples);
        out.put("samples", s);
        new ObjectMapper().writeValue(file.toFile(), out);
    }
}
