package org.preau.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live-classroom scenario of issue 10 §6, against a server bench/classroom started: N rooms of one class each
 * (its teacher and its pupils from the generated district), every participant signed in through the real log-in
 * form, every room made and opened by its teacher through the real pages ({@code POST /classe},
 * {@code POST /classe/{id}/ouvrir}), then one real WebSocket per participant (the JDK's {@code java.net.http}
 * client: the session cookie and the page's {@code Origin}, as a browser). Phases: connect; chat and one poll per
 * room (pupils vote); a reconnect storm (a share of all clients aborted at one instant, all reconnecting at once with
 * {@code ?depuis=} their last number) in the middle of the chat; settle; check.
 *
 * <p>Fan-out latency: from the sender's {@code sendText} to each other client's receipt of the whole frame, on one
 * clock (all clients are in this JVM), for chat messages and poll questions; receipts on a connection opened after
 * the send (a resume's replay) are counted apart. Heap per participant: the server's live heap
 * ({@code jcmd <pid> GC.class_histogram}, which runs a full collection first and counts live objects only) with every
 * participant connected minus the same before any connected, divided by the participants. Losses and duplicates:
 * every client must have received every number of its room, 1 to the room's {@code last_seq} in PostgreSQL, exactly
 * once over all its connections ({@link SeqLedger}). Writes {@code classroom.json} into {@code --out}.
 */
public final class Classroom {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /**
     * JDK 25's CPU-time sampler (JEP 509) beside the profile's execution samples: those see a virtual thread only
     * now and then, and most of the server's live work runs on virtual threads.
     */
    private static final String CPU_SAMPLES = "jdk.CPUTimeSample#enabled=true", CPU_SAMPLES_RATE =
            "jdk.CPUTimeSample#throttle=2ms";

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
    private static final Pattern ROOM = Pattern.compile("/classe/([0-9a-f-]{36})$");

    private final Map<String, String> opt;
    private final String base;
    private final Random random = new Random(42);
    private final HttpClient http;
    private final ExecutorService socketExecutor = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final List<Room> rooms = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Samples live = new Samples();
    private final Samples replayed = new Samples();
    private final AtomicLong tokens = new AtomicLong();
    private final LongAdder serverErrors = new LongAdder();
    private final Map<String, LongAdder> errorMessages = new ConcurrentHashMap<>();
    private final LongAdder sendFailures = new LongAdder();
    private final LongAdder chatsSent = new LongAdder();
    private final LongAdder pollsSent = new LongAdder();
    private final LongAdder votesSent = new LongAdder();
    private final LongAdder unexpectedCloses = new LongAdder();
    /** Why handshakes failed (each attempt): the HTTP status, or the error. */
    private final Map<String, LongAdder> handshakeFailures = new ConcurrentHashMap<>();
    /** Why connections closed that the scenario did not close: the close code and reason, or the error. */
    private final Map<String, LongAdder> closeReasons = new ConcurrentHashMap<>();
    private final LongAdder framesReceived = new LongAdder();
    private volatile boolean chatting;
    /** This worker's {@code System.nanoTime()} when the lesson began (0 before). */
    private volatile long lessonStart;
    private volatile boolean reconnecting = true;
    private int notSignedIn;
    private Map<String, long[]> lastHistogram = Map.of();

    record Sent(long at, int sender) {}

    /** One classroom: the class, its teacher (who makes and opens the room), and the room's id once made. */
    static final class Room {
        final int index;
        final String classId;
        final List<Member> members = new ArrayList<>();
        Member teacher;
        String id;
        long lastSeq;

        Room(int index, String classId) {
            this.index = index;
            this.classId = classId;
        }
    }

    /** One participant: a signed-in account and its connection to its room, and everything it received. */
    static final class Member {
        final int id;
        final String login;
        final boolean teacher;
        final Room room;
        final String address;
        final Map<String, String> cookies = new LinkedHashMap<>();
        final SeqLedger ledger = new SeqLedger();
        final ReentrantLock sending = new ReentrantLock();
        final java.util.Set<Long> voted = ConcurrentHashMap.newKeySet();
        HttpClient client;
        /** The server node this participant's connection goes to ({@code host:port}). */
        String host;
        WebSocket ws;
        int generation;
        boolean open;
        long connectedAt;
        boolean dropped;
        int connectFailures;

        Member(int id, String login, boolean teacher, Room room, String address) {
            this.id = id;
            this.login = login;
            this.teacher = teacher;
            this.room = room;
            this.address = address;
        }

        String cookieHeader() {
            StringBuilder s = new StringBuilder();
            cookies.forEach((k, v) -> s.append(s.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            return s.toString();
        }

        void absorb(HttpResponse<?> r) {
            for (String h : r.headers().allValues("set-cookie")) {
                String pair = h.split(";", 2)[0];
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    continue;
                }
                String name = pair.substring(0, eq).trim(), value = pair.substring(eq + 1).trim();
                if (value.isEmpty() || h.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
        }
    }

    /** Latency samples in microseconds. */
    static final class Samples {
        private long[] v = new long[1 << 16];
        /** The second of the lesson each sample's frame was sent in (for the timeline), or -1. */
        private int[] sec = new int[1 << 16];
        private int n;

        void add(long nanos, int second) {
            addMicros(nanos / 1000, second);
        }

        synchronized void addMicros(long micros, int second) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
                sec = Arrays.copyOf(sec, n * 2);
            }
            sec[n] = second;
            v[n++] = micros;
        }

        synchronized void write(com.fasterxml.jackson.databind.node.ArrayNode out, com.fasterxml.jackson.databind.node.ArrayNode seconds) {
            for (int i = 0; i < n; i++) {
                out.add(v[i]);
                seconds.add(sec[i]);
            }
        }

        /** Per second of the lesson (by the send): receipts, p50, p99 and max. */
        synchronized void timeline(com.fasterxml.jackson.databind.node.ArrayNode out) {
            Map<Integer, List<Long>> by = new java.util.TreeMap<>();
            for (int i = 0; i < n; i++) {
                if (sec[i] >= 0) {
                    by.computeIfAbsent(sec[i], k -> new ArrayList<>()).add(v[i]);
                }
            }
            by.forEach((second, list) -> {
                long[] a = list.stream().mapToLong(Long::longValue).sorted().toArray();
                out.addObject()
                        .put("s", second)
                        .put("count", a.length)
                        .put("p50_ms", ms(a[(int) Math.ceil(0.50 * a.length) - 1]))
                        .put("p99_ms", ms(a[(int) Math.ceil(0.99 * a.length) - 1]))
                        .put("max_ms", ms(a[a.length - 1]));
            });
        }

        synchronized ObjectNode summary(ObjectNode out) {
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            out.put("count", n);
            for (int p : new int[] {50, 90, 99}) {
                out.put("p" + p + "_ms", n == 0 ? null : ms(s[(int) Math.min(n - 1, Math.ceil(p / 100.0 * n) - 1)]));
            }
            out.put("max_ms", n == 0 ? null : ms(s[n - 1]));
            return out;
        }

        synchronized Double percentile(int p) {
            if (n == 0) {
                return null;
            }
            long[] s = Arrays.copyOf(v, n);
            Arrays.sort(s);
            return ms(s[(int) Math.min(n - 1, Math.ceil(p / 100.0 * n) - 1)]);
        }

        private static double ms(long micros) {
            return Math.round(micros / 10.0) / 100.0;
        }
    }

    private Classroom(Map<String, String> opt) {
        this.opt = opt;
        this.base = opt.get("base");
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newFixedThreadPool(4))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int code = 1;
        try {
            code = new Classroom(opt).run();
        } catch (Throwable e) {
            e.printStackTrace();
        } finally {
            // Always exit: the clients' executor threads would otherwise keep the JVM (and the build lock) alive.
            System.exit(code);
        }
    }

    private int integer(String k, int d) {
        return Integer.parseInt(opt.getOrDefault(k, String.valueOf(d)));
    }

    private double dbl(String k, double d) {
        return Double.parseDouble(opt.getOrDefault(k, String.valueOf(d)));
    }

    private static void say(String s) {
        System.err.println("classroom: " + s);
    }

    private int run() throws Exception {
        return "worker".equals(opt.get("role")) ? work() : coordinate();
    }

    // ------------------------------------------------------------------ the coordinator

    /**
     * Signs everyone in and opens the rooms, then hands whole rooms to worker JVMs (the machine allows 20,000 open
     * files per process, so one JVM cannot hold 20,000 sockets) and steps them through the phases together: connect,
     * lesson (with the storm half-way), check, leave. Measures the server between the phases (heap, CPU) and merges
     * the workers' figures. A room's clients all live in one worker, so its fan-out is timed on one clock.
     */
    private int coordinate() throws Exception {
        ObjectNode out = JSON.createObjectNode();
        long[] nodes = Arrays.stream(opt.getOrDefault("server-pids", opt.getOrDefault("server-pid", "")).split(","))
                .filter(s -> !s.isBlank())
                .mapToLong(Long::parseLong)
                .toArray();
        long pg = Long.parseLong(opt.getOrDefault("pg-pid", "0"));
        long[] serverRoots = Arrays.copyOf(nodes, nodes.length + (pg > 0 ? 1 : 0));
        if (pg > 0) {
            serverRoots[nodes.length] = pg;
        }
        List<String> bases = List.of(opt.getOrDefault("bases", base).split(","));
        loadRosters(Path.of(opt.get("rosters")), integer("rooms", 20), integer("room-size", 30));
        say(rooms.size() + " rooms, " + members.size() + " participants, " + bases.size() + " server node(s)");

        // ---- sign in (not measured) and make and open the rooms through the pages; an Argon2id hash per participant
        // on one core would take ~40 ms each, so the server may borrow the load's core until the connections start
        if (opt.containsKey("sign-in-cores")) {
            pin(serverRoots, opt.get("sign-in-cores"));
        }
        long t0 = System.nanoTime();
        signIn();
        out.put("sign_in_s", secs(t0));
        out.put("not_signed_in", notSignedIn);
        out.put("rooms", rooms.size());
        out.put("participants", members.size());
        out.put("teachers", rooms.size());
        out.put("pupils", members.size() - rooms.size());
        t0 = System.nanoTime();
        for (Room r : rooms) {
            openRoom(r);
        }
        out.put("rooms_opened_s", secs(t0));
        say("rooms opened");
        // Signing in may borrow the load's core (it is not measured); everything after runs on the server's alone.
        if (opt.containsKey("server-cores")) {
            pin(serverRoots, opt.get("server-cores"));
        }

        // ---- heap without connections
        long heapBefore = liveHeap(nodes);
        Map<String, long[]> histogramBefore = lastHistogram;
        say("server live heap before connecting: " + heapBefore + " bytes");

        // ---- the workers: whole rooms each, as few as the open-files limit allows
        int perWorker = integer("per-worker", 9000);
        int workerCount = Math.max(1, (members.size() + perWorker - 1) / perWorker);
        String spread = opt.getOrDefault("spread", "connection");
        List<Worker> workers = new ArrayList<>();
        List<List<Room>> shares = new ArrayList<>();
        for (int w = 0; w < workerCount; w++) {
            shares.add(new ArrayList<>());
        }
        for (Room r : rooms) {
            shares.get(r.index % workerCount).add(r);
        }
        Path dir = Path.of(opt.get("out"));
        Files.createDirectories(dir);
        // The plans hold session cookies, the results every latency sample: the run's scratch space, not the report.
        Path scratch = Path.of(opt.getOrDefault("work", dir.toString()));
        for (int w = 0; w < workerCount; w++) {
            List<String> plan = new ArrayList<>();
            for (Room r : shares.get(w)) {
                for (Member m : r.members) {
                    String node = bases.get(("room".equals(spread) ? r.index : m.id) % bases.size());
                    plan.add(String.join(
                            "\t",
                            String.valueOf(m.id),
                            m.login,
                            m.teacher ? "1" : "0",
                            String.valueOf(r.index),
                            r.id,
                            m.address,
                            node,
                            m.cookieHeader()));
                }
            }
            Path file = scratch.resolve("worker-" + w + "-plan.tsv");
            Files.write(file, plan);
            workers.add(new Worker(w, file, scratch.resolve("worker-" + w + ".json")));
        }
        out.put("load_workers", workerCount);
        out.put("server_nodes", bases.size());
        out.put("spread", spread);
        for (Worker w : workers) {
            w.start();
        }
        for (Worker w : workers) {
            w.await("@ready");
        }

        // ---- connect everyone
        t0 = System.nanoTime();
        double cpu0 = ProcTree.cpu(serverRoots)[0];
        double pg0 = pg > 0 ? ProcTree.cpu(pg)[0] : 0;
        flightRecording("connect", nodes, "JFR.start", "name=connect", "settings=profile", CPU_SAMPLES, CPU_SAMPLES_RATE, "filename="
                + dir.resolve("connect-node-%d.jfr").toAbsolutePath());
        workers.forEach(w -> w.tell("connect"));
        long notOpen = 0;
        boolean settled = true;
        for (Worker w : workers) {
            String[] f = w.await("@connected");
            notOpen += Long.parseLong(f[2]);
            settled &= Boolean.parseBoolean(f[3]);
        }
        flightRecording("connect", nodes, "JFR.stop", "name=connect");
        ObjectNode connect = out.putObject("connect");
        connect.put("wall_s", secs(t0));
        connect.put("server_cpu_s", round(ProcTree.cpu(serverRoots)[0] - cpu0, 2));
        connect.put("postgresql_cpu_s", pg > 0 ? round(ProcTree.cpu(pg)[0] - pg0, 2) : null);
        connect.put("not_connected", notOpen);
        connect.put("settled", settled);
        say("connected and settled in " + secs(t0) + " s (" + notOpen + " not connected)");

        // ---- heap with every connection held
        long heapWith = liveHeap(nodes);
        Map<String, long[]> histogramWith = lastHistogram;
        long held = 0;
        for (Worker w : workers) {
            w.tell("count");
            held += Long.parseLong(w.await("@count")[1]);
        }
        ObjectNode heap = out.putObject("heap");
        heap.put("live_bytes_before_connections", heapBefore);
        heap.put("live_bytes_with_connections", heapWith);
        heap.put("connections_held", held);
        heap.put("bytes_per_participant", held == 0 ? 0 : (heapWith - heapBefore) / held);
        heap.put(
                "how",
                "jcmd <server pid> GC.class_histogram on every server node (a full GC first, live objects only):"
                        + " total with every participant connected and its join delivered, minus the same after"
                        + " sign-in and rooms opened and before any connection, divided by the connections held");
        var growth = new ArrayList<Map.Entry<String, long[]>>();
        histogramWith.forEach((k, v) -> {
            long[] b = histogramBefore.getOrDefault(k, new long[2]);
            growth.add(Map.entry(k, new long[] {v[0] - b[0], v[1] - b[1]}));
        });
        growth.sort((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]));
        var top = heap.putArray("growth_by_class");
        for (var e : growth.subList(0, Math.min(25, growth.size()))) {
            top.addObject()
                    .put("class", e.getKey())
                    .put("instances", e.getValue()[0])
                    .put("bytes", e.getValue()[1])
                    .put("bytes_per_participant", held == 0 ? 0 : e.getValue()[1] / held);
        }
        say("server live heap with " + held + " connections: " + heapWith + " bytes, "
                + heap.get("bytes_per_participant") + " per participant");

        // ---- the lesson, started by every worker at the same instant
        int duration = integer("duration", 60);
        ObjectNode chat = out.putObject("chat");
        chat.put("duration_s", duration);
        chat.put("chat_every_s_per_room", dbl("chat-every", 3));
        long startAt = System.currentTimeMillis() + 1000;
        workers.forEach(w -> w.tell("lesson " + startAt));
        Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
        cpu0 = ProcTree.cpu(serverRoots)[0];
        pg0 = pg > 0 ? ProcTree.cpu(pg)[0] : 0;
        t0 = System.nanoTime();
        flightRecording("lesson", nodes, "JFR.start", "name=lesson", "settings=profile", CPU_SAMPLES, CPU_SAMPLES_RATE, "filename="
                + dir.resolve("lesson-node-%d.jfr").toAbsolutePath());
        // Once a second, the share of a core the server (JVMs + PostgreSQL) and the load (this JVM and its workers)
        // used, and the machine's idle, iowait and steal (both cores): which side was saturated when the fan-out was
        // slow, or whether the machine itself was not running.
        var cpuBySecond = new ArrayList<double[]>();
        var sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
        var sampler = Thread.ofPlatform().name("cpu-sampler").start(() -> {
            double[] m0 = ProcTree.idleIowaitSteal();
            double[] last = {ProcTree.cpu(serverRoots)[0], ProcTree.cpu(pg)[0], ProcTree.load(), m0[0], m0[1], m0[2]};
            long next = System.nanoTime();
            while (sampling.get()) {
                next += 1_000_000_000L;
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
                } catch (InterruptedException e) {
                    return;
                }
                double[] m = ProcTree.idleIowaitSteal();
                double[] now = {ProcTree.cpu(serverRoots)[0], ProcTree.cpu(pg)[0], ProcTree.load(), m[0], m[1], m[2]};
                double[] d = new double[now.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = now[i] - last[i];
                }
                synchronized (cpuBySecond) {
                    cpuBySecond.add(d);
                }
                last = now;
            }
        });
        for (Worker w : workers) {
            w.await("@lesson");
        }
        sampling.set(false);
        sampler.join();
        flightRecording("lesson", nodes, "JFR.stop", "name=lesson");
        double chatWall = secs(t0);
        double chatCpu = ProcTree.cpu(serverRoots)[0] - cpu0;
        chat.put("wall_s", chatWall);
        chat.put("server_cpu_s", round(chatCpu, 2));
        chat.put("server_cpu_share", round(chatCpu / chatWall, 3));
        chat.put("postgresql_cpu_s", pg > 0 ? round(ProcTree.cpu(pg)[0] - pg0, 2) : null);
        var bySecond = chat.putArray("cpu_by_second");
        synchronized (cpuBySecond) {
            for (int i = 0; i < cpuBySecond.size(); i++) {
                double[] c = cpuBySecond.get(i);
                bySecond.addObject()
                        .put("s", i)
                        .put("server", round(c[0], 2))
                        .put("postgresql", round(c[1], 2))
                        .put("load", round(c[2], 2))
                        .put("machine_idle", round(c[3], 2))
                        .put("machine_iowait", round(c[4], 2))
                        .put("machine_steal", round(c[5], 2));
            }
        }

        // ---- settle and check, in every worker; then merge
        workers.forEach(w -> w.tell("check"));
        for (Worker w : workers) {
            w.await("@checked");
        }
        List<JsonNode> parts = new ArrayList<>();
        for (Worker w : workers) {
            parts.add(JSON.readTree(w.result.toFile()));
        }
        for (String k : List.of("chats_sent", "polls_sent", "votes_sent", "send_failures")) {
            chat.put(k, parts.stream().mapToLong(p -> p.path("chat").path(k).asLong()).sum());
        }
        ObjectNode storm = out.putObject("storm");
        storm.put("dropped", parts.stream().mapToLong(p -> p.path("storm").path("dropped").asLong()).sum());
        storm.put("share", dbl("storm-share", 0.1));
        storm.put("all_back", parts.stream().allMatch(p -> p.path("storm").path("all_back").asBoolean()));
        storm.put(
                "failed_reconnects",
                parts.stream().mapToLong(p -> p.path("storm").path("failed_reconnects").asLong()).sum());
        storm.put(
                "reconnect_wall_s",
                parts.stream().mapToDouble(p -> p.path("storm").path("reconnect_wall_s").asDouble()).max().orElse(0));
        ObjectNode check = out.putObject("check");
        check.put("settled", parts.stream().allMatch(p -> p.path("check").path("settled").asBoolean()));
        for (String k : List.of(
                "events_in_rooms",
                "receipts",
                "lost",
                "duplicated",
                "out_of_order",
                "clients_with_a_loss",
                "lost_by_dropped_clients",
                "duplicated_by_dropped_clients",
                "unexpected_closes",
                "server_error_frames")) {
            check.put(k, parts.stream().mapToLong(p -> p.path("check").path(k).asLong()).sum());
        }
        for (String k : List.of("server_error_messages", "unexpected_close_reasons", "failed_handshakes")) {
            ObjectNode merged = check.putObject(k);
            for (JsonNode p : parts) {
                p.path("check").path(k).properties().forEach(e -> merged.put(
                        e.getKey(), merged.path(e.getKey()).asLong() + e.getValue().asLong()));
            }
        }
        Samples allLive = new Samples(), allReplayed = new Samples();
        for (JsonNode p : parts) {
            for (var k : List.of("live", "replayed")) {
                var values = p.path(k + "_us");
                var seconds = p.path(k + "_s");
                for (int i = 0; i < values.size(); i++) {
                    (k.equals("live") ? allLive : allReplayed)
                            .addMicros(values.get(i).asLong(), seconds.path(i).asInt(-1));
                }
            }
        }
        allLive.summary(out.putObject("fanout_live"));
        allReplayed.summary(out.putObject("fanout_replayed"));
        // When in the lesson the slow receipts were sent: the polls open at a fifth, the storm is half-way.
        var timeline = out.putObject("fanout_timeline");
        timeline.put("polls_open_at_s", duration / 5);
        timeline.put("storm_at_s", duration / 2);
        allLive.timeline(timeline.putArray("live_by_second"));

        // ---- heap after everyone left (what stays: the rooms' logs)
        workers.forEach(w -> w.tell("leave"));
        for (Worker w : workers) {
            w.await("@left");
        }
        Thread.sleep(5000);
        heap.put("live_bytes_after_everyone_left", liveHeap(nodes));
        workers.forEach(w -> w.tell("exit"));
        for (Worker w : workers) {
            w.process.waitFor(30, TimeUnit.SECONDS);
        }

        ObjectNode block = out.putObject("classroom");
        block.put("participants", held);
        block.put("rooms", rooms.size());
        block.put("fanout_p50_ms", allLive.percentile(50));
        block.put("fanout_p99_ms", allLive.percentile(99));
        block.put("heap_bytes_per_participant", heap.get("bytes_per_participant").asLong());
        block.put("resume_lost", check.get("lost").asLong());
        block.put("resume_duplicated", check.get("duplicated").asLong());
        JSON.writeValue(dir.resolve("classroom.json").toFile(), out);
        System.out.println(JSON.writeValueAsString(block));
        timers.shutdownNow();
        return 0;
    }

    /**
     * One load JVM holding the connections of some rooms: started with this class's own java and class path (and
     * so on the load's core), stepped through the phases by lines on its standard input, answering on its standard
     * output ({@code @phase figures…}); its log goes to this process's standard error.
     */
    private final class Worker {
        final int index;
        final Path plan;
        final Path result;
        Process process;
        java.io.BufferedReader answers;
        java.io.PrintWriter orders;

        Worker(int index, Path plan, Path result) {
            this.index = index;
            this.plan = plan;
            this.result = result;
        }

        void start() throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(ProcessHandle.current().info().command().orElse("java"));
            // ZGC: the parallel collector's young pauses reached 0.2-0.7 s at 4,150 participants on the load's one
            // core (2026-12-06T2048Z's GC log), and every receipt in flight waited them out on the load's side.
            cmd.addAll(List.of(opt.getOrDefault("worker-jvm", "-Xmx3g -XX:+UseZGC").split(" ")));
            // The load's own pauses are part of what a receipt's latency holds: its collections, beside the report.
            if (opt.containsKey("out")) {
                cmd.add("-Xlog:gc:file=" + Path.of(opt.get("out"), "load-worker-" + index + "-gc.txt") + ":uptime");
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Classroom.class.getName()));
            for (String k : List.of(
                    "pg-port", "duration", "chat-every", "storm-share", "per-address", "connect-concurrency",
                    "settle-s")) {
                if (opt.containsKey(k)) {
                    cmd.addAll(List.of("--" + k, opt.get(k)));
                }
            }
            cmd.addAll(List.of(
                    "--role", "worker", "--worker", String.valueOf(index), "--plan", plan.toString(), "--result",
                    result.toString(), "--base", base));
            process = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            answers = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            orders = new java.io.PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        }

        void tell(String line) {
            orders.println(line);
        }

        /** The worker's next answer, which must be {@code phase}; a worker that died or said otherwise ends the run. */
        String[] await(String phase) throws IOException {
            String line = answers.readLine();
            if (line == null || !line.startsWith(phase)) {
                throw new IllegalStateException("worker " + index + " answered " + line + " where " + phase
                        + " was due" + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")"));
            }
            return line.split(" ");
        }
    }

    /**
     * With {@code --jfr lesson} (or {@code connect}), a flight recording of every server node over that phase (JFR's
     * "profile" settings), written beside the report as {@code raw/<phase>-node-<pid>.jfr}: where its CPU goes.
     */
    private void flightRecording(String phase, long[] nodes, String command, String... args) throws Exception {
        if (!phase.equals(opt.get("jfr"))) {
            return;
        }
        for (long pid : nodes) {
            List<String> cmd = new ArrayList<>(List.of(opt.getOrDefault("jcmd", "jcmd"), String.valueOf(pid), command));
            for (String a : args) {
                cmd.add(a.replace("%d", String.valueOf(pid)));
            }
            new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor();
        }
    }

    /** Pins every thread of every process of the trees to {@code cpus} ({@code taskset -a -p}). */
    private static void pin(long[] roots, String cpus) throws Exception {
        int n = 0;
        for (long pid : ProcTree.pids(roots)) {
            var p = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, String.valueOf(pid))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (p.waitFor() == 0) {
                n++;
            }
        }
        say("server pinned to core(s) " + cpus + " (" + n + " processes)");
    }

    // ------------------------------------------------------------------ a worker

    private java.io.BufferedReader orders;

    private String order(String expected) throws IOException {
        String line = orders.readLine();
        if (line == null || !line.startsWith(expected)) {
            throw new IllegalStateException("worker told " + line + " where " + expected + " was due");
        }
        return line;
    }

    private static void answer(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** The connections of the rooms in {@code --plan}, through the phases the coordinator calls. */
    private int work() throws Exception {
        orders = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8));
        Map<Integer, Room> byIndex = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(opt.get("plan")))) {
            String[] f = line.split("\t", -1);
            Room r = byIndex.computeIfAbsent(Integer.parseInt(f[3]), i -> new Room(i, ""));
            r.id = f[4];
            Member m = new Member(Integer.parseInt(f[0]), f[1], "1".equals(f[2]), r, f[5]);
            m.host = URI.create(f[6]).getAuthority();
            for (String kv : f[7].split("; ")) {
                int eq = kv.indexOf('=');
                if (eq > 0) {
                    m.cookies.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            if (m.teacher) {
                r.teacher = m;
            }
            r.members.add(m);
            members.add(m);
        }
        rooms.addAll(byIndex.values());
        int perAddress = integer("per-address", 5000);
        Map<Integer, HttpClient> clients = new HashMap<>();
        for (Member m : members) {
            int a = m.id / perAddress;
            m.client = clients.computeIfAbsent(a, i -> HttpClient.newBuilder()
                    .localAddress(loopback(i + 1))
                    .connectTimeout(Duration.ofSeconds(30))
                    .executor(socketExecutor)
                    .build());
        }
        answer("@ready " + members.size());

        order("connect");
        startBeats();
        long t0 = System.nanoTime();
        connectAll(members, integer("connect-concurrency", 32));
        long notOpen = members.stream().filter(m -> !isOpen(m)).count();
        say("connected " + (members.size() - notOpen) + " in " + secs(t0) + " s (" + notOpen + " not connected)");
        boolean settled = settle(Duration.ofSeconds(integer("settle-s", 120)));
        answer("@connected " + (members.size() - notOpen) + " " + notOpen + " " + settled);
        order("count");
        answer("@count " + members.stream().filter(this::isOpen).count());

        // ---- chat and polls, with the reconnect storm in the middle
        long startAt = Long.parseLong(order("lesson").split(" ")[1]);
        Thread.sleep(Math.max(0, startAt - System.currentTimeMillis()));
        int duration = integer("duration", 60);
        double chatEvery = dbl("chat-every", 3);
        ObjectNode result = JSON.createObjectNode();
        chatting = true;
        t0 = System.nanoTime();
        lessonStart = t0;
        long end = t0 + TimeUnit.SECONDS.toNanos(duration);
        Thread chatter = Thread.ofPlatform().name("chatter").start(() -> chatLoop(end, chatEvery));
        // One poll per room, opened at a fifth of the phase and closed at four fifths.
        for (Room r : rooms) {
            long at = (long) (duration * 200 + random.nextInt(5000));
            timers.schedule(() -> Thread.startVirtualThread(() -> openPoll(r)), at, TimeUnit.MILLISECONDS);
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(duration) / 2);
        stormNow(dbl("storm-share", 0.1), result.putObject("storm"));
        chatter.join();
        chatting = false;
        ObjectNode chat = result.putObject("chat");
        chat.put("chats_sent", chatsSent.sum());
        chat.put("polls_sent", pollsSent.sum());
        chat.put("votes_sent", votesSent.sum());
        chat.put("send_failures", sendFailures.sum());
        answer("@lesson");

        order("check");
        for (Room r : rooms) {
            timers.execute(() -> Thread.startVirtualThread(() -> closePoll(r)));
        }
        Thread.sleep(2000);
        boolean finalSettled = settle(Duration.ofSeconds(integer("settle-s", 120)));
        long lost = 0, dup = 0, disorder = 0, lostDropped = 0, dupDropped = 0, clientsWithLoss = 0;
        for (Member m : members) {
            long miss = m.ledger.missing(m.room.lastSeq);
            long d = m.ledger.duplicates();
            lost += miss;
            dup += d;
            disorder += m.ledger.outOfOrder();
            if (miss > 0) {
                clientsWithLoss++;
            }
            if (m.dropped) {
                lostDropped += miss;
                dupDropped += d;
            }
        }
        ObjectNode check = result.putObject("check");
        check.put("settled", finalSettled);
        check.put("events_in_rooms", rooms.stream().mapToLong(r -> r.lastSeq).sum());
        check.put("receipts", framesReceived.sum());
        check.put("lost", lost);
        check.put("duplicated", dup);
        check.put("out_of_order", disorder);
        check.put("clients_with_a_loss", clientsWithLoss);
        check.put("lost_by_dropped_clients", lostDropped);
        check.put("duplicated_by_dropped_clients", dupDropped);
        check.put("unexpected_closes", unexpectedCloses.sum());
        ObjectNode whys = check.putObject("unexpected_close_reasons");
        closeReasons.forEach((k, v) -> whys.put(k, v.sum()));
        ObjectNode failedHandshakes = check.putObject("failed_handshakes");
        handshakeFailures.forEach((k, v) -> failedHandshakes.put(k, v.sum()));
        check.put("server_error_frames", serverErrors.sum());
        ObjectNode errs = check.putObject("server_error_messages");
        errorMessages.forEach((k, v) -> errs.put(k, v.sum()));
        live.write(result.putArray("live_us"), result.putArray("live_s"));
        replayed.write(result.putArray("replayed_us"), result.putArray("replayed_s"));
        JSON.writeValue(Path.of(opt.get("result")).toFile(), result);
        answer("@checked");

        order("leave");
        reconnecting = false;
        for (Member m : members) {
            synchronized (m) {
                m.generation++;
                m.open = false;
                if (m.ws != null) {
                    m.ws.sendClose(WebSocket.NORMAL_CLOSURE, "fin");
                }
            }
        }
        answer("@left");
        order("exit");
        timers.shutdownNow();
        return 0;
    }

    private static InetAddress loopback(int n) {
        try {
            return InetAddress.getByName("127.0.0." + n);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ preparation

    /** {@code classId;teacherLogin;pupil1,pupil2,…} per line, as bench/classroom read them from the database. */
    private void loadRosters(Path file, int wanted, int size) throws IOException {
        int id = 0;
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split(";", -1);
            if (f.length < 3 || f[2].isBlank() || rooms.size() >= wanted) {
                continue;
            }
            Room r = new Room(rooms.size(), f[0].trim());
            r.teacher = new Member(id, f[1].trim(), true, r, address(id));
            id++;
            r.members.add(r.teacher);
            for (String p : f[2].split(",")) {
                if (r.members.size() >= size) {
                    break;
                }
                r.members.add(new Member(id, p.trim(), false, r, address(id)));
                id++;
            }
            rooms.add(r);
            members.addAll(r.members);
        }
        if (rooms.size() < wanted) {
            say("WARNING: only " + rooms.size() + " classes with a teacher and pupils in the district");
        }
    }

    /** Each participant's own source address, sent as X-Forwarded-For through the trusted proxy 127.0.0.1. */
    private static String address(int n) {
        return "127.30." + (n / 250) % 250 + "." + (n % 250 + 1);
    }

    private void signIn() throws InterruptedException {
        var queue = new java.util.concurrent.ConcurrentLinkedQueue<>(members);
        var done = new AtomicInteger();
        var failed = Collections.synchronizedList(new ArrayList<String>());
        List<Thread> loops = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < integer("login-concurrency", 8); i++) {
            loops.add(Thread.ofPlatform().start(() -> {
                for (Member m = queue.poll(); m != null; m = queue.poll()) {
                    try {
                        if (!logIn(m)) {
                            failed.add(m.login);
                        }
                    } catch (Exception e) {
                        failed.add(m.login + " " + e);
                    }
                    
                    int n = done.incrementAndGet();
                    if (n % 1000 == 0) {
                        say("signed in " + n + " of " + members.size() + " (" + secs(start) + " s)");
                    }
                }
            }));
        }
        for (Thread t : loops) {
            t.join();
        }
        if (failed.size() > members.size() / 100) {
            throw new IllegalStateException(failed.size() + " log-ins failed, e.g. " + failed.getFirst());
        }
        // A participant who could not sign in stays out of the scenario (and is counted).
        var out = new java.util.HashSet<>(failed);
        notSignedIn = out.size();
        rooms.removeIf(r -> out.contains(r.teacher.login));
        for (Room r : rooms) {
            r.members.removeIf(m -> out.contains(m.login));
        }
        members.clear();
        rooms.forEach(r -> members.addAll(r.members));
    }

    private HttpRequest.Builder page(Member m, String path) {
        var b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "text/html")
                .header("Accept-Language", "fr-FR,fr;q=0.9")
                .header("X-Forwarded-For", m.address);
        if (!m.cookies.isEmpty()) {
            b.header("Cookie", m.cookieHeader());
        }
        return b;
    }

    private HttpResponse<String> post(Member m, String path, Map<String, String> fields) throws Exception {
        StringBuilder s = new StringBuilder();
        fields.forEach((k, v) -> s.append(s.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        var r = http.send(
                page(m, path)
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .header("Origin", base)
                        .POST(HttpRequest.BodyPublishers.ofString(s.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        m.absorb(r);
        return r;
    }

    private String csrf(Member m, String path) throws Exception {
        var r = http.send(page(m, path).GET().build(), HttpResponse.BodyHandlers.ofString());
        m.absorb(r);
        Matcher x = CSRF.matcher(r.body());
        if (r.statusCode() != 200 || !x.find()) {
            throw new IllegalStateException("GET " + path + " as " + m.login + ": " + r.statusCode());
        }
        return x.group(1);
    }

    /** The browser's log-in: the form and its CSRF field, then the POST; waits and retries when told to. */
    private boolean logIn(Member m) throws Exception {
        String last = "";
        for (int attempt = 0; attempt < 10; attempt++) {
            m.cookies.clear(); // each attempt a fresh browser: no half-made session from the one before
            long wait = 2;
            try {
                String token = csrf(m, "/connexion");
                var r = post(
                        m,
                        "/connexion",
                        Map.of("username", m.login, "password", opt.get("password"), "_csrf", token));
                String loc = r.headers().firstValue("location").orElse("");
                if (r.statusCode() == 302 && !loc.contains("connexion") && !loc.contains("salle-attente")) {
                    return true;
                }
                last = r.statusCode() + " " + loc;
                wait = r.headers().firstValue("retry-after").map(Long::parseLong).orElse(2L);
            } catch (Exception e) {
                last = e.toString();
            }
            Thread.sleep(TimeUnit.SECONDS.toMillis(Math.min(wait, 10)));
        }
        say("log-in of " + m.login + " failed 10 times, last: " + last);
        return false;
    }

    /** The teacher makes an ad hoc room for the class on {@code /classe}, then opens it. */
    private void openRoom(Room r) throws Exception {
        Member t = r.teacher;
        var made = post(
                t,
                "/classe",
                Map.of("audience", r.classId, "title", "Charge " + r.index, "_csrf", csrf(t, "/classe")));
        Matcher id = ROOM.matcher(made.headers().firstValue("location").orElse(""));
        if (made.statusCode() != 302 || !id.find()) {
            throw new IllegalStateException("room for class " + r.classId + " by " + t.login + ": "
                    + made.statusCode() + " " + made.headers().firstValue("location").orElse(""));
        }
        r.id = id.group(1);
        var opened = post(t, "/classe/" + r.id + "/ouvrir", Map.of("_csrf", csrf(t, "/classe/" + r.id)));
        if (opened.statusCode() != 302) {
            throw new IllegalStateException("opening room " + r.id + ": " + opened.statusCode());
        }
    }

    // ------------------------------------------------------------------ connections

    private boolean isOpen(Member m) {
        synchronized (m) {
            return m.open;
        }
    }

    /** Opens connections with at most {@code concurrency} handshakes in flight; retries a failed one 3 times. */
    private void connectAll(List<Member> who, int concurrency) throws InterruptedException {
        var gate = new Semaphore(concurrency);
        var pending = new java.util.concurrent.CountDownLatch(who.size());
        for (Member m : who) {
            gate.acquire();
            connect(m, 3).whenComplete((ok, e) -> {
                gate.release();
                pending.countDown();
            });
        }
        pending.await(10, TimeUnit.MINUTES);
    }

    private CompletableFuture<Boolean> connect(Member m, int retries) {
        int gen;
        long since;
        synchronized (m) {
            gen = ++m.generation;
            since = m.ledger.last();
        }
        URI uri = URI.create("ws://" + m.host + "/classe/" + m.room.id + "/direct?depuis=" + since);
        return m.client.newWebSocketBuilder()
                .header("Cookie", m.cookieHeader())
                .header("Origin", "http://" + m.host) // the node its page came from, as through a proxy
                // Its own address, as the proxy forwards it for the pages (else every handshake would come from one
                // loopback address, and the per-address rate limits would refuse them as a flood)
                .header("X-Forwarded-For", m.address)
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, new Listener(m, gen))
                .handle((ws, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(true);
                    }
                    synchronized (m) {
                        m.connectFailures++;
                    }
                    Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                            ? e.getCause()
                            : e;
                    String why = cause instanceof java.net.http.WebSocketHandshakeException h
                            ? "handshake " + h.getResponse().statusCode()
                            : cause.getClass().getSimpleName();
                    handshakeFailures.computeIfAbsent(why, k -> new LongAdder()).increment();
                    if (retries <= 0) {
                        say("connection of " + m.login + " failed: " + why);
                        return CompletableFuture.completedFuture(false);
                    }
                    return CompletableFuture.supplyAsync(
                                    () -> true, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                            .thenCompose(x -> connect(m, retries - 1));
                })
                .thenCompose(x -> x);
    }

    private final class Listener implements WebSocket.Listener {
        private final Member m;
        private final int gen;
        private final StringBuilder buf = new StringBuilder();

        Listener(Member m, int gen) {
            this.m = m;
            this.gen = gen;
        }

        @Override
        public void onOpen(WebSocket ws) {
            synchronized (m) {
                if (m.generation == gen) {
                    m.ws = ws;
                    m.open = true;
                    m.connectedAt = System.nanoTime();
                }
            }
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            buf.append(data);
            if (last) {
                long now = System.nanoTime();
                String text = buf.toString();
                buf.setLength(0);
                try {
                    frame(m, gen, text, now);
                } catch (RuntimeException e) {
                    say("frame not understood: " + e);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed(statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed(error.getClass().getSimpleName());
        }

        /** A close the scenario did not ask for: the page reconnects after a short backoff, from its last number. */
        private void closed(String why) {
            synchronized (m) {
                if (m.generation != gen || !m.open) {
                    return;
                }
                m.open = false;
                unexpectedCloses.increment();
                closeReasons.computeIfAbsent(why, k -> new LongAdder()).increment();
            }
            if (reconnecting) {
                timers.schedule(() -> connect(m, 5), 1000 + random.nextInt(2000), TimeUnit.MILLISECONDS);
            }
        }
    }

    private void frame(Member m, int gen, String text, long now) {
        JsonNode f;
        try {
            f = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String type = f.path("type").asText("");
        if ("error".equals(type)) {
            serverErrors.increment();
            errorMessages
                    .computeIfAbsent(f.path("message").asText(""), k -> new LongAdder())
                    .increment();
            return;
        }
        if (!"events".equals(type)) {
            return;
        }
        synchronized (m) {
            if (m.generation != gen) {
                return; // an aborted connection's last frames: the resume asks for them again
            }
            for (JsonNode e : f.path("events")) {
                long seq = e.path("seq").asLong();
                framesReceived.increment();
                // A run of votes the server folded into its last (ADR 0090) stands for each of its numbers.
                for (long s = e.path("from").asLong(seq); s <= seq; s++) {
                    m.ledger.record(s);
                }
                String kind = e.path("kind").asText("");
                if ("chat".equals(kind)) {
                    timing(m, e.path("body").path("text").asText(""), now);
                } else if ("poll.open".equals(kind)) {
                    timing(m, e.path("body").path("question").asText(""), now);
                    if (m.teacher) {
                        m.voted.add(seq); // the teacher's own polls, to close them
                    } else if (chatting && m.voted.add(seq)) {
                        int choice = random.nextInt(3);
                        timers.schedule(
                                () -> Thread.startVirtualThread(() -> {
                                    if (send(m, "{\"action\":\"poll.vote\",\"poll\":" + seq + ",\"choices\":[" + choice
                                            + "]}")) {
                                        votesSent.increment();
                                    }
                                }),
                                1000 + random.nextInt(7000),
                                TimeUnit.MILLISECONDS);
                    }
                }
            }
        }
    }

    private void timing(Member m, String text, long now) {
        int sp = text.indexOf(' ');
        Sent s = sent.get(sp < 0 ? text : text.substring(0, sp));
        if (s == null || s.sender() == m.id) {
            return;
        }
        int second = lessonStart == 0 ? -1 : (int) ((s.at() - lessonStart) / 1_000_000_000L);
        (m.connectedAt <= s.at() ? live : replayed).add(now - s.at(), second);
    }

    /** Sends one frame on the member's current connection, one at a time (the JDK client allows one pending send). */
    private boolean send(Member m, String json) {
        WebSocket ws;
        synchronized (m) {
            if (!m.open) {
                return false;
            }
            ws = m.ws;
        }
        m.sending.lock();
        try {
            ws.sendText(json, true).get(30, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            sendFailures.increment();
            return false;
        } finally {
            m.sending.unlock();
        }
    }

    /** Heartbeats as the page sends them, every 15 s, spread over the 15 s. */
    private void startBeats() {
        var turn = new AtomicInteger();
        int slices = 150;
        timers.scheduleAtFixedRate(
                () -> {
                    int s = turn.getAndIncrement() % slices;
                    for (int i = s; i < members.size(); i += slices) {
                        Member m = members.get(i);
                        if (isOpen(m)) {
                            Thread.startVirtualThread(() -> send(m, "{\"action\":\"beat\"}"));
                        }
                    }
                },
                100,
                100,
                TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ the lesson

    /** Each room gets a chat message every {@code every} seconds on average (exponential gaps), from anyone in it. */
    private void chatLoop(long end, double every) {
        var next = new java.util.PriorityQueue<long[]>(java.util.Comparator.comparingLong(a -> a[0]));
        long now = System.nanoTime();
        var rnd = new Random(7);
        for (int i = 0; i < rooms.size(); i++) {
            next.add(new long[] {now + (long) (rnd.nextDouble() * every * 1e9), i});
        }
        while (true) {
            long[] n = next.poll();
            if (n[0] >= end) {
                return;
            }
            long wait = n[0] - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
            }
            Room r = rooms.get((int) n[1]);
            Member m = r.members.get(rnd.nextInt(r.members.size()));
            Thread.startVirtualThread(() -> chat(m));
            next.add(new long[] {n[0] + (long) (-Math.log(1 - rnd.nextDouble()) * every * 1e9), n[1]});
        }
    }

    private void chat(Member m) {
        String token = "c" + tokens.incrementAndGet();
        sent.put(token, new Sent(System.nanoTime(), m.id));
        if (send(m, "{\"action\":\"chat\",\"text\":\"" + token + " bonjour la classe\"}")) {
            chatsSent.increment();
        } else {
            sent.remove(token);
        }
    }

    private void openPoll(Room r) {
        String token = "p" + tokens.incrementAndGet();
        sent.put(token, new Sent(System.nanoTime(), r.teacher.id));
        if (send(
                r.teacher,
                "{\"action\":\"poll.open\",\"question\":\"" + token
                        + " Quelle réponse ?\",\"options\":[\"A\",\"B\",\"C\"],\"multiple\":false,\"anonymous\":false}")) {
            pollsSent.increment();
        } else {
            sent.remove(token);
        }
    }

    private void closePoll(Room r) {
        for (long seq : r.teacher.voted) {
            send(r.teacher, "{\"action\":\"poll.close\",\"poll\":" + seq + "}");
        }
    }

    /** A share of all clients dropped at one instant (their sockets aborted, as a lost network), all back at once. */
    private void stormNow(double share, ObjectNode out) throws InterruptedException {
        List<Member> pick = new ArrayList<>(members.stream().filter(this::isOpen).toList());
        Collections.shuffle(pick, random);
        pick = pick.subList(0, (int) Math.round(pick.size() * share));
        long t0 = System.nanoTime();
        for (Member m : pick) {
            synchronized (m) {
                m.generation++;
                m.open = false;
                m.dropped = true;
                m.ws.abort();
            }
        }
        say("storm: " + pick.size() + " clients dropped");
        var pending = new java.util.concurrent.CountDownLatch(pick.size());
        var failed = new LongAdder();
        for (Member m : pick) {
            connect(m, 5).whenComplete((ok, e) -> {
                if (e != null || !Boolean.TRUE.equals(ok)) {
                    failed.increment();
                }
                pending.countDown();
            });
        }
        boolean all = pending.await(3, TimeUnit.MINUTES);
        out.put("dropped", pick.size());
        out.put("share", share);
        out.put("all_back", all && failed.sum() == 0);
        out.put("failed_reconnects", failed.sum());
        out.put("reconnect_wall_s", secs(t0));
        say("storm: back in " + secs(t0) + " s, " + failed.sum() + " failed");
    }

    // ------------------------------------------------------------------ measurement

    /**
     * Waits until every connected client has received its room's last number as PostgreSQL has it (the ground truth:
     * {@code classroom_room.last_seq}), reading it once a second; leaves {@link Room#lastSeq} at the last reading.
     */
    private boolean settle(Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        while (true) {
            Map<String, Long> last = lastSeqs();
            boolean all = true;
            long behind = 0;
            for (Room r : rooms) {
                r.lastSeq = last.getOrDefault(r.id, 0L);
            }
            for (Member m : members) {
                if (!isOpen(m) || m.ledger.last() < m.room.lastSeq) {
                    all = false;
                    behind++;
                }
            }
            if (all) {
                // Read again: an event written meanwhile (a late leave) must be caught up too.
                Map<String, Long> again = lastSeqs();
                if (rooms.stream().allMatch(r -> again.getOrDefault(r.id, 0L) == r.lastSeq)) {
                    return true;
                }
                continue;
            }
            if (System.nanoTime() > deadline) {
                say("not settled: " + behind + " clients behind or closed");
                return false;
            }
            Thread.sleep(1000);
        }
    }

    private Map<String, Long> lastSeqs() throws Exception {
        var pb = new ProcessBuilder(
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                opt.get("pg-port"),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-At",
                "-F",
                ",",
                "-c",
                "select id, last_seq from classroom_room");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("psql: " + text);
        }
        Map<String, Long> out = new HashMap<>();
        for (String line : text.split("\n")) {
            String[] f = line.split(",");
            if (f.length == 2) {
                out.put(f[0], Long.parseLong(f[1].trim()));
            }
        }
        return out;
    }

    /**
     * The live heap of the server nodes in bytes, summed: {@code jcmd GC.class_histogram} collects first and counts
     * live objects; {@link #lastHistogram} is left at the nodes' classes, summed too.
     */
    private long liveHeap(long... pids) throws Exception {
        long total = 0;
        Map<String, long[]> classes = new HashMap<>();
        for (long pid : pids) {
            var p = new ProcessBuilder(opt.getOrDefault("jcmd", "jcmd"), String.valueOf(pid), "GC.class_histogram")
                    .redirectErrorStream(true)
                    .start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)").matcher(text);
            while (row.find()) {
                classes.merge(
                        row.group(3),
                        new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
                        (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
            }
            Matcher m = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$").matcher(text);
            if (!m.find()) {
                throw new IllegalStateException("jcmd GC.class_histogram of " + pid + " gave no total: "
                        + text.substring(0, Math.min(300, text.length())));
            }
            total += Long.parseLong(m.group(2));
        }
        lastHistogram = classes;
        return total;
    }

    private static double secs(long since) {
        return round((System.nanoTime() - since) / 1e9, 1);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
