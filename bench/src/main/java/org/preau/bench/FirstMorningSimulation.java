package org.preau.bench;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiPredicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The "premier matin" (FIRST-MORNING.md) as a Gatling simulation: pupils, teachers and parents arrive on an open
 * model with the morning's shape, impatient as FIRST-MORNING.md says, with a browser's headers (and its cache: a page
 * asked again is revalidated with If-None-Match); attacks A1–A4 run alongside when switched on. The per-core
 * capacity figures are not measured here but in {@link Capacity}'s steady phases before the morning, which also
 * signed in the pupils who come back with a remembered session (their cookies come from the sessions file).
 *
 * Every figure of summary.json comes from {@link Recorder} and {@link Sampler}; see docs/benchmarks/README.md.
 */
public class FirstMorningSimulation extends Simulation {

    // ---- parameters (bench/run passes them) ----
    private final String baseUrl = Params.str("baseUrl", "http://127.0.0.1:8080");
    private final int port = Params.integer("port", 8080);
    /** The server JVM and its PostgreSQL's postmaster, comma-separated. */
    private final long[] serverPids = java.util.Arrays.stream(Params.str("serverPid", "0").split(","))
            .mapToLong(Long::parseLong)
            .toArray();
    private final Path out = Path.of(Params.str("out", "target/bench-out"));
    private final int pupilsParam = Params.integer("pupils", 2000);
    private final int durationS = Params.integer("duration", 120);
    private final boolean attack = Params.bool("attack", false);
    private final boolean a1On = attack && Params.bool("a1", true);
    private final boolean a2On = attack && Params.bool("a2", true);
    private final boolean a3On = attack && Params.bool("a3", true);
    private final boolean a4On = attack && Params.bool("a4", true);
    private final String password = Params.str("password", "bench-password");
    private final int graceS = Params.integer("graceSeconds", 90);
    private final int a3Users = Params.integer("a3Users", 8);
    private final int a4Connections = Params.integer("a4Connections", 300);
    private final String runId = Params.str("runId", Long.toString(System.currentTimeMillis(), 36));
    private final String activationPath = Params.str("activationPath", "/activation");
    private final String mePath = Params.str("mePath", "/api/v1/me");
    /** Links to homework details on "Aujourd'hui" (the homework capability's routes). */
    private final Pattern homeworkLink = Pattern.compile(Params.str("homeworkLinkRegex", "href=\"(/travail/[^\"#]+)\""));
    private final String entryFormPath = Params.str("entryFormPath", "/cahier-de-textes/nouveau");
    private final String entryPostPath = Params.str("entryPostPath", "/cahier-de-textes");
    private final String inboxPath = Params.str("inboxPath", "/messagerie");
    private final String composePath = Params.str("composePath", "/messagerie/nouveau");
    private final String draftsPath = Params.str("draftsPath", "/messagerie/brouillons");
    /** What a teacher types in the compose form's recipient search to find a class's pupils ("Élèves de 3e B"). */
    private final String recipientSearch = Params.str("recipientSearch", "élèves");
    /** FIRST-MORNING.md: 10 % of pupils send a message after reading their inbox. */
    private final int pupilSendPercent = Params.integer("pupilSendPercent", 10);
    /** FIRST-MORNING.md: 20 % of pupils hand their work in. */
    private final int handinPercent = Params.integer("handinPercent", 20);
    /** A password that passes identity's policy, for activations. */
    private final String newPassword = "Cartable-violet-marelle-" + Params.str("runId", "0");

    private final Recorder rec = Recorder.INSTANCE;
    private final Population population;
    private final Random seeded = new Random(42);

    /** Remember-me (or session) cookies kept from the warm-up, per pupil login, as "name=value". */
    private static final Map<String, List<String>> REMEMBERED = new ConcurrentHashMap<>();

    private static final AtomicLong MORNING_END = new AtomicLong(Long.MAX_VALUE);
    private static final AtomicInteger WRITE_SEQ = new AtomicInteger();

    private final List<Map<String, Object>> pupilArrivals = new ArrayList<>();
    private final List<Map<String, Object>> teacherArrivals = new ArrayList<>();
    private final List<Map<String, Object>> parentArrivals = new ArrayList<>();

    private Sampler sampler;
    private Thread slowClients;

    private static final Pattern LOGIN_OK = Pattern.compile("^(https?://[^/]+)?/(\\?.*)?$");
    private static final Pattern META_REFRESH =
            Pattern.compile("(?i)<meta[^>]+http-equiv=\"refresh\"[^>]+content=\"(\\d+)");

