package org.preau.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server during the run: its CPU time (the JVM and every descendant process, i.e. the embedded
 * PostgreSQL too) from /proc every second, and its Prometheus metrics ({@code preau_surge_*}) every few seconds.
 * Writes one JSON line per sample to timeline.jsonl for the report's plots.
 *
 * <p>It also plays a parent who keeps the public status page open: {@code GET /statut} once a second from an
 * address of its own (a visitor, not the operations address), each answer's status and time written to
 * status-probe.jsonl; the report keeps those of the morning (issue 12: the page answers within 1 s throughout). When
 * the server has a status listener of its own ({@code preau.status.port}, docs/adr/0083) that probe reads the page
 * there, and a second one reads it on the main listener, as a visitor following the footer's link does, into
 * status-probe-main.jsonl.
 *
 * <p>While either probe has waited over 1 s for an answer, the server's threads are dumped into raw/ (issue 12: what
 * holds the page): {@code jcmd Thread.print -l} (platform threads, the locks they hold and wait for) at 1 s and again
 * at 4 s, and once per stall {@code Thread.dump_to_file -format=json} (virtual threads too), all gzip-compressed, a
 * dozen at most per run. With {@code -Dbench.scrapeStallDumps=on}, the same when the metrics scrape of the main
 * listener waits over 2 s (three stalls at most, one dump each: a pool or a lane that holds every request, while the
 * status page still answers from memory); off by default, since a dump pauses the server it observes. A
 * diagnosis, not a figure: nothing in the report is computed from them. The scrape runs on a thread of its own, so a
 * slow one does not delay the CPU samples.
 */
final class Sampler implements AutoCloseable {

