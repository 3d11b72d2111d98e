package org.preau.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * The per-core figures, each from its own steady phase (docs/benchmarks/README.md, "Capacity phases"): closed loops
 * on plain keep-alive connections ({@link RawHttp}, so that one load core keeps the server's core busy), browser
 * headers, and the server's CPU (JVM + PostgreSQL, {@link ProcTree}) read at the edges of fixed windows. A phase
 * warms up (JIT) until three consecutive windows give rates within a tolerance of their mean, then measures one fixed window: the
 * figure is the requests (or journeys) completed in that window divided by the server's CPU-seconds in it.
 *
 * <p>Phases ({@code --phases a,b,...}): {@code history} (teachers post today's entries, some with attachments, so
 * that "Aujourd'hui" is a typical page: not measured), {@code logins} (a browser's full log-in: GET /connexion,
 * POST, GET /), {@code views} (signed-in "Aujourd'hui", first and repeat views), {@code ceiling} (the bare endpoint
 * of the same size in the same server, signed in), {@code ceiling-anonymous} (the same, public), {@code
 * keycloak-grants} (Keycloak's password grant, for bench/keycloak). Each phase adds its object to
 * {@code <out>/capacity.json}.
 */
public final class Capacity {

    static final String ACCEPT_HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    static final String ACCEPT_ENCODING = "gzip, deflate, br";
    static final String ACCEPT_LANGUAGE = "fr-FR,fr;q=0.9,en-US;q=0.8,en;q=0.7";
    static final String USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
    private static final Pattern CIBLE = Pattern.compile("<option value=\"([0-9a-f-]{36}\\|[0-9a-f-]{36})\"");
    private static final Pattern LOGGED_IN = Pattern.compile("^(https?://[^/]+)?/(\\?.*)?$");

    private final Map<String, String> opt;
    private final String host;
    private final int port;
    private final String hostHeader;
    /** The server's process trees: the JVM, and its PostgreSQL's postmaster (which is not the JVM's child). */
    private final long[] serverPids;
    private final Path out;
    private final double windowS;
    private final double measureS;
    private final double tolerance;
    private final double minWarmupS;
    private final int stableWindows;
    /** The JIT compiler threads' share of the server's CPU under which a warm-up window counts as past the JIT. */
    private final double maxJitShare;

    private Capacity(Map<String, String> opt) {
        this.opt = opt;
        URI base = URI.create(opt.getOrDefault("base", "http://127.0.0.1:8080"));
        this.host = base.getHost();
        this.port = base.getPort();
        this.hostHeader = host + ":" + port;
        this.serverPids = Arrays.stream(opt.getOrDefault("server-pid", "0").split(","))
                .mapToLong(Long::parseLong)
                .toArray();
        this.out = Path.of(opt.getOrDefault("out", "target/bench-out"));
        this.windowS = dbl("window-s", 5);
        this.measureS = dbl("measure-s", 20);
        this.tolerance = dbl("tolerance", 0.10);
        this.minWarmupS = dbl("min-warmup-s", 30);
        this.stableWindows = integer("stable-windows", 3);
        this.maxJitShare = dbl("max-jit-share", 0.03);
    }

    private double dbl(String k, double def) {
        return Double.parseDouble(opt.getOrDefault(k, String.valueOf(def)));
    }

    private int integer(String k, int def) {
        return Integer.parseInt(opt.getOrDefault(k, String.valueOf(def)));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument " + args[i]);
            }
            String k = args[i].substring(2);
            opt.put(k, i + 1 < args.length && !args[i + 1].startsWith("--") ? args[++i] : "true");
        }
        new Capacity(opt).run();
    }

    private void run() throws Exception {
        Files.createDirectories(out);
        Path file = out.resolve("capacity.json");
        ObjectNode all = Files.exists(file) ? (ObjectNode) JSON.readTree(file.toFile()) : JSON.createObjectNode();
        for (String phase : opt.getOrDefault("phases", "logins").split(",")) {
            ObjectNode result = switch (phase) {
                case "history" -> history();
                case "logins" -> logins();
                case "views" -> views(all);
                case "ceiling" -> ceiling(all, true);
                case "ceiling-anonymous" -> ceiling(all, false);
                case "keycloak-grants" -> keycloakGrants();
                default -> throw new IllegalArgumentException("unknown phase " + phase);
            };
            all.set(phase.replace('-', '_'), result);
            JSON.writeValue(file.toFile(), all);
            System.err.println("capacity: " + phase + ": " + summaryLine(result));
        }
    }

    private static String summaryLine(ObjectNode r) {
        if (r.has("per_s_per_core")) {
            return String.format(
                    Locale.ROOT,
                    "%s per server CPU-second (%d in %.1f s, server CPU %.2f s; stable %s after %.0f s of warm-up)",
                    r.path("per_s_per_core").asText(),
                    r.path("completed").asLong(),
                    r.path("window_s").asDouble(),
                    r.path("server_cpu_s").asDouble(),
                    r.path("stable").asBoolean(),
                    r.path("warmup_s").asDouble());
        }
        return r.toString();
    }

    // ------------------------------------------------------------------ visitors (a browser's state)

    /** One browser: its cookies, its source address, the ETags it holds, how many views it made. */
    static final class Visitor {
        final String login;
        final String address;
        final boolean remembered;
        final Map<String, String> cookies = new LinkedHashMap<>();
        final Map<String, String> etags = new HashMap<>();
        long views;

        Visitor(String login, String address, boolean remembered) {
            this.login = login;
            this.address = address;
            this.remembered = remembered;
        }

        void absorb(RawHttp.Response r) {
            for (String h : r.all("set-cookie")) {
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

        String cookieHeader() {
            StringBuilder s = new StringBuilder();
            cookies.forEach((k, v) -> s.append(s.isEmpty() ? "" : "; ").append(k).append('=').append(v));
            return s.toString();
        }
    }

    /** A browser's navigation request (a page), with the headers Firefox sends; {@code inm} for a repeat view. */
    private String page(String method, String path, Visitor v, String inm, String contentType) {
        StringBuilder h = new StringBuilder(512);
        h.append(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: ").append(hostHeader)
                .append("\r\nUser-Agent: ").append(USER_AGENT)
                .append("\r\nAccept: ").append(ACCEPT_HTML)
                .append("\r\nAccept-Language: ").append(ACCEPT_LANGUAGE)
                .append("\r\nAccept-Encoding: ").append(ACCEPT_ENCODING)
                .append("\r\nConnection: keep-alive\r\nUpgrade-Insecure-Requests: 1")
                .append("\r\nSec-Fetch-Dest: document\r\nSec-Fetch-Mode: navigate\r\nSec-Fetch-Site: same-origin")
                .append("\r\nSec-Fetch-User: ?1\r\nPriority: u=0, i");
        if (contentType != null) {
            h.append("\r\nContent-Type: ").append(contentType).append("\r\nOrigin: http://").append(hostHeader);
        }
        if (!v.cookies.isEmpty()) {
            h.append("\r\nCookie: ").append(v.cookieHeader());
        }
        h.append("\r\nX-Forwarded-For: ").append(v.address);
        if (inm != null) {
            h.append("\r\nIf-None-Match: ").append(inm);
        }
        return h.toString();
    }

    static byte[] decoded(RawHttp.Response r) throws IOException {
        String ce = r.header("content-encoding");
        if (ce != null && ce.toLowerCase(Locale.ROOT).contains("gzip")) {
            return new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
        }
        return r.body();
    }

    private static String form(Map<String, String> fields) {
        StringBuilder s = new StringBuilder();
        fields.forEach((k, v) -> s.append(s.isEmpty() ? "" : "&")
                .append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return s.toString();
    }

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A loopback source address for one more browser, through the trusted proxy: 127.20.0.1 … 127.239.249.250. */
    private static String nextAddress(int second) {
        int n = ADDRESSES.getAndIncrement() % 62_500;
        return "127." + second + "." + (n / 250) + "." + (n % 250 + 1);
    }

    // ------------------------------------------------------------------ steady phases

    /** What one worker does once; returns an outcome, "ok…" when it counts. */
    interface Op {
        String run(RawHttp http) throws IOException;
    }

    private record Sample(
            double t,
            double cpu,
            double jvm,
            double pg,
            long ok,
            double self,
            double machine,
            double idle,
            double jit,
            double hashing) {}

    private Sample sample(LongAdder ok) {
        double[] cpu = ProcTree.cpu(serverPids);
        double[] m = ProcTree.machine();
        double[] threads =
                serverPids.length > 0 ? ProcTree.jitAndHashing(serverPids[0]) : new double[] {Double.NaN, Double.NaN};
        return new Sample(
                System.nanoTime() / 1e9,
                cpu[0],
                cpu[1],
                cpu[2],
                ok.sum(),
                ProcTree.self(),
                m[0],
                m[1],
                threads[0],
                threads[1]);
    }

    /**
     * Runs {@code threads} closed loops of {@code op}: warm-up windows until three consecutive ones agree within the
     * tolerance (or the maximum warm-up), then the measured window.
     */
    private ObjectNode steady(String name, int threads, java.util.function.Supplier<Op> ops, double maxWarmupS)
            throws InterruptedException {
        LongAdder ok = new LongAdder();
        Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Op op = ops.get();
            workers.add(Thread.ofPlatform().name(name + "-" + i).daemon().start(() -> {
                try (RawHttp http = new RawHttp(host, port)) {
                    while (!stop.get()) {
                        String outcome;
                        try {
                            outcome = op.run(http);
                        } catch (IOException | RuntimeException e) {
                            outcome = "error_" + e.getClass().getSimpleName();
                            http.close();
                            sleep(50);
                        }
                        outcomes.computeIfAbsent(outcome, k -> new LongAdder()).increment();
                        if (outcome.startsWith("ok")) {
                            ok.increment();
                        }
                    }
                }
            }));
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("concurrency", threads);
        r.put("window_rule", String.format(
                Locale.ROOT,
                "warm-up in %.0f s windows until %d consecutive windows are within %.0f %% of their mean and the JIT"
                        + " compiler threads used under %.0f %% of the server's CPU in each of them (at least %.0f s,"
                        + " at most %.0f s), then one measured window of %.0f s",
                windowS, stableWindows, tolerance * 100, maxJitShare * 100, minWarmupS, maxWarmupS, measureS));
        ArrayNode warm = r.putArray("warmup_windows");
        Sample start = sample(ok), prev = start;
        List<Double> rates = new ArrayList<>();
        boolean stable = false;
        while (true) {
            Thread.sleep((long) (windowS * 1000));
            Sample s = sample(ok);
            rates.add(rate(prev, s));
            warm.add(window(prev, s));
            prev = s;
            if (s.t - start.t >= minWarmupS && steady(rates, stableWindows, tolerance) && jitDone(warm)) {
                stable = true;
                break;
            }
            if (s.t - start.t >= maxWarmupS) {
                break;
            }
        }
        Map<String, Long> before = snapshot(outcomes);
        Sample m0 = sample(ok), p = m0;
        ArrayNode subs = r.putArray("measured_subwindows");
        int n = Math.max(1, (int) Math.round(measureS / windowS));
        for (int i = 0; i < n; i++) {
            Thread.sleep((long) (measureS / n * 1000));
            Sample s = sample(ok);
            subs.add(window(p, s));
            p = s;
        }
        Sample m1 = p;
        Map<String, Long> after = snapshot(outcomes);
        stop.set(true);
        for (Thread t : workers) {
            t.join(65_000);
        }
        double cpu = m1.cpu - m0.cpu, wall = m1.t - m0.t;
        long done = m1.ok - m0.ok;
        r.put("stable", stable);
        r.put("warmup_s", round(m0.t - start.t, 1));
        r.put("jit_share_in_window", round(jitShare(m0, m1), 3));
        // The password hash's threads' share of the server's CPU in the same window: for log-ins, the log-in rate
        // over the rate of the hash alone at this very minute (no drift between two measurements), and the same
        // hashes per CPU-second of those threads.
        double hashS = m1.hashing - m0.hashing;
        r.put("hash_share_in_window", cpu > 0 ? round(hashS / cpu, 3) : null);
        r.put("hash_threads_cpu_s", round(hashS, 2));
        r.put("window_s", round(wall, 2));
        r.put("completed", done);
        r.put("server_cpu_s", round(cpu, 2));
        r.put("server_roots_cpu_s", round(m1.jvm - m0.jvm, 2));
        r.put("server_descendants_cpu_s", round(m1.pg - m0.pg, 2));
        r.put("server_pids", Arrays.toString(serverPids));
        r.put("server_cores_busy", round(cpu / wall, 3));
        r.put("per_s_per_core", cpu > 0 ? round(done / cpu, 2) : null);
        r.put("per_s_wall", round(done / wall, 2));
        double lo = Double.MAX_VALUE, hi = 0;
        for (var w : subs) {
            lo = Math.min(lo, w.path("per_s_per_core").asDouble());
            hi = Math.max(hi, w.path("per_s_per_core").asDouble());
        }
        r.put("subwindow_spread", round(lo, 2) + "-" + round(hi, 2));
        r.put("load_generator_cpu_s", round(m1.self - m0.self, 2));
        double busy = (m1.machine - m0.machine) - (m1.idle - m0.idle);
        r.put("other_processes_cores", round(Math.max(0, busy - cpu - (m1.self - m0.self)) / wall, 3));
        ObjectNode o = r.putObject("outcomes_in_window");
        new TreeMap<>(after).forEach((k, v) -> o.put(k, v - before.getOrDefault(k, 0L)));
        ObjectNode all = r.putObject("outcomes_whole_phase");
        new TreeMap<>(after).forEach(all::put);
        return r;
    }

    /** The last {@code n} windows' rates all lie within {@code tolerance} of their mean (and are not zero). */
    static boolean steady(List<Double> rates, int n, double tolerance) {
        if (rates.size() < n) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - n, rates.size());
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        return mean > 0 && last.stream().allMatch(r -> Math.abs(r - mean) <= tolerance * mean);
    }

    private static Map<String, Long> snapshot(Map<String, LongAdder> m) {
        Map<String, Long> s = new HashMap<>();
        m.forEach((k, v) -> s.put(k, v.sum()));
        return s;
    }

    private static double rate(Sample a, Sample b) {
        double cpu = b.cpu - a.cpu;
        return cpu > 0 ? (b.ok - a.ok) / cpu : 0;
    }

    private static ObjectNode window(Sample a, Sample b) {
        ObjectNode w = JSON.createObjectNode();
        w.put("wall_s", round(b.t - a.t, 2));
        w.put("completed", b.ok - a.ok);
        w.put("server_cpu_s", round(b.cpu - a.cpu, 2));
        w.put("per_s_per_core", round(rate(a, b), 2));
        w.put("jit_share", round(jitShare(a, b), 3));
        return w;
    }

    /** The share of the server's CPU its JIT compiler threads used between two samples (NaN without /proc). */
    private static double jitShare(Sample a, Sample b) {
        double cpu = b.cpu - a.cpu;
        return cpu > 0 ? (b.jit - a.jit) / cpu : Double.NaN;
    }

    /**
     * Whether the JIT has settled: its share of each of the last {@code stableWindows} warm-up windows (those the
     * rates agree over) is under the limit, or unknown. One window under the limit was not enough: C2 compiles in
     * bursts on a path that runs a few dozen times a second, and 0812Z's log-in window, after a last warm-up window
     * at 1.3 %, spent 8.6 % of the server's CPU in the JIT.
     */
    private boolean jitDone(ArrayNode warm) {
        for (int i = Math.max(0, warm.size() - stableWindows); i < warm.size(); i++) {
            JsonNode w = warm.get(i);
            if (!w.path("jit_share").isNull() && w.path("jit_share").asDouble() >= maxJitShare) {
                return false;
            }
        }
        return true;
    }

    static Double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ------------------------------------------------------------------ population

    private Population population() throws IOException {
        return Population.load(Path.of(opt.get("accounts")), Path.of(opt.getOrDefault("codes", "/nonexistent")));
    }

    private Path sessionsFile() {
        return Path.of(opt.getOrDefault("sessions", out.resolve("sessions.tsv").toString()));
    }

    // ------------------------------------------------------------------ log-ins

    /**
     * A browser's full log-in, the way a pupil signs in: GET /connexion (the form and its CSRF field), POST it
     * (302 to "/"), GET / (the first page). The pupils who will come back in the morning with a remembered session
     * come first, with "stay signed in" ticked; then every pupil in turn. Each journey has its own address.
     */
    private ObjectNode logins() throws Exception {
        Population population = population();
        Plan plan = Plan.of(population, integer("pupils", 2000));
        String password = opt.get("password");
        var queue = new ConcurrentLinkedQueue<String>(plan.remembered);
        List<String> cycle = new ArrayList<>(population.pupils);
        AtomicLong turn = new AtomicLong();
        var sessions = new ConcurrentLinkedQueue<Visitor>();
        ObjectNode r = steady("logins", integer("login-concurrency", 8), () -> http -> {
            String login = queue.poll();
            boolean remember = login != null;
            if (login == null) {
                login = cycle.get((int) (turn.getAndIncrement() % cycle.size()));
            }
            Visitor v = new Visitor(login, nextAddress(20), remember);
            var form = http.exchange(page("GET", "/connexion", v, null, null), null);
            v.absorb(form);
            if (form.status() != 200) {
                return "fail_form_" + form.status();
            }
            Matcher m = CSRF.matcher(new String(decoded(form), StandardCharsets.UTF_8));
            String csrf = m.find() ? m.group(1) : v.cookies.getOrDefault("XSRF-TOKEN", "");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("username", login);
            fields.put("password", password);
            if (remember) {
                fields.put("remember", "on");
            }
            fields.put("_csrf", csrf);
            var post = http.exchange(
                    page("POST", "/connexion", v, null, "application/x-www-form-urlencoded"),
                    form(fields).getBytes(StandardCharsets.UTF_8));
            v.absorb(post);
            String loc = post.header("location");
            if (post.status() != 302 || loc == null || !LOGGED_IN.matcher(loc).matches()) {
                return "fail_post_" + post.status() + (loc != null && loc.contains("salle-attente") ? "_room" : "");
            }
            var home = http.exchange(page("GET", "/", v, null, null), null);
            v.absorb(home);
            if (home.status() != 200) {
                return "fail_home_" + home.status();
            }
            if (home.header("etag") != null) {
                v.etags.put("/", home.header("etag"));
            }
            if (remember || sessions.size() < 5000) {
                sessions.add(v);
            }
            return "ok";
        }, dbl("login-max-warmup-s", 480));
        r.put("what", "full browser log-ins (GET /connexion, POST /connexion, GET /) per server CPU-second");
        // The remembered pupils not signed in during the phase (a short phase and a big district): sign them in now,
        // so that the morning has every remembered session it planned.
        var late = new LongAdder();
        List<Thread> signers = new ArrayList<>();
        for (int i = 0; i < integer("login-concurrency", 8); i++) {
            signers.add(Thread.ofPlatform().start(() -> {
                try (RawHttp http = new RawHttp(host, port)) {
                    for (String login = queue.poll(); login != null; login = queue.poll()) {
                        Visitor v = new Visitor(login, nextAddress(20), true);
                        try {
                            if (signIn(http, v, password)) {
                                sessions.add(v);
                                late.increment();
                            }
                        } catch (IOException e) {
                            http.close();
                        }
                    }
                }
            }));
        }
        for (Thread t : signers) {
            t.join();
        }
        r.put("remembered_signed_in_after_the_phase", late.sum());
        writeSessions(sessions);
        r.put("sessions_written", sessions.size());
        r.put("remembered_sessions", sessions.stream().filter(v -> v.remembered).count());
        return r;
    }

    private boolean signIn(RawHttp http, Visitor v, String password) throws IOException {
        var form = http.exchange(page("GET", "/connexion", v, null, null), null);
        v.absorb(form);
        Matcher m = CSRF.matcher(new String(decoded(form), StandardCharsets.UTF_8));
        String csrf = m.find() ? m.group(1) : v.cookies.getOrDefault("XSRF-TOKEN", "");
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("username", v.login);
        fields.put("password", password);
        if (v.remembered) {
            fields.put("remember", "on");
        }
        fields.put("_csrf", csrf);
        var post = http.exchange(
                page("POST", "/connexion", v, null, "application/x-www-form-urlencoded"),
                form(fields).getBytes(StandardCharsets.UTF_8));
        v.absorb(post);
        return post.status() == 302 && post.header("location") != null
                && LOGGED_IN.matcher(post.header("location")).matches();
    }

    /** login, remembered (1/0), address, cookies ("name=value; ..."), one per line. */
    private void writeSessions(java.util.Collection<Visitor> sessions) throws IOException {
        StringBuilder s = new StringBuilder();
        for (Visitor v : sessions) {
            s.append(v.login).append('\t').append(v.remembered ? 1 : 0).append('\t').append(v.address).append('\t')
                    .append(v.cookieHeader()).append('\t').append(v.etags.getOrDefault("/", "")).append('\n');
        }
        Files.writeString(sessionsFile(), s.toString());
    }

    static List<Visitor> readSessions(Path file) throws IOException {
        List<Visitor> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            String[] f = line.split("\t", -1);
            if (f.length < 4) {
                continue;
            }
            Visitor v = new Visitor(f[0], f[2], f[1].equals("1"));
            for (String c : f[3].split("; ")) {
                int eq = c.indexOf('=');
                if (eq > 0) {
                    v.cookies.put(c.substring(0, eq), c.substring(eq + 1));
                }
            }
            if (f.length > 4 && !f[4].isEmpty()) {
                v.etags.put("/", f[4]);
            }
            out.add(v);
        }
        return out;
    }

    // ------------------------------------------------------------------ views and the ceiling

    /** Whether a visitor's {@code k}-th view (from 0) is a repeat view, for a share {@code s} of repeat views. */
    static boolean isRepeat(long k, double s) {
        return Math.floor((k + 1) * s) > Math.floor(k * s);
    }

    /** Signed-in "Aujourd'hui" in closed loops over every signed-in session, first and repeat views mixed. */
    private ObjectNode views(ObjectNode all) throws Exception {
        List<Visitor> visitors = readSessions(sessionsFile());
        ObjectNode r = pageLoop("views", "/", visitors, true);
        r.put("what", "signed-in \"Aujourd'hui\" (GET /) views per server CPU-second, 200 and 304 answers");
        return r;
    }

    private ObjectNode ceiling(ObjectNode all, boolean signedIn) throws Exception {
        int bytes = integer("ceiling-bytes", 0);
        if (bytes <= 0) {
            bytes = all.path("views").path("page_bytes_median").asInt(16_384);
        }
        List<Visitor> visitors;
        if (signedIn) {
            visitors = readSessions(sessionsFile());
        } else {
            visitors = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                visitors.add(new Visitor("", nextAddress(40), false));
            }
        }
        String path = (signedIn ? "/bench/plafond" : "/bench/plafond-public") + "?bytes=" + bytes;
        ObjectNode r = pageLoop(signedIn ? "ceiling" : "ceiling-anonymous", path, visitors, false);
        r.put("bytes_asked", bytes);
        r.put("what", (signedIn ? "the bare endpoint, signed in" : "the bare endpoint, signed out")
                + " (a fixed page of the measured size from memory through the same filter chain) per server"
                + " CPU-second, 200 and 304 answers");
        return r;
    }

    /**
     * Closed loops on {@code path}: each request takes the next visitor (a queue: every session in turn, none used
     * by two loops at once). A visitor's views alternate first and repeat views by {@code --repeat-share}: a repeat
     * view sends {@code If-None-Match} with the ETag of that visitor's last 200, as a browser revalidating a
     * {@code no-cache} page does.
     */
    private ObjectNode pageLoop(String name, String path, List<Visitor> visitors, boolean measureSize)
            throws InterruptedException {
        double share = dbl("repeat-share", 0.5);
        BlockingQueue<Visitor> pool = new ArrayBlockingQueue<>(Math.max(1, visitors.size()));
        pool.addAll(visitors);
        var sizes = new ConcurrentLinkedQueue<int[]>();
        AtomicInteger sampled = new AtomicInteger();
        String key = path;
        ObjectNode r = steady(name, integer("concurrency", 16), () -> http -> {
            Visitor v;
            try {
                v = pool.take();
            } catch (InterruptedException e) {
                return "interrupted";
            }
            try {
                String etag = v.etags.get(key);
                boolean repeat = etag != null && isRepeat(v.views, share);
                v.views++;
                var resp = http.exchange(page("GET", path, v, repeat ? etag : null, null), null);
                v.absorb(resp);
                if (resp.status() == 200) {
                    if (resp.header("etag") != null) {
                        v.etags.put(key, resp.header("etag"));
                    }
                    if (measureSize && sampled.getAndIncrement() < 400) {
                        sizes.add(new int[] {resp.body().length, decoded(resp).length});
                    }
                    return repeat ? "ok_200_repeat" : "ok_200_first";
                }
                if (resp.status() == 304) {
                    return "ok_304_repeat";
                }
                String loc = resp.header("location");
                return "fail_" + resp.status() + (loc == null ? "" : loc.contains("salle-attente") ? "_room" : "_redirect");
            } finally {
                pool.add(v);
            }
        }, dbl("max-warmup-s", 180));
        r.put("path", path.replaceAll("\\?.*", ""));
        r.put("visitors", visitors.size());
        r.put("repeat_share", share);
        r.put("headers", "Accept: " + ACCEPT_HTML + " | Accept-Encoding: " + ACCEPT_ENCODING + " | Accept-Language: "
                + ACCEPT_LANGUAGE + " | User-Agent: Firefox 140 | Sec-Fetch-*: navigate | Cookie | X-Forwarded-For"
                + " | If-None-Match on repeat views");
        if (measureSize && !sizes.isEmpty()) {
            int[] wire = sizes.stream().mapToInt(a -> a[0]).sorted().toArray();
            int[] plain = sizes.stream().mapToInt(a -> a[1]).sorted().toArray();
            r.put("page_bytes_median", plain[plain.length / 2]);
            r.put("page_bytes_min", plain[0]);
            r.put("page_bytes_max", plain[plain.length - 1]);
            r.put("page_wire_bytes_median", wire[wire.length / 2]);
        }
        return r;
    }

    // ------------------------------------------------------------------ Keycloak

    /** Keycloak's password grant (direct access grants on a test client), users u1…uN in turn. */
    private ObjectNode keycloakGrants() throws InterruptedException {
        String realm = opt.getOrDefault("kc-realm", "bench");
        String client = opt.getOrDefault("kc-client", "bench-cli");
        int users = integer("kc-users", 50);
        String password = opt.get("password");
        AtomicLong turn = new AtomicLong();
        String path = "/realms/" + realm + "/protocol/openid-connect/token";
        ObjectNode r = steady("keycloak", integer("login-concurrency", 8), () -> http -> {
            String user = "u" + (turn.getAndIncrement() % users + 1);
            String body = form(Map.of(
                    "grant_type", "password", "client_id", client, "username", user, "password", password));
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nUser-Agent: " + USER_AGENT
                    + "\r\nAccept: application/json\r\nAccept-Encoding: " + ACCEPT_ENCODING
                    + "\r\nContent-Type: application/x-www-form-urlencoded\r\nConnection: keep-alive";
            var resp = http.exchange(head, body.getBytes(StandardCharsets.UTF_8));
            return resp.status() == 200 && resp.text().contains("access_token") ? "ok" : "fail_" + resp.status();
        }, dbl("login-max-warmup-s", 480));
        r.put("what", "Keycloak password grants (POST " + path + ", grant_type=password) per server CPU-second");
        r.put("users", users);
        return r;
    }

    // ------------------------------------------------------------------ history

    /**
     * Today's cahier de textes, posted by the teachers before the morning (FIRST-MORNING.md's history, reduced to
     * the day): {@code --history-entries} entries per teacher (one per class or group offered), each with work to
     * do for tomorrow to hand in, 30 % with a 100–800 KB attachment. Not measured; it makes "Aujourd'hui" and the
     * work pages typical, and gives the morning's pupils homework, attachments and hand-ins.
     */
    private ObjectNode history() throws Exception {
        Population population = population();
        Plan plan = Plan.of(population, integer("pupils", 2000));
        String password = opt.get("password");
        int perTeacher = integer("history-entries", 2);
        var teachers = new ConcurrentLinkedQueue<>(population.teachers);
        LongAdder posted = new LongAdder(), attachments = new LongAdder(), failed = new LongAdder();
        Map<String, LongAdder> failures = new ConcurrentHashMap<>();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        byte[] noise = new byte[800 * 1024];
        new SplittableRandom(7).nextBytes(noise);
        pdfHeader(noise);
        String today = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
        String due = LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(1).toString();
        AtomicInteger seq = new AtomicInteger();
        for (int i = 0; i < integer("login-concurrency", 6); i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (RawHttp http = new RawHttp(host, port)) {
                    for (String t = teachers.poll(); t != null; t = teachers.poll()) {
                        try {
                            Visitor v = new Visitor(t, nextAddress(25), false);
                            if (!signIn(http, v, password)) {
                                failures.computeIfAbsent("login", k -> new LongAdder()).increment();
                                continue;
                            }
                            var formPage = http.exchange(page("GET", "/cahier-de-textes/nouveau", v, null, null), null);
                            v.absorb(formPage);
                            String html = new String(decoded(formPage), StandardCharsets.UTF_8);
                            Matcher cm = CSRF.matcher(html);
                            String csrf = cm.find() ? cm.group(1) : v.cookies.getOrDefault("XSRF-TOKEN", "");
                            List<String> targets = new ArrayList<>();
                            for (Matcher m = CIBLE.matcher(html); m.find() && targets.size() < perTeacher; ) {
                                if (!targets.contains(m.group(1))) {
                                    targets.add(m.group(1));
                                }
                            }
                            for (String target : targets) {
                                int n = seq.incrementAndGet();
                                var mp = new Multipart();
                                mp.field("_csrf", csrf).field("cible", target).field("date", today)
                                        .field("seance", "Séance du jour : correction, puis nouvelle leçon (historique " + n + ").")
                                        .field("work0Instructions", "Exercices " + (n % 40 + 1) + " et " + (n % 40 + 2)
                                                + " page " + (n % 200 + 10) + ", à rendre.")
                                        .field("work0DueDate", due)
                                        .field("work0Handin", "on");
                                if (n % 10 < 3) {
                                    int size = 100 * 1024 + (n * 7919) % (700 * 1024);
                                    mp.file("work0Files", "document-" + n + ".pdf", "application/pdf",
                                            Arrays.copyOf(noise, size));
                                    attachments.increment();
                                }
                                var resp = http.exchange(
                                        page("POST", "/cahier-de-textes", v, null, mp.contentType()), mp.bytes());
                                v.absorb(resp);
                                if (resp.status() == 302 && String.valueOf(resp.header("location")).contains("enregistre")) {
                                    posted.increment();
                                } else {
                                    failures.computeIfAbsent("post_" + resp.status(), k -> new LongAdder()).increment();
                                }
                            }
                        } catch (IOException | RuntimeException e) {
                            failed.increment();
                            failures.computeIfAbsent("error_" + e.getClass().getSimpleName(), k -> new LongAdder())
                                    .increment();
                            http.close();
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        ObjectNode r = JSON.createObjectNode();
        r.put("what", "today's entries posted by the teachers before the morning (not measured)");
        r.put("teachers", population.teachers.size());
        r.put("entries_posted", posted.sum());
        r.put("with_attachment", attachments.sum());
        ObjectNode f = r.putObject("failures");
        failures.forEach((k, v) -> f.put(k, v.sum()));
        r.put("wall_s", round((System.nanoTime() - t0) / 1e9, 1));
        r.put("planned_morning_teachers", plan.teachers.size());
        return r;
    }

    /** Préau checks a file's first bytes against its extension: the noise starts as a PDF does. */
    static byte[] pdfHeader(byte[] noise) {
        byte[] magic = "%PDF-1.7\n%\u00e2\u00e3\n".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(magic, 0, noise, 0, magic.length);
        return noise;
    }

    /** multipart/form-data, as a browser's file form sends it. */
    static final class Multipart {
        private final String boundary = "----preaubench" + Long.toHexString(System.nanoTime());
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Multipart field(String name, String value) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
            buf.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            write("\r\n");
            return this;
        }

        Multipart file(String name, String filename, String type, byte[] content) {
            write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\""
                    + filename + "\"\r\nContent-Type: " + type + "\r\n\r\n");
            buf.writeBytes(content);
            write("\r\n");
            return this;
        }

        String contentType() {
            return "multipart/form-data; boundary=" + boundary;
        }

        byte[] bytes() {
            write("--" + boundary + "--\r\n");
            return buf.toByteArray();
        }

        private void write(String s) {
            buf.writeBytes(s.getBytes(StandardCharsets.UTF_8));
        }
    }
}