    public FirstMorningSimulation() {
        try {
            Files.createDirectories(out);
            population = Population.load(
                    Path.of(Params.str("accounts", "accounts.csv")),
                    Path.of(Params.str("codes", "codes.txt")));
            loadRemembered(Path.of(Params.str("sessions", "sessions.tsv")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        planArrivals();

        HttpProtocolBuilder protocol = http.baseUrl(baseUrl)
                .disableFollowRedirect()
                .disableWarmUp()
                // Gatling's cache is on, as a browser's: a page answered with an ETag is revalidated with
                // If-None-Match when the same user asks for it again.
                .acceptHeader(Capacity.ACCEPT_HTML)
                .acceptLanguageHeader(Capacity.ACCEPT_LANGUAGE)
                .acceptEncodingHeader(Capacity.ACCEPT_ENCODING)
                .userAgentHeader(Capacity.USER_AGENT)
                .header("X-Forwarded-For", "#{ip}");

        List<PopulationBuilder> morning = new ArrayList<>();
        double d = durationS;
        morning.add(pupils().injectOpen(shape(pupilArrivals.size(), d)));
        morning.add(teachers().injectOpen(shape(teacherArrivals.size(), d)));
        // Parents arrive from 07:30, earlier than pupils: evenly over the first two thirds.
        morning.add(parents().injectOpen(spread(parentArrivals.size(), d * 2 / 3)));

        double legitLogins = (pupilArrivals.stream()
                                .filter(m -> !"remembered".equals(m.get("mode")))
                                .count()
                        + teacherArrivals.size()
                        + parentArrivals.size())
                / d;
        // Requests a legitimate journey makes on average (connexion GET+POST, today, me, 2 details; teachers more).
        double legitRps = (pupilArrivals.size() * 5.0 + teacherArrivals.size() * 7.0 + parentArrivals.size() * 5.0) / d;
        rec.info.put("legit_login_rate_per_s", legitLogins);
        rec.info.put("legit_request_rate_estimate_per_s", legitRps);
        if (a1On) {
            double rate = 10 * legitLogins / 2; // each A1 user sends GET + POST: 10x the legitimate log-in POSTs
            rec.info.put("a1_users_per_s", rate);
            morning.add(credentialStuffing().injectOpen(constantUsersPerSec(rate).during(durationS)));
        }
        if (a2On) {
            double rate = 10 * legitRps;
            rec.info.put("a2_requests_per_s", rate);
            morning.add(flood().injectOpen(constantUsersPerSec(rate).during(durationS)));
        }
        if (a3On) {
            morning.add(compromisedPupil().injectOpen(atOnceUsers(a3Users)));
        }

        // The capacity phases (log-ins, views, the ceiling) ran before, in bench/run's Capacity driver; it signed in
        // every pupil who comes back with a remembered session and left their cookies in the sessions file.
        setUp(morning).protocols(protocol);
    }

    // ---------------------------------------------------------------- plan

    private void planArrivals() {
        Plan plan = Plan.of(population, pupilsParam);
        int ip = 0;
        for (String login : plan.remembered) {
            pupilArrivals.add(arrival(login, "remembered", null, ip++));
        }
        for (String login : plan.password) {
            pupilArrivals.add(arrival(login, "password", null, ip++));
        }
        for (var code : plan.activation) {
            pupilArrivals.add(arrival(code.getKey(), "activation", code.getValue(), ip++));
        }
        Collections.shuffle(pupilArrivals, seeded);
        for (String login : plan.teachers) {
            teacherArrivals.add(arrival(login, "password", null, ip++));
        }
        for (String login : plan.parents) {
            parentArrivals.add(arrival(login, "password", null, ip++));
        }
        rec.info.put("accounts_pupils_active", population.pupils.size());
        rec.info.put("accounts_teachers_active", population.teachers.size());
        rec.info.put("accounts_parents_active", population.parents.size());
        rec.info.put("activation_codes_read", population.codes.size());
        rec.info.put("arrivals_pupils", pupilArrivals.size());
        rec.info.put("arrivals_pupils_remembered", plan.remembered.size());
        rec.info.put("arrivals_pupils_password", plan.password.size());
        rec.info.put("arrivals_pupils_activation", plan.activation.size());
        rec.info.put("arrivals_teachers", teacherArrivals.size());
        rec.info.put("arrivals_parents", parentArrivals.size());
    }

    /** The remembered sessions the capacity phase left (login → cookies "name=value"). */
    private static void loadRemembered(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        for (Capacity.Visitor v : Capacity.readSessions(file)) {
            if (v.remembered) {
                List<String> cookies = new ArrayList<>();
                v.cookies.forEach((k, val) -> {
                    if (!k.equals("XSRF-TOKEN")) {
                        cookies.add(k + "=" + val);
                    }
                });
                REMEMBERED.put(v.login, cookies);
            }
        }
    }

    /** Legitimate users get their own source address in 127.10.0.0/16 (through the trusted proxy header). */
    private static Map<String, Object> arrival(String login, String mode, String code, int index) {
        Map<String, Object> m = new HashMap<>();
        m.put("login", login);
        m.put("mode", mode);
        m.put("code", code == null ? "" : code);
        m.put("ip", "127.10." + ((index / 250) % 250 + 1) + "." + (index % 250 + 1));
        return m;
    }

    /** The 07:50–08:10 peak compressed: ramp up over the first third, peak in the middle, ramp down. */
    private static OpenInjectionStep[] shape(int users, double seconds) {
        if (users == 0) {
            return new OpenInjectionStep[] {nothingFor(1)};
        }
        double r = users / seconds / (3.5 / 3.0); // mean rate over the three stages is 3.5/3 of r
        long third = Math.max(1, Math.round(seconds / 3));
        return new OpenInjectionStep[] {
            rampUsersPerSec(0.5 * r).to(1.5 * r).during(third),
            constantUsersPerSec(1.5 * r).during(third),
            rampUsersPerSec(1.5 * r).to(0.5 * r).during(third)
        };
    }

    private static OpenInjectionStep[] spread(int users, double seconds) {
        if (users == 0) {
            return new OpenInjectionStep[] {nothingFor(1)};
        }
        return new OpenInjectionStep[] {rampUsers(users).during(Math.max(1, Math.round(seconds)))};
    }

    private static Iterator<Map<String, Object>> endless(List<Map<String, Object>> list) {
        return new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                synchronized (this) {
                    return list.isEmpty() ? Map.of("login", "", "mode", "none", "code", "", "ip", "127.10.0.1")
                            : list.get(i++ % list.size());
                }
            }
        };
    }

    // ---------------------------------------------------------------- impatient step

    /** What counts as success for a step, from the status and the Location header (empty when absent). */
    private static final BiPredicate<Integer, String> OK_200 = (st, loc) -> st == 200;

    private static final BiPredicate<Integer, String> OK_2XX_3XX = (st, loc) -> st >= 200 && st < 400;

    private static final BiPredicate<Integer, String> LOGGED_IN =
            (st, loc) -> st == 302 && LOGIN_OK.matcher(loc).matches();

    /** The server sending a log-in form back to a fresh one (its token or proof-of-work answer was stale). */
    private static boolean isExpiredForm(int st, String loc) {
        return st == 303 && loc != null && loc.contains("/connexion?expiree");
    }

    /**
     * One step of a legitimate journey with FIRST-MORNING.md's impatience: no answer within 10 s (Gatling's request
     * timeout) or a 5xx is retried after 1–5 s, at most 5 times; a 429/503 with Retry-After, a redirect to the
     * waiting room, or a waiting-room page is honoured (the wait is recorded, not counted as a retry). A 404 on a
     * step for a capability that has not landed yet is counted and skipped when {@code tolerate404}.
     */
    private ChainBuilder step(
            String kind,
            String name,
            HttpRequestActionBuilder request,
            boolean signedIn,
            boolean tolerate404,
            BiPredicate<Integer, String> success) {
        HttpRequestActionBuilder attempt = request.check(withCommonChecks());
        HttpRequestActionBuilder waitingRoom = http(name + " (salle d'attente)")
                .get("#{wrUrl}")
                .check(withCommonChecks());
        return doIf(s -> s.getBoolean("jok"))
                .then(exec(s -> s.set("s_done", false).set("s_tries", 0).set("s_inwr", false))
                        .asLongAs(s -> !s.getBoolean("s_done"))
                        .on(exec(s -> clearAttempt(s))
                                .doIfOrElse(s -> s.getBoolean("s_inwr"))
                                .then(exec(waitingRoom))
                                .orElse(exec(attempt))
                                .exec(s -> decide(s, kind, name, signedIn, tolerate404, success))
                                .doIf(s -> s.getLong("s_pause") > 0)
                                .then(pause(s -> Duration.ofMillis(s.getLong("s_pause"))))));
    }

    private static io.gatling.javaapi.core.CheckBuilder[] withCommonChecks() {
        return new io.gatling.javaapi.core.CheckBuilder[] {
            status().saveAs("st"),
            responseTimeInMillis().saveAs("rt"),
            header("Location").optional().saveAs("loc"),
            header("Retry-After").optional().saveAs("ra"),
            regex("(?:id=\"position\">|data-position=\"|\"position\"\\s*:\\s*)(\\d+)").optional().saveAs("pos"),
            regex(META_REFRESH.pattern()).optional().saveAs("refresh"),
            status().lt(500)
        };
    }

    private static Session clearAttempt(Session s) {
        return s.remove("st").remove("rt").remove("loc").remove("ra").remove("pos").remove("refresh")
                .markAsSucceeded();
    }

    private Session decide(
            Session s,
            String kind,
            String name,
            boolean signedIn,
            boolean tolerate404,
            BiPredicate<Integer, String> success) {
        int st = s.contains("st") ? s.getInt("st") : -1;
        long rt = s.contains("rt") ? s.getLong("rt") : 10_000;
        String loc = s.contains("loc") ? s.getString("loc") : "";
        Integer retryAfter = s.contains("ra") ? parseIntOrNull(s.getString("ra")) : null;
        Integer refresh = s.contains("refresh") ? parseIntOrNull(s.getString("refresh")) : null;
        boolean hasPosition = s.contains("pos");
        boolean inWr = s.getBoolean("s_inwr");
        rec.request(kind, rt, st, signedIn);
        if (st >= 500) {
            rec.count(kind + (retryAfter != null ? ".http_5xx_with_retry_after" : ".http_5xx_without_retry_after"));
            // Which step met it (recorder.json's counters): the server's log names only the refusals it logs.
            rec.count(kind + ".http_5xx_step." + name + " " + st);
        }
        int tries = s.getInt("s_tries");
        long waitMs = s.getLong("waitMs");
        boolean pastDeadline = System.currentTimeMillis() > MORNING_END.get() + graceS * 1000L;

        // Waiting room: redirected to it, told to come back later, or still in it.
        boolean toWaitingRoom = st >= 300 && st < 400 && loc.contains("salle-attente");
        boolean comeBack = (st == 429 || st == 503) && retryAfter != null;
        boolean waitingPage = st == 200 && (refresh != null || inWr || (retryAfter != null && hasPosition));
        if (toWaitingRoom || comeBack || waitingPage) {
            rec.count(kind + ".waiting_room_answers");
            if (hasPosition || comeBack) {
                rec.count(kind + ".waiting_room_answers_with_position_or_eta");
            }
            if (pastDeadline) {
                return giveUp(s, kind, name, "gave_up_waiting");
            }
            long pause = 1000L * (retryAfter != null ? retryAfter : refresh != null ? refresh : 5);
            pause = Math.max(200, Math.min(pause, 60_000));
            Session n = s.set("s_pause", pause).set("waitMs", waitMs + pause);
            if (toWaitingRoom) {
                n = n.set("s_inwr", true).set("wrUrl", loc);
            }
            return n;
        }
        if (inWr) {
            // Left the waiting room (a redirect or any other answer): replay the original request.
            rec.count(kind + ".waiting_room_admitted");
            return s.set("s_inwr", false).set("s_pause", 0L);
        }
        if (st < 0 || st >= 500 || st == 429 || st == 503) {
            if (st >= 500) {
                rec.count(kind + ".http_5xx_" + name);
            }
            if (tries >= 5 || pastDeadline) {
                return giveUp(s, kind, name, st < 0 ? "failed_no_answer" : "failed_status_" + st);
            }
            rec.count(kind + ".retries");
            long pause = ThreadLocalRandom.current().nextLong(1000, 5001);
            return s.set("s_tries", tries + 1).set("s_pause", pause);
        }
        if (st == 404 && tolerate404) {
            rec.notFoundByStep
                    .computeIfAbsent(kind + ":" + name, k -> new java.util.concurrent.atomic.LongAdder())
                    .increment();
            return s.set("s_done", true).set("s_pause", 0L).set("missing", s.getInt("missing") + 1);
        }
        if (success.test(st, loc)) {
            return s.set("s_done", true).set("s_pause", 0L).set("s_ok", true);
        }
        return giveUp(s, kind, name, "failed_status_" + st);
    }

    private Session giveUp(Session s, String kind, String name, String why) {
        rec.count(kind + ".step_failures." + name + "." + why);
        return s.set("s_done", true).set("s_pause", 0L).set("jok", false).set("s_ok", false);
    }

    private static Integer parseIntOrNull(String v) {
        try {
            return Integer.valueOf(v.trim());
        } catch (RuntimeException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- journeys

    private ChainBuilder startJourney(String kind) {
        return exec(s -> {
            morningBegins(s);
            rec.count(kind + ".journeys_started");
            rec.count(kind + ".journeys_started." + s.getString("mode"));
            return s.set("jok", true).set("waitMs", 0L).set("missing", 0).set("csrf", "")
                    .set("started", System.currentTimeMillis());
        });
    }

    private ChainBuilder endJourney(String kind) {
        return exec(s -> {
            long now = System.currentTimeMillis();
            rec.lastLegitEnd.accumulateAndGet(now, Math::max);
            String mode = s.getString("mode");
            if (s.getBoolean("jok")) {
                rec.count(kind + ".journeys_completed");
                rec.count(kind + ".journeys_completed." + mode);
                if (s.getInt("missing") > 0) {
                    rec.count(kind + ".journeys_completed_with_missing_steps");
                }
            } else {
                rec.count(kind + ".journeys_failed");
                rec.count(kind + ".journeys_failed." + mode);
            }
            long waited = s.getLong("waitMs");
            if (waited > 0) {
                rec.waitSeconds.add(waited / 1000.0);
            }
            rec.count(kind + ".journey_ms_total", now - s.getLong("started"));
            return s;
        });
    }

    /**
     * GET /connexion then POST the form: success is a 302 to "/". A form the server says had expired (a 303 back to
     * {@code /connexion?expiree}: its CSRF token or proof-of-work answer was spent by an earlier try) is filled in
     * again from a fresh page, as a person would, at most three times.
     */
    private ChainBuilder login(String kind, String remember) {
        HttpRequestActionBuilder post = http("POST /connexion")
                .post("/connexion")
                .formParam("username", "#{login}")
                .formParam("password", password)
                .formParam("_csrf", "#{csrf}")
                .formParam("pow", "#{pow}")
                .check(header("Set-Cookie").findAll().optional().saveAs("setck"));
        if (remember.equals("on")) {
            // identity treats any value of "remember" as ticked: send it only when ticking the box
            post = post.formParam("remember", "on");
        }
        return exec(s -> s.set("loginAgain", true).set("loginForms", 0))
                .asLongAs(s -> s.getBoolean("loginAgain") && s.getBoolean("jok"))
                .on(exec(s -> s.set("loginAgain", false).set("loginForms", s.getInt("loginForms") + 1))
                        .exec(step(
                                kind,
                                "connexion",
                                http("GET /connexion").get("/connexion").check(
                                        css("input[name='_csrf']", "value").optional().saveAs("csrf")),
                                false,
                                false,
                                // A 302 to "/": signed in already (an earlier try was kept although its answer
                                // was an error), as a browser would show the home page.
                                (st, loc) -> st == 200 || LOGGED_IN.test(st, loc)))
                        .doIf(s -> s.getBoolean("jok") && s.contains("st") && s.getInt("st") == 200)
                        .then(exec(proofOfWork())
                                .exec(step(
                                        kind,
                                        "POST /connexion",
                                        post,
                                        false,
                                        false,
                                        (st, loc) -> LOGGED_IN.test(st, loc) || isExpiredForm(st, loc))))
                        .exec(s -> {
                            String loc = s.contains("loc") ? s.getString("loc") : "";
                            if (s.getBoolean("jok") && isExpiredForm(s.contains("st") ? s.getInt("st") : -1, loc)) {
                                rec.count(kind + ".login_form_expired");
                                if (s.getInt("loginForms") >= 3) {
                                    return giveUp(s, kind, "POST /connexion", "form_expired_3_times");
                                }
                                return s.set("loginAgain", true);
                            }
                            return s;
                        }))
                .exec(s -> {
                    if (s.getBoolean("jok")) {
                        rec.count(kind + ".password_logins_ok");
                    }
                    return s;
                });
    }

    /**
     * What the log-in page's script does in a browser with JavaScript (static/assets/surge/pow.js): ask for a
     * challenge; while proof-of-work is required (200), solve it — SHA-256(nonce || counter, 8 bytes big-endian)
     * with {@code bits} leading zero bits — and send the answer in the form's {@code pow} field. A browser solves it
     * on its own CPU; here the load core pays for it, so the solving time is recorded ({@code pow.solve_ms_total}).
     * The attackers (A1) do not solve it.
     */
    private ChainBuilder proofOfWork() {
        return doIfOrElse(s -> s.getBoolean("jok"))
                .then(exec(http("GET pow challenge")
                                .get("/api/v1/surge/pow/challenge")
                                .header("Accept", "application/json")
                                .check(
                                        status().saveAs("powSt"),
                                        jsonPath("$.token").optional().saveAs("powToken"),
                                        jsonPath("$.nonce").optional().saveAs("powNonce"),
                                        jsonPath("$.bits").optional().saveAs("powBits")))
                        .exec(s -> {
                            if (!s.contains("powSt") || s.getInt("powSt") != 200 || !s.contains("powNonce")) {
                                return s.set("pow", "").markAsSucceeded();
                            }
                            long t0 = System.nanoTime();
                            long counter = solve(s.getString("powNonce"), Integer.parseInt(s.getString("powBits")));
                            rec.count("pow.solved");
                            rec.count("pow.solve_ms_total", (System.nanoTime() - t0) / 1_000_000);
                            return s.set("pow", s.getString("powToken") + "." + counter).markAsSucceeded();
                        }))
                .orElse(exec(s -> s.set("pow", "")));
    }

    static long solve(String nonceBase64Url, int bits) {
        byte[] prefix = java.util.Base64.getUrlDecoder().decode(nonceBase64Url);
        byte[] input = java.util.Arrays.copyOf(prefix, prefix.length + 8);
        java.security.MessageDigest sha;
        try {
            sha = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        for (long counter = 0; ; counter++) {
            for (int i = 0; i < 8; i++) {
                input[prefix.length + i] = (byte) (counter >>> (56 - 8 * i));
            }
            byte[] d = sha.digest(input);
            int zeros = 0;
            for (byte b : d) {
                if (b == 0) {
                    zeros += 8;
                    continue;
                }
                zeros += Integer.numberOfLeadingZeros(b & 0xff) - 24;
                break;
            }
            if (zeros >= bits) {
                return counter;
            }
        }
    }

    private ChainBuilder today(String kind) {
        return step(
                kind,
                "GET / (Aujourd'hui)",
                http("GET /").get("/").check(bodyString().saveAs("todayBody")),
                true,
                false,
                OK_200);
    }

    private ChainBuilder me(String kind) {
        return step(kind, "GET /api/v1/me", http("GET /api/v1/me").get(mePath).header("Accept", "application/json"), true, true, OK_200);
    }

    /** Up to two homework details linked from "Aujourd'hui" (none until the homework pages exist). */
    private ChainBuilder homeworkDetails(String kind) {
        return exec(s -> {
                    List<String> links = new ArrayList<>();
                    if (s.contains("todayBody")) {
                        Matcher m = homeworkLink.matcher(s.getString("todayBody"));
                        while (m.find() && links.size() < 2) {
                            String link = m.group(1).replace("&amp;", "&");
                            if (!links.contains(link)) {
                                links.add(link);
                            }
                        }
                    }
                    rec.count(kind + ".homework_links_found", links.size());
                    return s.set("hwLinks", links).remove("todayBody");
                })
                .foreach(s -> s.getList("hwLinks"), "hw")
                .on(step(
                                kind,
                                "GET homework detail",
                                http("GET homework detail").get("#{hw}").check(bodyString().saveAs("hwBody")),
                                true,
                                true,
                                OK_200)
                        .exec(s -> {
                            // The first detail page with a hand-in form or an attachment is the one worked on.
                            if (!s.contains("workBody") && s.contains("hwBody")) {
                                String b = s.getString("hwBody");
                                if (b.contains("/depot\"") || b.contains("href=\"/fichiers/")) {
                                    return s.set("workBody", b).set("workUrl", s.getString("hw")).remove("hwBody");
                                }
                            }
                            return s.remove("hwBody");
                        }));
    }

    private static final Pattern FILE_LINK = Pattern.compile("href=\"(/fichiers/[0-9a-f-]{36})\"");
    private static final Pattern DEPOT = Pattern.compile("action=\"(/travail/[0-9a-f-]{36}/depot)\"");
    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
    private static final byte[] NOISE = new byte[500 * 1024];

    static {
        new Random(11).nextBytes(NOISE);
        Capacity.pdfHeader(NOISE);
    }

    /**
     * On the work page the pupil opened: one attachment downloaded (when the teacher attached one), then, for 20 %
     * of pupils, the work handed in with a 50–500 KB file and a text carrying the write marker.
     */
    private ChainBuilder workOnIt(String kind) {
        return exec(s -> {
                    if (!s.contains("workBody")) {
                        return s.set("fileUrl", "").set("depotUrl", "");
                    }
                    String b = s.getString("workBody");
                    Matcher f = FILE_LINK.matcher(b), d = DEPOT.matcher(b), c = HIDDEN_CSRF.matcher(b);
                    return s.set("fileUrl", f.find() ? f.group(1) : "")
                            .set("depotUrl", d.find() ? d.group(1) : "")
                            .set("csrf", c.find() ? c.group(1) : s.getString("csrf"))
                            .remove("workBody");
                })
                .doIf(s -> s.getBoolean("jok") && !s.getString("fileUrl").isEmpty())
                .then(step(
                        kind,
                        "GET attachment",
                        http("GET attachment").get("#{fileUrl}").header("Accept", "*/*"),
                        true,
                        true,
                        OK_200))
                .doIf(s -> s.getBoolean("jok")
                        && !s.getString("depotUrl").isEmpty()
                        && ThreadLocalRandom.current().nextInt(100) < handinPercent)
                .then(exec(s -> s.set("marker", "bw-" + runId + "-" + WRITE_SEQ.incrementAndGet())
                                .set("handinBytes", 50 * 1024 + ThreadLocalRandom.current().nextInt(450 * 1024 + 1)))
                        .exec(step(
                                kind,
                                "POST hand-in",
                                http("POST hand-in")
                                        .post("#{depotUrl}")
                                        .asMultipartForm()
                                        .formParam("texte", "Mon travail (#{marker}).")
                                        .formParam("action", "rendre")
                                        .formParam("_csrf", "#{csrf}")
                                        .bodyPart(ByteArrayBodyPart("fichiers", s -> java.util.Arrays.copyOf(NOISE, s.getInt("handinBytes")))
                                                .fileName("devoir.pdf")
                                                .contentType("application/pdf")),
                                true,
                                false,
                                (st, loc) -> st >= 300 && st < 400 && (loc.contains("fait=rendu") || loc.contains("enregistre=rendu"))))
                        .exec(s -> {
                            if (s.getBoolean("jok") && s.contains("s_ok") && s.getBoolean("s_ok")) {
                                rec.writesAcknowledged.add(s.getString("marker"));
                                rec.count(kind + ".handins_acknowledged");
                            }
                            return s;
                        }));
    }

    private ScenarioBuilder pupils() {
        String kind = "pupil";
        return scenario("pupils")
                .feed(endless(pupilArrivals))
                .exec(startJourney(kind))
                .doSwitch("#{mode}")
                .on(
                        onCase("remembered")
                                .then(exec(s -> {
                                            List<String> cookies = REMEMBERED.getOrDefault(s.getString("login"), List.of());
                                            if (cookies.isEmpty()) {
                                                rec.count("pupil.remembered_missing_from_warmup");
                                            }
                                            return s.set("cookies", cookies);
                                        })
                                        .foreach(s -> s.getList("cookies"), "ck")
                                        .on(exec(s -> {
                                                    String c = s.getString("ck");
                                                    int eq = c.indexOf('=');
                                                    return s.set("ckName", c.substring(0, eq)).set("ckValue", c.substring(eq + 1));
                                                })
                                                .exec(addCookie(Cookie("#{ckName}", "#{ckValue}")
                                                        .withDomain("127.0.0.1")
                                                        .withPath("/"))))
                                        .exec(step(
                                                kind,
                                                "GET / (Aujourd'hui)",
                                                http("GET / (remembered)").get("/").check(bodyString().saveAs("todayBody")),
                                                true,
                                                false,
                                                OK_2XX_3XX))
                                        .doIf(s -> s.getBoolean("jok") && s.contains("loc") && s.getString("loc").contains("connexion"))
                                        .then(exec(s -> {
                                                    rec.count("pupil.remembered_session_refused");
                                                    return s;
                                                })
                                                .exec(flushCookieJar())
                                                .exec(login(kind, "on"))
                                                .exec(today(kind)))),
                        onCase("password").then(exec(login(kind, "off")).exec(today(kind))),
                        onCase("activation").then(activation(kind)))
                .exec(me(kind))
                .exec(homeworkDetails(kind))
                .exec(workOnIt(kind))
                .exec(inbox(kind))
                .exec(messageTheTeachers(kind))
                .exec(endJourney(kind));
    }

    private static final Pattern MESSAGE_LINK = Pattern.compile("href=\"(/messagerie/messages/[0-9a-f-]{36})\"");
    private static final Pattern DRAFT_ACTION = Pattern.compile("action=\"(/messagerie/brouillons/[0-9a-f-]{36})\"");
    private static final Pattern PUPILS_GROUP =
            Pattern.compile("name=\"ajouter\" value=\"(PUPILS:[0-9a-f-]{36}:[0-9a-f-]{36})\"");
    private static final Pattern TEACHERS_GROUP =
            Pattern.compile("name=\"ajouter\" value=\"(TEACHERS:[0-9a-f-]{36}:[0-9a-f-]{36})\"");

    /** A signed-in step's response time, kept per step for the summary's messaging figures. */
    private Session stepTime(Session s, String step) {
        if (stepOk(s) && s.contains("rt")) {
            rec.step(step, s.getLong("rt"));
        }
        return s;
    }

    /** Whether the last step succeeded (callers clear {@code s_ok} before it: a tolerated 404 leaves it unset). */
    private static boolean stepOk(Session s) {
        return s.getBoolean("jok") && s.contains("s_ok") && s.getBoolean("s_ok");
    }

    /**
     * FIRST-MORNING.md's "messages inbox": the inbox page, then the newest message listed, if any (opening it marks it
     * read). A pupil's inbox holds what teachers sent their class earlier in the morning.
     */
    private ChainBuilder inbox(String kind) {
        return exec(s -> s.remove("inboxBody").remove("messageUrl").remove("s_ok"))
                .exec(step(
                        kind,
                        "GET inbox",
                        http("GET inbox").get(inboxPath).check(bodyString().saveAs("inboxBody")),
                        true,
                        true,
                        OK_200))
                .exec(s -> {
                    if (!stepOk(s) || !s.contains("inboxBody")) {
                        return s.remove("inboxBody");
                    }
                    rec.count("messaging.inbox_reads");
                    rec.count(kind + ".messaging.inbox_reads");
                    stepTime(s, "messaging.inbox");
                    Matcher m = MESSAGE_LINK.matcher(s.getString("inboxBody"));
                    Session n = s.remove("inboxBody");
                    return m.find() ? n.set("messageUrl", m.group(1)) : n;
                })
                .doIf(s -> s.getBoolean("jok") && s.contains("messageUrl"))
                .then(exec(s -> s.remove("s_ok"))
                        .exec(step(
                                kind,
                                "GET message",
                                http("GET message").get("#{messageUrl}"),
                                true,
                                true,
                                OK_200))
                        .exec(s -> {
                            if (stepOk(s)) {
                                rec.count("messaging.messages_opened");
                                rec.count(kind + ".messaging.messages_opened");
                                stepTime(s, "messaging.open");
                            }
                            return s;
                        }));
    }

    /**
     * FIRST-MORNING.md's "message a class", through the compose form as a browser without JavaScript uses it: the
     * form (its CSRF field), a recipient search (saves the draft and lists the groups the rules allow), then the
     * draft sent to the first class's or group's pupils offered, with the write marker in its text. Success is the
     * redirect to the sent message ({@code ?fait=envoye}).
     */
    private ChainBuilder messageAClass(String kind) {
        return sendMessage(kind, recipientSearch, PUPILS_GROUP, "Pour demain", "Bonjour à tous, pensez à apporter votre cahier.");
    }

    /**
     * A pupil's message to the teachers of their class (FIRST-MORNING.md: 10 % of pupils send one), through the same
     * form; the default communication rules let a pupil write to their own classes' teachers.
     */
    private ChainBuilder messageTheTeachers(String kind) {
        return doIf(s -> s.getBoolean("jok") && ThreadLocalRandom.current().nextInt(100) < pupilSendPercent)
                .then(sendMessage(kind, "enseignants", TEACHERS_GROUP, "Question", "Bonjour, je n’ai pas compris l’exercice 3."));
    }

    private ChainBuilder sendMessage(String kind, String search, Pattern group, String subject, String text) {
        return exec(s -> s.set("marker", "bw-" + runId + "-" + WRITE_SEQ.incrementAndGet())
                        .remove("draftUrl")
                        .remove("pupilsKey")
                        .remove("composeBody")
                        .remove("s_ok"))
                .exec(step(
                        kind,
                        "GET compose",
                        http("GET compose").get(composePath).check(
                                css("input[name='_csrf']", "value").optional().saveAs("csrf")),
                        true,
                        true,
                        OK_200))
                .doIf(FirstMorningSimulation::stepOk)
                .then(exec(s -> s.remove("s_ok"))
                        .exec(step(
                                kind,
                                "POST compose search",
                                http("POST compose search")
                                        .post(draftsPath)
                                        .formParam("sujet", subject)
                                        .formParam("message", text + " (#{marker})")
                                        .formParam("recherche", search)
                                        .formParam("action", "chercher")
                                        .formParam("_csrf", "#{csrf}")
                                        .check(bodyString().saveAs("composeBody")),
                                true,
                                false,
                                OK_200))
                        .exec(s -> {
                            if (!stepOk(s) || !s.contains("composeBody")) {
                                return s.remove("composeBody");
                            }
                            String b = s.getString("composeBody");
                            Matcher d = DRAFT_ACTION.matcher(b), g = group.matcher(b), c = HIDDEN_CSRF.matcher(b);
                            Session n = s.remove("composeBody");
                            if (c.find()) {
                                n = n.set("csrf", c.group(1));
                            }
                            if (d.find()) {
                                n = n.set("draftUrl", d.group(1));
                            }
                            if (g.find()) {
                                n = n.set("pupilsKey", g.group(1));
                            } else if (n.getBoolean("jok")) {
                                rec.count("messaging.no_group_offered");
                            }
                            return n;
                        })
                        .doIf(s -> s.getBoolean("jok") && s.contains("draftUrl") && s.contains("pupilsKey"))
                        .then(exec(s -> s.remove("s_ok"))
                                .exec(step(
                                        kind,
                                        "POST message send",
                                        http("POST message send")
                                                .post("#{draftUrl}")
                                                .formParam("sujet", subject)
                                                .formParam("message", text + " (#{marker})")
                                                .formParam("cibles", "#{pupilsKey}")
                                                .formParam("recherche", "")
                                                .formParam("action", "envoyer")
                                                .formParam("_csrf", "#{csrf}"),
                                        true,
                                        false,
                                        (st, loc) -> st >= 300 && st < 400 && loc.contains("fait=envoye")))
                                .exec(s -> {
                                    if (stepOk(s)) {
                                        rec.writesAcknowledged.add(s.getString("marker"));
                                        rec.count("messaging.sent");
                                        rec.count(kind + ".messaging.sent");
                                        stepTime(s, "messaging.send");
                                    }
                                    return s;
                                })));
    }

    /** Activation with a school-issued code (identity's route); a 404 marks the capability missing. */
    private ChainBuilder activation(String kind) {
        return step(
                        kind,
                        "GET activation",
                        http("GET activation").get(activationPath).check(
                                css("input[name='_csrf']", "value").optional().saveAs("csrf")),
                        false,
                        true,
                        OK_200)
                .doIf(s -> s.getBoolean("jok") && s.getInt("missing") > 0)
                .then(exec(s -> {
                    rec.count("pupil.activation_route_missing");
                    return s.set("jok", false);
                }))
                .exec(step(
                        kind,
                        "POST activation",
                        http("POST activation")
                                .post(activationPath)
                                .formParam("login", "#{login}")
                                .formParam("code", "#{code}")
                                .formParam("password", newPassword)
                                .formParam("confirm", newPassword)
                                .formParam("_csrf", "#{csrf}"),
                        false,
                        false,
                        (st, loc) -> st >= 300 && st < 400 && !loc.contains("activation")))
                .exec(today(kind));
    }

    private static final BiPredicate<Integer, String> ENTRY_SAVED =
            (st, loc) -> st >= 300 && st < 400 && !loc.contains("connexion");

    /** A cahier de textes entry with work to hand in (for the class offered first), with or without its file. */
    private HttpRequestActionBuilder entryPost(boolean withFile) {
        HttpRequestActionBuilder post = http("POST entry")
                .post(entryPostPath)
                .asMultipartForm()
                .formParam("cible", "#{cible}")
                .formParam("date", s -> java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).toString())
                .formParam("seance", "Séance #{marker} : correction des exercices.")
                .formParam("work0Instructions", "Exercices 3 et 4 page 52 (#{marker})")
                .formParam("work0DueDate", s -> java.time.LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusDays(3).toString())
                .formParam("work0Handin", "on")
                .formParam("_csrf", "#{csrf}");
        if (withFile) {
            post = post.bodyPart(ByteArrayBodyPart("work0Files", NOISE).fileName("support-de-cours.pdf").contentType("application/pdf"));
        }
        return post;
    }

    private ScenarioBuilder teachers() {
        String kind = "teacher";
        return scenario("teachers")
                .feed(endless(teacherArrivals))
                .exec(startJourney(kind))
                .exec(login(kind, "off"))
                .exec(today(kind))
                .exec(s -> s.remove("todayBody"))
                .repeat(3, "entryIdx")
                .on(exec(s -> s.set("marker", "bw-" + runId + "-" + WRITE_SEQ.incrementAndGet())
                                .set("entryNo", s.getInt("entryIdx") + 1)
                                .remove("cible"))
                        .exec(step(
                                kind,
                                "GET entry form",
                                http("GET entry form").get(entryFormPath).check(
                                        regex("<option value=\"([0-9a-f-]{36}\\|[0-9a-f-]{36})\"").optional().saveAs("cible"),
                                        css("input[name='_csrf']", "value").optional().saveAs("csrf")),
                                true,
                                true,
                                OK_200))
                        .doIf(s -> s.getBoolean("jok") && s.contains("cible"))
                        // FIRST-MORNING.md: one of the three entries has a 500 KB attachment.
                        .then(doIfOrElse(s -> s.getInt("entryNo") == 1)
                                .then(step(kind, "POST entry", entryPost(true), true, false, ENTRY_SAVED))
                                .orElse(step(kind, "POST entry", entryPost(false), true, false, ENTRY_SAVED))
                                .exec(s -> {
                                    if (s.getBoolean("jok") && s.contains("s_ok") && s.getBoolean("s_ok")) {
                                        rec.writesAcknowledged.add(s.getString("marker"));
                                    }
                                    return s;
                                })))
                .exec(inbox(kind))
                .exec(messageAClass(kind))
                .exec(me(kind))
                .exec(endJourney(kind));
    }

    private ScenarioBuilder parents() {
        String kind = "parent";
        return scenario("parents")
                .feed(endless(parentArrivals))
                .exec(startJourney(kind))
                .exec(login(kind, "off"))
                .exec(today(kind))
                .exec(homeworkDetails(kind))
                .exec(endJourney(kind));
    }

    /** The first user of the morning (legitimate or attacker) starts its clock. */
    private Session morningBegins(Session s) {
        if (MORNING_END.compareAndSet(Long.MAX_VALUE, System.currentTimeMillis() + durationS * 1000L + 2000)) {
            rec.mark("morning_start");
        }
        return s;
    }

    // ---------------------------------------------------------------- attacks

    private static String randomIp(int second) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        // 10,000 source addresses in 127.<second>.0.0/16
        int i = r.nextInt(10_000);
        return "127." + second + "." + (i / 100) + "." + (i % 100 + 1);
    }

    /** A1: wrong passwords for real logins from 10,000 addresses. */
    private ScenarioBuilder credentialStuffing() {
        List<String> victims = new ArrayList<>(population.pupils);
        victims.addAll(population.parents);
        Supplier<String> victim = () -> victims.isEmpty() ? "nobody" : victims.get(ThreadLocalRandom.current().nextInt(victims.size()));
        return scenario("A1 credential stuffing")
                .exec(s -> morningBegins(s).set("ip", randomIp(100)).set("login", victim.get()).set("csrf", ""))
                .exec(http("A1 GET /connexion").get("/connexion").check(
                        status().saveAs("st"),
                        responseTimeInMillis().saveAs("rt"),
                        css("input[name='_csrf']", "value").optional().saveAs("csrf")))
                .exec(s -> attackRecord(s, "a1"))
                .exec(http("A1 POST /connexion")
                        .post("/connexion")
                        .formParam("username", "#{login}")
                        .formParam("password", s -> "wrong-" + ThreadLocalRandom.current().nextInt(1_000_000))
                        .formParam("_csrf", "#{csrf}")
                        .check(status().saveAs("st"), responseTimeInMillis().saveAs("rt")))
                .exec(s -> {
                    rec.count("a1.login_attempts");
                    return attackRecord(s, "a1");
                });
    }

    private Session attackRecord(Session s, String kind) {
        int st = s.contains("st") ? s.getInt("st") : -1;
        rec.request(kind, s.contains("rt") ? s.getLong("rt") : 10_000, st, false);
        return s.remove("st").remove("rt").markAsSucceeded();
    }

    private static final String[] FLOOD_PATHS = {"/connexion", "/", "/api/v1/me", "/favicon.ico", "/wp-login.php"};

    /** A2: anonymous GETs (log-in page, home, random URLs) from 10,000 addresses. */
    private ScenarioBuilder flood() {
        return scenario("A2 anonymous flood")
                .exec(s -> {
                    ThreadLocalRandom r = ThreadLocalRandom.current();
                    String path = r.nextInt(4) == 0
                            ? "/x/" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36)
                            : FLOOD_PATHS[r.nextInt(FLOOD_PATHS.length)];
                    return morningBegins(s).set("ip", randomIp(150)).set("path", path);
                })
                .exec(http("A2 GET").get("#{path}").check(status().saveAs("st"), responseTimeInMillis().saveAs("rt")))
                .exec(s -> attackRecord(s, "a2"));
    }

    /** A3: one compromised pupil account hammering expensive calls from several tabs at once. */
    private ScenarioBuilder compromisedPupil() {
        String victim = population.pupils.isEmpty() ? "nobody" : population.pupils.get(population.pupils.size() - 1);
        String[] paths = {"/", mePath, "/travail/#{rnd}", "/cahier-de-textes"};
        return scenario("A3 compromised pupil")
                .exec(s -> morningBegins(s).set("ip", "127.66.6.6").set("login", victim).set("mode", "password")
                        .set("jok", true).set("waitMs", 0L).set("missing", 0).set("csrf", ""))
                .exec(http("A3 GET /connexion").get("/connexion").check(
                        status().saveAs("st"),
                        responseTimeInMillis().saveAs("rt"),
                        css("input[name='_csrf']", "value").optional().saveAs("csrf")))
                .exec(s -> attackRecord(s, "a3"))
                .exec(http("A3 POST /connexion")
                        .post("/connexion")
                        .formParam("username", "#{login}")
                        .formParam("password", password)
                        .formParam("_csrf", "#{csrf}")
                        .check(status().saveAs("st"), responseTimeInMillis().saveAs("rt")))
                .exec(s -> attackRecord(s, "a3"))
                .asLongAs(s -> System.currentTimeMillis() < MORNING_END.get())
                .on(exec(s -> s.set("path", paths[ThreadLocalRandom.current().nextInt(paths.length)].replace("#{rnd}", java.util.UUID.randomUUID().toString())))
                        .exec(http("A3 GET").get("#{path}").check(status().saveAs("st"), responseTimeInMillis().saveAs("rt")))
                        .exec(s -> attackRecord(s, "a3")));
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void before() {
        try {
            sampler = new Sampler(serverPids, baseUrl, Params.str("statusUrl", ""), out.resolve("timeline.jsonl"), Params.integer("scrapeSeconds", 3));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rec.info.put("run_id", runId);
        rec.info.put("attack", attack);
        rec.info.put("attacks", Map.of("a1", a1On, "a2", a2On, "a3", a3On, "a4", a4On));
        if (a4On) {
            // Started when the morning starts (after the warm-up), bounded by its duration.
            slowClients = Thread.ofPlatform().daemon().name("A4-slow-clients").unstarted(() -> {
                while (rec.marks.get("morning_start") == null) {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                new SlowClients(port, a4Connections, durationS).run();
            });
            slowClients.start();
        }
    }

    @Override
    public void after() {
        rec.markAgain("morning_end");
        rec.marks.put("last_legit_journey_end", rec.lastLegitEnd.get());
        if (slowClients != null) {
            slowClients.interrupt();
        }
        try {
            sampler.close();
            rec.write(out.resolve("recorder.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
