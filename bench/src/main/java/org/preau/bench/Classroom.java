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
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
    private static final Pattern ROOM = Pattern.compile("/classe/([0-9a-f-]{36})$");

    private final Map<String, String> opt;
    private final String base;
    private final String host;
    private final Random random = new Random(42);
    private final HttpClient http;
    private final List<HttpClient> socketClients = new ArrayList<>();
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
    private final LongAdder framesReceived = new LongAdder();
    private volatile boolean chatting;
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
        private int n;

        synchronized void add(long nanos) {
            if (n == v.length) {
                v = Arrays.copyOf(v, n * 2);
            }
            v[n++] = nanos / 1000;
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
        this.host = URI.create(base).getAuthority();
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
        ObjectNode out = JSON.createObjectNode();
        long jvm = Long.parseLong(opt.get("server-pid"));
        long pg = Long.parseLong(opt.getOrDefault("pg-pid", "0"));
        long[] serverRoots = pg > 0 ? new long[] {jvm, pg} : new long[] {jvm};
        loadRosters(Path.of(opt.get("rosters")), integer("rooms", 20), integer("room-size", 30));
        out.put("rooms", rooms.size());
        out.put("participants", members.size());
        out.put("teachers", rooms.size());
        out.put("pupils", members.size() - rooms.size());
        say(rooms.size() + " rooms, " + members.size() + " participants");

        // ---- sign in (not measured) and make and open the rooms through the pages
        long t0 = System.nanoTime();
        signIn();
        out.put("sign_in_s", secs(t0));
        out.put("not_signed_in", notSignedIn);
        out.put("rooms", rooms.size());
        out.put("participants", members.size());
        out.put("pupils", members.size() - rooms.size());
        t0 = System.nanoTime();
        for (Room r : rooms) {
            openRoom(r);
        }
        out.put("rooms_opened_s", secs(t0));
        say("rooms opened");

        // ---- heap without connections
        long heapBefore = liveHeap(jvm);
        say("server live heap before connecting: " + heapBefore + " bytes");

        // ---- connect everyone
        int perAddress = integer("per-address", 5000);
        int ids = members.stream().mapToInt(m -> m.id + 1).max().orElse(0);
        for (int i = 0; i * perAddress < ids; i++) {
            socketClients.add(HttpClient.newBuilder()
                    .localAddress(InetAddress.getByName("127.0.0." + (i + 1)))
                    .connectTimeout(Duration.ofSeconds(30))
                    .executor(socketExecutor)
                    .build());
        }
        for (Member m : members) {
            m.client = socketClients.get(m.id / perAddress);
        }
        startBeats();
        t0 = System.nanoTime();
        double cpu0 = ProcTree.cpu(serverRoots)[0];
        connectAll(members, integer("connect-concurrency", 32));
        ObjectNode connect = out.putObject("connect");
        connect.put("wall_s", secs(t0));
        connect.put("server_cpu_s", round(ProcTree.cpu(serverRoots)[0] - cpu0, 2));
        long notOpen = members.stream().filter(m -> !isOpen(m)).count();
        connect.put("not_connected", notOpen);
        say("connected in " + secs(t0) + " s (" + notOpen + " not connected)");
        boolean settled = settle(Duration.ofSeconds(integer("settle-s", 120)));
        connect.put("settled", settled);
        connect.put("settle_wall_s", secs(t0));

        // ---- heap with every connection held
        Map<String, long[]> histogramBefore = lastHistogram;
        long heapWith = liveHeap(jvm);
        Map<String, long[]> histogramWith = lastHistogram;
        int held = (int) members.stream().filter(this::isOpen).count();
        ObjectNode heap = out.putObject("heap");
        heap.put("live_bytes_before_connections", heapBefore);
        heap.put("live_bytes_with_connections", heapWith);
        heap.put("connections_held", held);
        heap.put("bytes_per_participant", held == 0 ? 0 : (heapWith - heapBefore) / held);
        heap.put(
                "how",
                "jcmd <server pid> GC.class_histogram (a full GC first, live objects only): total with every"
                        + " participant connected and its join delivered, minus the same after sign-in and rooms"
                        + " opened and before any connection, divided by the connections held");
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

        // ---- chat and polls, with the reconnect storm in the middle
        int duration = integer("duration", 60);
        double chatEvery = dbl("chat-every", 3);
        double stormShare = dbl("storm-share", 0.1);
        ObjectNode chat = out.putObject("chat");
        chat.put("duration_s", duration);
        chat.put("chat_every_s_per_room", chatEvery);
        chatting = true;
        cpu0 = ProcTree.cpu(serverRoots)[0];
        t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(duration);
        Thread chatter = Thread.ofPlatform().name("chatter").start(() -> chatLoop(end, chatEvery));
        // One poll per room, opened at a fifth of the phase and closed at four fifths.
        for (Room r : rooms) {
            long at = (long) (duration * 200 + random.nextInt(5000));
            timers.schedule(() -> Thread.startVirtualThread(() -> openPoll(r)), at, TimeUnit.MILLISECONDS);
        }
        ObjectNode storm = out.putObject("storm");
        Thread.sleep(TimeUnit.SECONDS.toMillis(duration) / 2);
        stormNow(stormShare, storm);
        chatter.join();
        chatting = false;
        double chatWall = secs(t0);
        chat.put("wall_s", chatWall);
        chat.put("server_cpu_s", round(ProcTree.cpu(serverRoots)[0] - cpu0, 2));
        chat.put("server_cpu_share", round((ProcTree.cpu(serverRoots)[0] - cpu0) / chatWall, 3));
        chat.put("chats_sent", chatsSent.sum());
        chat.put("polls_sent", pollsSent.sum());
        chat.put("votes_sent", votesSent.sum());
        chat.put("send_failures", sendFailures.sum());
        for (Room r : rooms) {
            timers.execute(() -> Thread.startVirtualThread(() -> closePoll(r)));
        }
        Thread.sleep(2000);

        // ---- settle and check every client's numbers
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
        ObjectNode check = out.putObject("check");
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
        check.put("server_error_frames", serverErrors.sum());
        ObjectNode errs = check.putObject("server_error_messages");
        errorMessages.forEach((k, v) -> errs.put(k, v.sum()));
        live.summary(out.putObject("fanout_live"));
        replayed.summary(out.putObject("fanout_replayed"));

        // ---- heap after everyone left (what stays: the rooms' logs)
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
        Thread.sleep(5000);
        heap.put("live_bytes_after_everyone_left", liveHeap(jvm));

        ObjectNode block = out.putObject("classroom");
        block.put("participants", held);
        block.put("rooms", rooms.size());
        block.put("fanout_p50_ms", live.percentile(50));
        block.put("fanout_p99_ms", live.percentile(99));
        block.put("heap_bytes_per_participant", heap.get("bytes_per_participant").asLong());
        block.put("resume_lost", lost);
        block.put("resume_duplicated", dup);
        Path dir = Path.of(opt.get("out"));
        Files.createDirectories(dir);
        JSON.writeValue(dir.resolve("classroom.json").toFile(), out);
        System.out.println(JSON.writeValueAsString(block));
        timers.shutdownNow();
        return 0;
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
        URI uri = URI.create("ws://" + host + "/classe/" + m.room.id + "/direct?depuis=" + since);
        return m.client.newWebSocketBuilder()
                .header("Cookie", m.cookieHeader())
                .header("Origin", base)
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, new Listener(m, gen))
                .handle((ws, e) -> {
                    if (e == null) {
                        return CompletableFuture.completedFuture(true);
                    }
                    synchronized (m) {
                        m.connectFailures++;
                    }
                    if (retries <= 0) {
                        say("connection of " + m.login + " failed: " + e);
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
            closed();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed();
        }

        /** A close the scenario did not ask for: the page reconnects after a short backoff, from its last number. */
        private void closed() {
            synchronized (m) {
                if (m.generation != gen || !m.open) {
                    return;
                }
                m.open = false;
                unexpectedCloses.increment();
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
                m.ledger.record(seq);
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
        (m.connectedAt <= s.at() ? live : replayed).add(now - s.at());
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

    /** The server's live heap in bytes: {@code jcmd GC.class_histogram} collects first and counts live objects. */
    private long liveHeap(long pid) throws Exception {
        var p = new ProcessBuilder(opt.getOrDefault("jcmd", "jcmd"), String.valueOf(pid), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Map<String, long[]> classes = new HashMap<>();
        Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)").matcher(text);
        while (row.find()) {
            classes.merge(
                    row.group(3),
                    new long[] {Long.parseLong(row.group(1)), Long.parseLong(row.group(2))},
                    (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]});
        }
        lastHistogram = classes;
        Matcher m = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$").matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("jcmd GC.class_histogram gave no total: "
                    + text.substring(0, Math.min(300, text.length())));
        }
        return Long.parseLong(m.group(2));
    }

    private static double secs(long since) {
        return round((System.nanoTime() - since) / 1e9, 1);
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