    static volatile Sampler INSTANCE;

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long[] serverPids;
    private final URI prometheus;
    private final BufferedWriter out;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-sampler");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService scraper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-scraper");
        t.setDaemon(true);
        return t;
    });
    private StallDumps.Probe scraping;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    private volatile String lastMetrics = "";
    private final URI statusPage;
    private final BufferedWriter statusOut;
    private final Thread statusProbe;
    private final BufferedWriter mainStatusOut;
    private final Thread mainStatusProbe;
    private long ticks;
    private final StallDumps stalls;

    Sampler(long[] serverPids, String baseUrl, String statusUrl, Path timeline, int scrapeSeconds) throws IOException {
        this.serverPids = serverPids;
        this.prometheus = URI.create(baseUrl + "/actuator/prometheus");
        this.out = Files.newBufferedWriter(timeline, StandardCharsets.UTF_8);
        timer.scheduleAtFixedRate(this::sample, 0, 1, TimeUnit.SECONDS);
        this.statusPage = URI.create((statusUrl == null || statusUrl.isBlank() ? baseUrl : statusUrl) + "/statut");
        this.statusOut = Files.newBufferedWriter(timeline.resolveSibling("status-probe.jsonl"), StandardCharsets.UTF_8);
        this.stalls = new StallDumps(serverPids.length > 0 ? serverPids[0] : 0, timeline.getParent());
        var own = stalls.probe("status");
        this.statusProbe = Thread.ofPlatform()
                .daemon()
                .name("bench-status-probe")
                .start(() -> probeStatusPage(statusPage, "127.250.0.1", statusOut, own));
        if (statusUrl == null || statusUrl.isBlank()) {
            this.mainStatusOut = null;
            this.mainStatusProbe = null;
        } else {
            this.mainStatusOut =
                    Files.newBufferedWriter(timeline.resolveSibling("status-probe-main.jsonl"), StandardCharsets.UTF_8);
            URI main = URI.create(baseUrl + "/statut");
            var onMain = stalls.probe("status-main");
            this.mainStatusProbe = Thread.ofPlatform()
                    .daemon()
                    .name("bench-status-probe-main")
                    .start(() -> probeStatusPage(main, "127.250.0.2", mainStatusOut, onMain));
        }
        // Off unless -Dbench.scrapeStallDumps=on (BENCH_PARAMS): a dump pauses the server, and in run 0812Z the
        // status probes' three slowest answers were the three dumps this trigger took.
        this.scraping = "on".equals(System.getProperty("bench.scrapeStallDumps"))
                ? stalls.probe("metrics", TimeUnit.SECONDS.toNanos(2), 3, false)
                : new StallDumps.Probe("metrics", Long.MAX_VALUE, 0, false);
        scraper.scheduleAtFixedRate(this::scrape, 1, Math.max(1, scrapeSeconds), TimeUnit.SECONDS);
        stalls.start();
        INSTANCE = this;
    }

    /**
     * CPU seconds used so far by the server: the JVM and its PostgreSQL (the postmaster is a root of its own: it is
     * not the JVM's child) with every descendant, as measure.py counts them; NaN without /proc.
     */
    double serverCpuSeconds() {
        if (serverPids.length == 0 || serverPids[0] <= 0) {
            return Double.NaN;
        }
        return ProcTree.cpu(serverPids)[0];
    }

    /** utime + stime + cutime + cstime: own time plus that of children already reaped (no double count). */
    static long cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after "(comm)": index 0 is field 3 (state); utime is field 14 -> index 11
            return Long.parseLong(f[11]) + Long.parseLong(f[12]) + Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private synchronized void sample() {
        try {
            long now = System.currentTimeMillis();
            double cpu = serverCpuSeconds();
            StringBuilder line = new StringBuilder();
            line.append("{\"t\":").append(now).append(",\"cpu_s\":").append(Double.isNaN(cpu) ? "null" : cpu);
            String m = lastMetrics;
            lastMetrics = "";
            if (!m.isEmpty()) {
                line.append(",\"prometheus\":\"").append(escape(m)).append('"');
            }
            line.append("}\n");
            out.write(line.toString());
            out.flush();
            ticks++;
        } catch (IOException | RuntimeException e) {
            // a lost sample only thins the plot
        }
    }

    private void scrape() {
        scraping.since = System.nanoTime();
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(prometheus).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return;
            }
            StringBuilder keep = new StringBuilder();
            for (String l : r.body().split("\n")) {
                if (l.startsWith("preau_surge") || l.startsWith("preau_identity") || l.startsWith("preau_login")) {
                    keep.append(l).append('\n');
                }
            }
            lastMetrics = keep.length() == 0 ? "#none\n" : keep.toString();
        } catch (IOException | RuntimeException e) {
            // metrics absent or server busy: tolerated
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            scraping.since = 0;
        }
    }

    /** One request a second (not at a fixed rate: a slow answer is one probe, recorded with its time). */
    /**
     * A visitor's browser on the status page: one keep-alive connection (a new one when the server closes it), one
     * {@code GET /statut} a second, 10 s at most for the answer. Each line says whether a new TCP connection was
     * opened and how long the connect took apart from the answer, so that a slow probe can be told apart: an accept
     * queue that drops connection attempts (the kernel retries after 1 s, then 3 s, 7 s) or a slow answer.
     */
    private static void probeStatusPage(
            URI statusPage, String address, BufferedWriter statusOut, StallDumps.Probe pending) {
        String head = "GET " + statusPage.getRawPath() + " HTTP/1.1\r\nHost: " + statusPage.getHost() + ":"
                + statusPage.getPort() + "\r\nX-Forwarded-For: " + address + "\r\nAccept: text/html"
                + "\r\nAccept-Language: fr-FR,fr;q=0.9\r\nAccept-Encoding: gzip\r\nConnection: keep-alive";
        RawHttp client = new RawHttp(statusPage.getHost(), statusPage.getPort());
        while (!Thread.currentThread().isInterrupted()) {
            long start = System.nanoTime();
            long at = System.currentTimeMillis();
            int status;
            long connectNanos = -1;
            pending.since = start;
            try {
                connectNanos = client.connectIfNeeded();
                status = client.exchange(head, null).status();
            } catch (IOException e) {
                client.close();
                status = -1; // no answer, or the connection refused or reset
            } finally {
                pending.since = 0;
            }
            long ms = (System.nanoTime() - start) / 1_000_000;
            try {
                synchronized (statusOut) {
                    statusOut.write("{\"t\":" + at + ",\"status\":" + status + ",\"ms\":" + ms + ",\"new_connection\":"
                            + (connectNanos >= 0) + ",\"connect_ms\":"
                            + (connectNanos >= 0 ? connectNanos / 1_000_000 : 0) + "}\n");
                    statusOut.flush();
                }
                Thread.sleep(Math.max(0, 1000 - ms));
            } catch (IOException e) {
                // a lost probe line only thins the record
            } catch (InterruptedException e) {
                return;
            }
        }
        client.close();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    @Override
    public synchronized void close() throws IOException {
        timer.shutdownNow();
        scraper.shutdownNow();
        stalls.stop();
        statusProbe.interrupt();
        if (mainStatusProbe != null) {
            mainStatusProbe.interrupt();
        }
        sample();
        out.close();
        synchronized (statusOut) {
            statusOut.close();
        }
        if (mainStatusOut != null) {
            synchronized (mainStatusOut) {
                mainStatusOut.close();
            }
        }
    }

    /** The thread dumps taken while a status probe waits (see the class comment). */
    static final class StallDumps {

        static final long FIRST_NANOS = TimeUnit.SECONDS.toNanos(1);
        static final long SECOND_NANOS = TimeUnit.SECONDS.toNanos(4);
        static final int MAX_DUMPS = 12;

        /** A probe's request in flight: since when (System.nanoTime), 0 when none. */
        static final class Probe {
            final String name;
            final long firstNanos;
            final int maxStalls;
            final boolean again;
            volatile long since;
            long dumpedFor;
            int dumpsOfThisStall;
            int stalls;

            Probe(String name, long firstNanos, int maxStalls, boolean again) {
                this.name = name;
                this.firstNanos = firstNanos;
                this.maxStalls = maxStalls;
                this.again = again;
            }
        }

        private final long pid;
        private final Path dir;
        private final java.util.List<Probe> probes = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        private int dumps;
        private Thread watcher;

        StallDumps(long pid, Path dir) {
            this.pid = pid;
            this.dir = dir;
        }

        /** A status probe: dumped at 1 s and 4 s of each stall. */
        Probe probe(String name) {
            return probe(name, FIRST_NANOS, MAX_DUMPS, true);
        }

        /** A probe dumped once per stall after {@code firstNanos}, for {@code maxStalls} stalls at most. */
        Probe probe(String name, long firstNanos, int maxStalls, boolean again) {
            var p = new Probe(name, firstNanos, maxStalls, again);
            probes.add(p);
            return p;
        }

        void start() {
            if (pid <= 0 || !Files.isExecutable(jcmd)) {
                return;
            }
            watcher = Thread.ofPlatform().daemon().name("bench-stall-dumps").start(this::watch);
        }

        void stop() {
            if (watcher != null) {
                watcher.interrupt();
            }
        }

        private void watch() {
            while (!Thread.currentThread().isInterrupted() && dumps < MAX_DUMPS) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
                for (var p : probes) {
                    long since = p.since;
                    if (since == 0) {
                        continue;
                    }
                    long waited = System.nanoTime() - since;
                    if (p.dumpedFor != since) {
                        p.dumpedFor = since;
                        p.dumpsOfThisStall = 0;
                    }
                    if (p.dumpsOfThisStall == 0 && waited >= p.firstNanos && p.stalls < p.maxStalls) {
                        p.stalls++;
                        dump(p, waited, true);
                        p.dumpsOfThisStall++;
                    } else if (p.again && p.dumpsOfThisStall == 1 && waited >= SECOND_NANOS) {
                        dump(p, waited, false);
                        p.dumpsOfThisStall++;
                    }
                }
            }
        }

        private void dump(Probe p, long waitedNanos, boolean withVirtualThreads) {
            String stem = "stall-" + p.name + "-" + System.currentTimeMillis() + "-waited-"
                    + TimeUnit.NANOSECONDS.toMillis(waitedNanos) + "ms";
            dumps++;
            try {
                var proc = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print", "-l")
                        .redirectErrorStream(true)
                        .start();
                try (var in = proc.getInputStream();
                        var out = new java.util.zip.GZIPOutputStream(
                                Files.newOutputStream(dir.resolve(stem + "-threads.txt.gz")))) {
                    in.transferTo(out);
                }
                proc.waitFor(30, TimeUnit.SECONDS);
                if (withVirtualThreads) {
                    Path json = dir.resolve(stem + "-all-threads.json").toAbsolutePath();
                    var all = new ProcessBuilder(
                                    jcmd.toString(),
                                    Long.toString(pid),
                                    "Thread.dump_to_file",
                                    "-format=json",
                                    json.toString())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    if (all.waitFor(60, TimeUnit.SECONDS) && Files.exists(json)) {
                        try (var in = Files.newInputStream(json);
                                var out = new java.util.zip.GZIPOutputStream(
                                        Files.newOutputStream(dir.resolve(stem + "-all-threads.json.gz")))) {
                            in.transferTo(out);
                        }
                        Files.delete(json);
                    }
                }
            } catch (IOException e) {
                // a dump that could not be taken leaves the run as it is
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
