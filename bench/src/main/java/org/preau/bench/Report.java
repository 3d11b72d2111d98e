package org.preau.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns one run's raw measurements (recorder.json, timeline.jsonl, run.json written by bench/run) into
 * summary.json and index.html (plots as inline SVG: no script, no third-party request). Usage:
 * {@code Report <run dir> <benchmarks dir>}.
 */
public final class Report {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> LEGIT = List.of("pupil", "teacher", "parent");
    private static final List<String> ATTACK = List.of("a1", "a2", "a3");
    /** Peak-to-mean of the arrival shape used by the simulation (1.5 / (3.5/3)). */
    private static final double PEAK_FACTOR = 1.5 / (3.5 / 3.0);
    private static final double REGION_PUPILS = 1_000_000;
    private static final double MORNING_SECONDS = 2 * 3600; // 07:30–09:30

    private Report() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path benchmarks = Path.of(args[1]);
        JsonNode run = JSON.readTree(dir.resolve("run.json").toFile());
        JsonNode rec = JSON.readTree(dir.resolve("raw/recorder.json").toFile());
        List<JsonNode> timeline = new ArrayList<>();
        Path tl = dir.resolve("raw/timeline.jsonl");
        if (Files.exists(tl)) {
            for (String line : Files.readAllLines(tl)) {
                if (!line.isBlank()) {
                    timeline.add(JSON.readTree(line));
                }
            }
        }
        ObjectNode summary = summarise(run, rec, timeline, benchmarks, dir);
        JSON.writeValue(dir.resolve("summary.json").toFile(), summary);
        Files.writeString(dir.resolve("index.html"), html(summary, rec, timeline));
        System.out.println(JSON.writeValueAsString(summary));
    }

    // ------------------------------------------------------------------ figures

    static ObjectNode summarise(JsonNode run, JsonNode rec, List<JsonNode> timeline, Path benchmarks, Path dir)
            throws IOException {
        ObjectNode s = JSON.createObjectNode();
        JsonNode counters = rec.path("counters");
        JsonNode marks = rec.path("marks");
        JsonNode cpu = rec.path("cpu_at_marks");

        ObjectNode r = s.putObject("run");
        for (String k : List.of("date", "commit", "name", "command", "machine")) {
            r.set(k, run.path(k));
        }
        r.put("pupils", run.path("pupils").asInt());
        r.put("duration_s", run.path("duration_s").asInt());
        r.put("attack", run.path("attack").asBoolean());
        r.put("defences", run.path("defences").asBoolean());
        r.put("server_cores", 1);
        r.put("load_generator_cores", 1);
        r.set("attacks", rec.path("info").path("attacks"));

        // Legitimate users: every attempt of every step (retries included) counts for latency and status.
        long started = 0, completed = 0, failed = 0;
        for (String k : LEGIT) {
            started += counters.path(k + ".journeys_started").asLong();
            completed += counters.path(k + ".journeys_completed").asLong();
            failed += counters.path(k + ".journeys_failed").asLong();
        }
        List<long[]> samples = samples(rec);
        long morningStart = marks.path("morning_start").asLong();
        long morningEnd = marks.path("morning_end").asLong();
        List<Long> legitLat = new ArrayList<>(), signedLat = new ArrayList<>();
        long legit5xx = 0, legitOk = 0, legitNoAnswer = 0, legitRequests = 0;
        double legitLatencySum = 0, attackLatencySum = 0;
        long attackRequests = 0;
        for (long[] x : samples) {
            String cls = Recorder.CLASS_NAMES.get((int) x[2]);
            if (LEGIT.contains(cls)) {
                legitRequests++;
                legitLat.add(x[1]);
                legitLatencySum += x[1];
                if (x.length > 4 && x[4] == 1) {
                    signedLat.add(x[1]);
                }
                if (x[3] >= 500) {
                    legit5xx++;
                } else if (x[3] < 0) {
                    legitNoAnswer++;
                } else if (x[3] < 400) {
                    legitOk++;
                }
            } else if (ATTACK.contains(cls)) {
                attackRequests++;
                attackLatencySum += x[1];
            }
        }
        ObjectNode legit = s.putObject("legit");
        legit.put("journeys_started", started);
        legit.put("journeys_completed", completed);
        legit.put("journeys_failed", failed);
        legit.put("journeys_completed_ratio", started == 0 ? null : round((double) completed / started, 4));
        legit.put("http_5xx", legit5xx);
        legit.put("http_5xx_with_retry_after", LEGIT.stream()
                .mapToLong(k -> counters.path(k + ".http_5xx_with_retry_after").asLong())
                .sum());
        // The step and status of each legitimate 5xx (the server's log names only the refusals it logs itself).
        ObjectNode byStep = legit.putObject("http_5xx_by_step");
        counters.fieldNames().forEachRemaining(name -> LEGIT.stream()
                .filter(k -> name.startsWith(k + ".http_5xx_step."))
                .findFirst()
                .ifPresent(k -> byStep.put(
                        name.substring((k + ".http_5xx_step.").length()) + " (" + k + ")",
                        counters.path(name).asLong())));
        legit.put("no_answer_or_timeout", legitNoAnswer);
        legit.put("requests", legitRequests);
        legit.put("p50_ms", pct(legitLat, 50));
        legit.put("p95_ms", pct(legitLat, 95));
        legit.put("p99_ms", pct(legitLat, 99));
        legit.put("signed_in_p99_ms", pct(signedLat, 99));
        List<Double> waits = new ArrayList<>();
        rec.path("wait_seconds").forEach(w -> waits.add(w.asDouble()));
        waits.sort(Comparator.naturalOrder());
        legit.put("journeys_waited", waits.size());
        legit.put("waiting_room_median_s", waits.isEmpty() ? null : round(pctD(waits, 50), 1));
        legit.put("waiting_room_p95_s", waits.isEmpty() ? null : round(pctD(waits, 95), 1));
        long wrAnswers = 0, wrShown = 0;
        for (String k : LEGIT) {
            wrAnswers += counters.path(k + ".waiting_room_answers").asLong();
            wrShown += counters.path(k + ".waiting_room_answers_with_position_or_eta").asLong();
        }
        legit.put("waiting_room_answers", wrAnswers);
        legit.put("waiting_room_answers_with_position_or_eta", wrShown);
        double morningSeconds = Math.max(1, (morningEnd - morningStart) / 1000.0);
        ObjectNode statusPage = statusPage(dir.resolve("raw/status-probe.jsonl"), morningStart, morningEnd);
        Path mainProbes = dir.resolve("raw/status-probe-main.jsonl");
        // With a status listener of its own (docs/adr/0083) the probe reads the page there; a second one on the main
        // listener, as a visitor following the footer's link does.
        statusPage.put("listener", Files.exists(mainProbes) ? "status (preau.status.port)" : "main");
        s.set("status_page", statusPage);
        if (Files.exists(mainProbes)) {
            ObjectNode main = statusPage(mainProbes, morningStart, morningEnd);
            main.put("listener", "main");
            s.set("status_page_main_listener", main);
        }
        double legitOkPerS = legitOk / morningSeconds;
        legit.put("ok_requests_per_s", round(legitOkPerS, 2));
        ObjectNode missing = legit.putObject("not_found_steps");
        rec.path("not_found_by_step").fields().forEachRemaining(e -> missing.set(e.getKey(), e.getValue()));

        // Log-ins, views and the ceiling per server CPU-second, each from its own steady phase (Capacity).
        JsonNode capacity = readOr(dir.resolve("raw/capacity.json"));
        JsonNode crosscheck = readOr(dir.resolve("raw/crosscheck.json"));
        JsonNode lp = capacity.path("logins");
        ObjectNode logins = s.putObject("logins");
        Double loginsPerCore = num(lp.path("per_s_per_core"));
        logins.put("per_s_per_core", loginsPerCore);
        double hash = run.path("hash_limit_per_s").asDouble(Double.NaN);
        logins.put("hash_limit_per_s_per_core", Double.isNaN(hash) ? null : round(hash, 2));
        logins.put("hash_limit_spread", run.path("hash_limit_spread").asText(""));
        logins.put("hash_impl", run.path("hash_impl").asText(""));
        logins.put("hash_params", run.path("hash_params").asText(""));
        double legacy = run.path("hash_legacy_per_s").asDouble(Double.NaN);
        logins.put("hash_legacy_params", run.path("hash_legacy_params").asText(""));
        logins.put("hash_legacy_per_s_per_core", Double.isNaN(legacy) ? null : round(legacy, 2));
        logins.put("hash_legacy_spread", run.path("hash_legacy_spread").asText(""));
        logins.put("hash_limit_source", run.path("hash_limit_source").asText());
        logins.put("ratio_to_hash_limit", loginsPerCore == null || Double.isNaN(hash) ? null : round(loginsPerCore / hash, 3));
        logins.put("what", "full browser log-ins (GET /connexion, POST /connexion, GET /), steady phase");
        logins.put("measured_logins", lp.path("completed").asLong());
        logins.put("measured_server_cpu_s", num(lp.path("server_cpu_s")));
        logins.put("measured_wall_s", num(lp.path("window_s")));
        logins.put("per_s_wall", num(lp.path("per_s_wall")));
        logins.put("stable", lp.path("stable").asBoolean());
        logins.put("warmup_s", num(lp.path("warmup_s")));
        logins.put("jit_share_in_window", num(lp.path("jit_share_in_window")));
        // The same ratio without a second measurement: the hashing threads' share of the server's CPU in the log-in
        // window (one hash per log-in), so the host's drift between HashBench's minute and this one drops out.
        Double hashShare = num(lp.path("hash_share_in_window"));
        logins.put("hash_share_in_window", hashShare);
        double hashThreads = lp.path("hash_threads_cpu_s").asDouble(0);
        logins.put("in_window_hashes_per_cpu_s",
                hashThreads > 0 ? round(lp.path("completed").asLong() / hashThreads, 2) : null);
        logins.put("morning_password_logins_ok", LEGIT.stream()
                .mapToLong(k -> counters.path(k + ".password_logins_ok").asLong())
                .sum());

        JsonNode vp = capacity.path("views"), cp = capacity.path("ceiling"), ap = capacity.path("ceiling_anonymous");
        ObjectNode views = s.putObject("views");
        Double viewsPerCore = num(vp.path("per_s_per_core"));
        Double ceiling = num(cp.path("per_s_per_core"));
        views.put("per_s_per_core", viewsPerCore);
        views.put("ceiling_per_s_per_core", ceiling);
        views.put("ratio_to_ceiling", viewsPerCore == null || ceiling == null ? null : round(viewsPerCore / ceiling, 4));
        Double anonymous = num(ap.path("per_s_per_core"));
        views.put("ceiling_anonymous_per_s_per_core", anonymous);
        views.put("ratio_to_anonymous_ceiling",
                viewsPerCore == null || anonymous == null ? null : round(viewsPerCore / anonymous, 4));
        views.put("measured_views", vp.path("completed").asLong());
        views.put("measured_server_cpu_s", num(vp.path("server_cpu_s")));
        views.put("measured_wall_s", num(vp.path("window_s")));
        views.put("stable", vp.path("stable").asBoolean());
        views.put("jit_share_in_window", num(vp.path("jit_share_in_window")));
        views.put("warmup_s", num(vp.path("warmup_s")));
        views.put("repeat_share", num(vp.path("repeat_share")));
        views.set("outcomes", vp.path("outcomes_in_window"));
        views.put("page_bytes_median", vp.path("page_bytes_median").asInt());
        views.put("page_wire_bytes_median", vp.path("page_wire_bytes_median").asInt());
        views.put("ceiling_bytes", cp.path("bytes_asked").asInt());
        views.put("ceiling_stable", cp.path("stable").asBoolean());
        views.set("ceiling_outcomes", cp.path("outcomes_in_window"));
        Double cross = num(crosscheck.path("per_s_per_core"));
        views.put("crosscheck_per_s_per_core", cross);
        views.put("crosscheck_agreement", cross == null || viewsPerCore == null ? null : round(cross / viewsPerCore, 3));
        views.put("crosscheck_method", crosscheck.path("what").asText("not run"));
        long refused = 0;
        for (JsonNode phase : List.of(vp, cp, ap)) {
            var it = phase.path("outcomes_in_window").fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getKey().startsWith("ok")) {
                    refused += e.getValue().asLong();
                }
            }
        }
        views.put("not_ok_answers_in_windows", refused);

        // Attack: requests, and the server's CPU share spent on them.
        ObjectNode att = s.putObject("attack");
        att.put("requests", attackRequests);
        for (String k : ATTACK) {
            att.put(k + "_requests", rec.path("classes").path(k).path("requests").asLong());
            att.set(k + "_statuses", rec.path("classes").path(k).path("statuses"));
        }
        att.put("a1_login_attempts", counters.path("a1.login_attempts").asLong());
        att.put("a4_connections_opened", counters.path("a4.connections_opened").asLong());
        att.put("a4_connections_closed_by_server", counters.path("a4.connections_closed_by_server").asLong());
        att.put("a4_bytes_sent", counters.path("a4.bytes_sent").asLong());
        double morningCpu = cpu.path("morning_end").asDouble(Double.NaN) - cpu.path("morning_start").asDouble(Double.NaN);
        att.put("morning_server_cpu_s", round(morningCpu, 2));
        att.put("morning_wall_s", round(morningSeconds, 1));
        att.put("morning_server_cores_busy", round(morningCpu / morningSeconds, 3));
        // No per-lane CPU from the server: estimate as each side's share of the summed response times.
        double totalLat = legitLatencySum + attackLatencySum;
        att.put("server_cpu_share", attackRequests == 0 || totalLat == 0 ? 0.0 : round(attackLatencySum / totalLat, 3));
        att.put("server_cpu_share_method",
                "estimate: attack requests' summed response time / all requests' summed response time during the"
                        + " morning (the server exposes no CPU time per lane); A4 connections excluded");

        // Throughput under attack vs the newest comparable run without attack.
        boolean attackOn = run.path("attack").asBoolean();
        if (!attackOn) {
            s.put("legit_throughput_ratio_vs_no_attack", 1.0);
            s.put("legit_throughput_baseline", "this run (no attack)");
        } else {
            JsonNode base = baseline(benchmarks, run, dir);
            if (base == null) {
                s.putNull("legit_throughput_ratio_vs_no_attack");
                s.put("legit_throughput_baseline", "none: no run without attack with the same pupils and duration");
            } else {
                double b = base.path("legit").path("ok_requests_per_s").asDouble();
                s.put("legit_throughput_ratio_vs_no_attack", b > 0 ? round(legitOkPerS / b, 3) : null);
                s.put("legit_throughput_baseline", base.path("run").path("name").asText() + " "
                        + base.path("run").path("date").asText());
            }
        }

        // Were the defences really on or off? The surge filter counts every request it admits.
        double admitted = 0;
        boolean surgeMetrics = false;
        for (var e : surgeSeries(timeline, 0).entrySet()) {
            surgeMetrics = true;
            if (e.getKey().startsWith("preau_surge_lane_requests") && e.getKey().contains("outcome=\"admitted\"")) {
                for (double[] p : e.getValue()) {
                    admitted += p[1];
                }
            }
        }
        r.put("surge_metrics_seen", surgeMetrics);
        r.put("surge_filter_admitting", admitted > 0);
        if (!run.path("defences").asBoolean() && admitted > 0) {
            r.put("warning", "defences were asked off but the surge filter admitted requests: the server ignored"
                    + " --preau.surge.enabled=false, so this run is NOT a defences-off run");
        }

        ObjectNode writes = s.putObject("writes");
        writes.put("acknowledged", rec.path("writes_acknowledged").size());
        writes.put("found_after", run.path("writes_found").asLong());
        writes.put("method", "each acknowledged write carries a unique marker; after the run every text column of"
                + " every table is searched for the markers with psql");

        s.set("messaging", messaging(rec));

        // Extrapolation to an Occitanie-sized region at the measured per-core rates.
        ObjectNode ex = s.putObject("extrapolation");
        long morningLogins = logins.path("morning_password_logins_ok").asLong()
                + counters.path("pupil.journeys_completed.activation").asLong();
        long morningViews = 0;
        for (long[] x : samples) {
            if (LEGIT.contains(Recorder.CLASS_NAMES.get((int) x[2])) && x.length > 4 && x[4] == 1 && x[3] == 200) {
                morningViews++;
            }
        }
        int pupils = Math.max(1, run.path("pupils").asInt());
        double scale = REGION_PUPILS / pupils;
        double loginRate = morningLogins * scale / MORNING_SECONDS * PEAK_FACTOR;
        double viewRate = morningViews * scale / MORNING_SECONDS * PEAK_FACTOR;
        Double cores = loginsPerCore == null || viewsPerCore == null
                ? null
                : round(loginRate / loginsPerCore + viewRate / viewsPerCore, 1);
        ex.put("cores_for_1m_pupils_region", cores);
        ex.put("peak_logins_per_s", round(loginRate, 1));
        ex.put("peak_views_per_s", round(viewRate, 1));
        ex.put("method", "this run's legitimate password log-ins and signed-in views, scaled from " + pupils
                + " to 1,000,000 pupils, spread over the real 07:30-09:30 window and multiplied by the arrival"
                + " shape's peak-to-mean (" + round(PEAK_FACTOR, 3) + "); divided by the per-core rates above."
                + " Server cores only (application + PostgreSQL on one machine), no headroom added.");

        ObjectNode targets = s.putObject("targets");
        target(targets, "legit_5xx_zero", legit5xx == 0, legit5xx + " legitimate 5xx");
        Double ratio = started == 0 ? null : (double) completed / started;
        target(targets, "journeys_complete_99_5", ratio != null && ratio >= 0.995, "completed " + fmt(ratio));
        Long sp99 = pct(signedLat, 99);
        target(targets, "signed_in_p99_1s", sp99 != null && sp99 <= 1000, "p99 signed-in " + sp99 + " ms");
        Double wm = waits.isEmpty() ? null : pctD(waits, 50);
        target(targets, "waiting_room_median_2min", wm == null || wm <= 120, waits.isEmpty() ? "nobody waited" : "median " + round(wm, 1) + " s");
        Double lr = logins.path("ratio_to_hash_limit").isNumber() ? logins.path("ratio_to_hash_limit").asDouble() : null;
        target(targets, "logins_90pct_of_hash_limit", lr != null && lr >= 0.9, "ratio " + fmt(lr));
        Double vr = views.path("ratio_to_ceiling").isNumber() ? views.path("ratio_to_ceiling").asDouble() : null;
        target(targets, "views_25pct_of_ceiling", vr != null && vr >= 0.25, "ratio " + fmt(vr));
        JsonNode tr = s.path("legit_throughput_ratio_vs_no_attack");
        target(targets, "throughput_under_attack_80pct", tr.isNumber() && tr.asDouble() >= 0.8, "ratio " + (tr.isNumber() ? fmt(tr.asDouble()) : "n/a"));
        long ack = writes.path("acknowledged").asLong();
        target(targets, "acknowledged_writes_found", writes.path("found_after").asLong() >= ack,
                writes.path("found_after").asLong() + " of " + ack + " found");
        // The live-classroom scenario's block (issue 10), only when that scenario wrote its figures into this run's
        // raw/ (bench/classroom writes them into a run directory of its own); a first-morning run is unchanged.
        Path classroom = dir.resolve("raw").resolve("classroom.json");
        if (Files.exists(classroom)) {
            s.set("classroom", JSON.readTree(classroom.toFile()).path("classroom"));
        }
        return s;
    }

    private static JsonNode readOr(Path file) throws IOException {
        return Files.exists(file) ? JSON.readTree(file.toFile()) : JSON.createObjectNode();
    }

    private static Double num(JsonNode n) {
        return n.isNumber() ? n.asDouble() : null;
    }

    private static void target(ObjectNode targets, String name, boolean met, String detail) {
        ObjectNode t = targets.putObject(name);
        t.put("met", met);
        t.put("detail", detail);
    }

    /**
     * Messaging in the morning (issue 11, FIRST-MORNING.md): pupils' and teachers' inbox reads, messages opened, and
     * teachers' messages to a class through the compose form; failures are the steps that gave up (after the
     * impatient retries) or answered something else, counted by step name.
     */
    static ObjectNode messaging(JsonNode rec) {
        JsonNode counters = rec.path("counters");
        ObjectNode m = JSON.createObjectNode();
        m.put("inbox_reads", counters.path("messaging.inbox_reads").asLong());
        m.put("inbox_reads_pupils", counters.path("pupil.messaging.inbox_reads").asLong());
        m.put("inbox_reads_teachers", counters.path("teacher.messaging.inbox_reads").asLong());
        m.put("messages_opened", counters.path("messaging.messages_opened").asLong());
        m.put("sent", counters.path("messaging.sent").asLong());
        m.put("no_group_offered", counters.path("messaging.no_group_offered").asLong());
        long inboxFailures = 0, openFailures = 0, sendFailures = 0;
        var names = counters.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            long v = counters.path(k).asLong();
            if (k.contains(".step_failures.GET inbox.")) {
                inboxFailures += v;
            } else if (k.contains(".step_failures.GET message.")) {
                openFailures += v;
            } else if (k.contains(".step_failures.GET compose.")
                    || k.contains(".step_failures.POST compose search.")
                    || k.contains(".step_failures.POST message send.")) {
                sendFailures += v;
            }
        }
        m.put("inbox_failures", inboxFailures);
        m.put("open_failures", openFailures);
        m.put("send_failures", sendFailures);
        JsonNode nf = rec.path("not_found_by_step");
        m.put("not_found_steps", nf.path("pupil:GET inbox").asLong() + nf.path("teacher:GET inbox").asLong()
                + nf.path("pupil:GET message").asLong() + nf.path("teacher:GET message").asLong()
                + nf.path("teacher:GET compose").asLong());
        JsonNode steps = rec.path("steps");
        for (String step : List.of("inbox", "open", "send")) {
            JsonNode h = steps.path("messaging." + step);
            ObjectNode t = m.putObject(step + "_ms");
            t.set("p50", h.path("p50_ms"));
            t.set("p95", h.path("p95_ms"));
            t.set("p99", h.path("p99_ms"));
            t.set("max", h.path("max_ms"));
        }
        m.put("what", "inbox: GET /messagerie by pupils (after their homework) and teachers (after their entries);"
                + " open: the newest message listed, if any; send: a teacher's message to the first class's or"
                + " group's pupils offered, through the compose form (GET /messagerie/nouveau, POST search, POST"
                + " envoyer), its text carrying a write marker counted in writes.*; times of successful steps");
        return m;
    }

    private static JsonNode baseline(Path benchmarks, JsonNode run, Path self) throws IOException {
        if (!Files.isDirectory(benchmarks)) {
            return null;
        }
        JsonNode best = null;
        try (Stream<Path> dirs = Files.list(benchmarks)) {
            for (Path d : dirs.sorted().toList()) {
                Path f = d.resolve("summary.json");
                if (d.getFileName().toString().equals("latest") || d.equals(self) || !Files.exists(f)) {
                    continue;
                }
                JsonNode o = JSON.readTree(f.toFile());
                if (!o.path("run").path("attack").asBoolean()
                        && o.path("run").path("pupils").asInt() == run.path("pupils").asInt()
                        && o.path("run").path("duration_s").asInt() == run.path("duration_s").asInt()) {
                    best = o; // sorted by date-name: the last one wins
                }
            }
        }
        return best;
    }

    static List<long[]> samples(JsonNode rec) {
        List<long[]> out = new ArrayList<>();
        for (JsonNode a : rec.path("samples")) {
            long[] x = new long[a.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = a.get(i).asLong();
            }
            out.add(x);
        }
        return out;
    }

    /**
     * The public status page as a parent saw it during the morning (one GET /statut a second from a visitor's
     * address): how many answers, how many were not 200, and their times (issue 12 asks for within 1 s throughout).
     */
    static ObjectNode statusPage(Path probes, long morningStart, long morningEnd) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        List<Long> ms = new ArrayList<>();
        long notOk = 0, fresh = 0, slowConnect = 0, slowAnswer = 0;
        if (Files.exists(probes)) {
            for (String line : Files.readAllLines(probes)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode p = JSON.readTree(line);
                long t = p.path("t").asLong();
                if (t < morningStart || t > morningEnd) {
                    continue;
                }
                long total = p.path("ms").asLong();
                long connect = p.path("connect_ms").asLong(0);
                ms.add(total);
                if (p.path("status").asInt() != 200) {
                    notOk++;
                }
                if (p.path("new_connection").asBoolean(false)) {
                    fresh++;
                }
                if (total > 1000) {
                    if (connect > 500) {
                        slowConnect++;
                    } else {
                        slowAnswer++;
                    }
                }
            }
        }
        out.put("what", "GET /statut once a second during the morning, from a visitor's address, on a kept-alive connection"
                + " (a new one when the server closes it); over_1s_in_connect: of the probes over 1 s, those whose TCP"
                + " connect alone took over 500 ms");
        out.put("probes", ms.size());
        out.put("not_200", notOk);
        out.put("over_1s", ms.stream().filter(v -> v > 1000).count());
        out.put("p50_ms", pct(ms, 50));
        out.put("p99_ms", pct(ms, 99));
        out.put("max_ms", ms.stream().mapToLong(Long::longValue).max().orElse(-1));
        out.put("new_connections", fresh);
        out.put("over_1s_in_connect", slowConnect);
        out.put("over_1s_in_answer", slowAnswer);
        return out;
    }

    static Long pct(List<Long> values, double p) {
        if (values.isEmpty()) {
            return null;
        }
        List<Long> v = new ArrayList<>(values);
        v.sort(Comparator.naturalOrder());
        int idx = (int) Math.ceil(p / 100 * v.size()) - 1;
        return v.get(Math.max(0, Math.min(v.size() - 1, idx)));
    }

    static double pctD(List<Double> sorted, double p) {
        int idx = (int) Math.ceil(p / 100 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, idx)));
    }

    static Double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return null;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, "%.3f", v);
    }

    // ------------------------------------------------------------------ HTML

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String html(ObjectNode summary, JsonNode rec, List<JsonNode> timeline) throws IOException {
        StringBuilder h = new StringBuilder();
        JsonNode run = summary.path("run");
        String title = "Préau benchmark " + run.path("name").asText() + " (" + run.path("date").asText() + ")";
        h.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:system-ui,sans-serif;max-width:1000px;margin:1rem auto;"
                        + "padding:0 1rem;color:#111}table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px"
                        + " solid #999;padding:.2rem .5rem;text-align:left}svg{background:#fff;border:1px solid"
                        + " #ccc}.met{color:#064}.missed{color:#900}pre{background:#f4f4f4;padding:.5rem;"
                        + "overflow:auto}</style></head><body>");
        h.append("<h1>").append(esc(title)).append("</h1>");
        h.append("<p>Command: <code>").append(esc(run.path("command").asText())).append("</code><br>Commit ")
                .append(esc(run.path("commit").asText())).append(", machine: ").append(esc(run.path("machine").asText()))
                .append(". Server (JVM + PostgreSQL) pinned to core 0, Gatling to core 1. Gatling's own report: <a"
                        + " href=\"gatling/index.html\">gatling/index.html</a>.</p>");

        h.append("<h2>Targets (reported, not asserted)</h2><table><tr><th>Target</th><th>Result</th><th>Detail</th></tr>");
        summary.path("targets").fields().forEachRemaining(e -> {
            boolean met = e.getValue().path("met").asBoolean();
            h.append("<tr><td>").append(esc(e.getKey())).append("</td><td class=\"").append(met ? "met" : "missed")
                    .append("\">").append(met ? "met" : "missed").append("</td><td>")
                    .append(esc(e.getValue().path("detail").asText())).append("</td></tr>");
        });
        h.append("</table>");

        h.append("<h2>Per-core figures (steady phases before the morning)</h2><table><tr><th>Figure</th><th>Value</th>"
                + "</tr>");
        JsonNode lg = summary.path("logins"), vw = summary.path("views");
        String[][] rows = {
            {"Full browser log-ins per server CPU-second", lg.path("per_s_per_core").asText()},
            {"Hash-only limit, " + lg.path("hash_impl").asText() + " " + lg.path("hash_params").asText()
                    + " (per CPU-second of a process)", lg.path("hash_limit_per_s_per_core").asText()},
            {"Hash-only, legacy " + lg.path("hash_legacy_params").asText(), lg.path("hash_legacy_per_s_per_core").asText()},
            {"Log-ins / hash-only limit", lg.path("ratio_to_hash_limit").asText()},
            {"Hash's share of the server's CPU in the log-in window (the same ratio, free of drift)",
                lg.path("hash_share_in_window").asText()},
            {"Signed-in views per server CPU-second (repeat share " + vw.path("repeat_share").asText() + ")",
                vw.path("per_s_per_core").asText()},
            {"Ceiling (bare endpoint, " + vw.path("ceiling_bytes").asText() + " bytes, signed in)",
                vw.path("ceiling_per_s_per_core").asText()},
            {"Views / ceiling", vw.path("ratio_to_ceiling").asText()},
            {"Ceiling signed out", vw.path("ceiling_anonymous_per_s_per_core").asText()},
            {"Views / ceiling signed out", vw.path("ratio_to_anonymous_ceiling").asText()},
            {"Cross-check: plain loop, measure.py semantics", vw.path("crosscheck_per_s_per_core").asText()},
            {"Cross-check / views", vw.path("crosscheck_agreement").asText()}
        };
        for (String[] row : rows) {
            h.append("<tr><td>").append(esc(row[0])).append("</td><td>").append(esc(row[1])).append("</td></tr>");
        }
        h.append("</table><p>Warm-up windows, measured windows and every outcome: <code>raw/capacity.json</code>,"
                + " <code>raw/crosscheck.json</code>.</p>");

        // Latency over time, per 5 s bucket, legitimate users.
        List<long[]> samples = samples(rec);
        long t0 = rec.path("marks").path("morning_start").asLong();
        if (t0 == 0 && !samples.isEmpty()) {
            t0 = samples.get(0)[0];
        }
        Map<Long, List<Long>> legitBuckets = new TreeMap<>();
        Map<String, Map<Long, Long>> countBuckets = new LinkedHashMap<>();
        for (long[] x : samples) {
            long b = Math.floorDiv(x[0] - t0, 5000) * 5;
            String cls = Recorder.CLASS_NAMES.get((int) x[2]);
            if (LEGIT.contains(cls)) {
                legitBuckets.computeIfAbsent(b, k -> new ArrayList<>()).add(x[1]);
            }
            String group = LEGIT.contains(cls) ? "legit " + (x[3] >= 500 || x[3] < 0 ? "error" : x[3] >= 400 ? "4xx" : "ok") : cls;
            countBuckets.computeIfAbsent(group, k -> new TreeMap<>()).merge(b, 1L, Long::sum);
        }
        Map<String, List<double[]>> lat = new LinkedHashMap<>();
        for (int p : new int[] {50, 95, 99}) {
            List<double[]> pts = new ArrayList<>();
            legitBuckets.forEach((b, v) -> pts.add(new double[] {b, pct(v, p)}));
            lat.put("p" + p, pts);
        }
        h.append("<h2>Legitimate latency over time</h2>");
        h.append(chart("Legitimate users: response time percentiles per 5 s (ms)", "seconds since the morning started",
                "ms", lat));
        Map<String, List<double[]>> rates = new LinkedHashMap<>();
        countBuckets.forEach((g, m) -> {
            List<double[]> pts = new ArrayList<>();
            m.forEach((b, c) -> pts.add(new double[] {b, c / 5.0}));
            rates.put(g, pts);
        });
        h.append("<h2>Requests per second by class</h2>");
        h.append(chart("Requests per second (client side), legitimate by outcome and attacks A1–A3",
                "seconds since the morning started", "req/s", rates));

        // Server CPU from /proc.
        Map<String, List<double[]>> cpuSeries = new LinkedHashMap<>();
        List<double[]> cpuPts = new ArrayList<>();
        JsonNode prev = null;
        for (JsonNode n : timeline) {
            if (prev != null && n.path("cpu_s").isNumber() && prev.path("cpu_s").isNumber()) {
                double dt = (n.path("t").asLong() - prev.path("t").asLong()) / 1000.0;
                if (dt > 0) {
                    cpuPts.add(new double[] {
                        (n.path("t").asLong() - t0) / 1000.0, (n.path("cpu_s").asDouble() - prev.path("cpu_s").asDouble()) / dt
                    });
                }
            }
            prev = n;
        }
        cpuSeries.put("server cores busy", cpuPts);
        h.append("<h2>Server CPU</h2>");
        h.append(chart("Server JVM + PostgreSQL, cores busy (1.0 = the whole pinned core); negative x = warm-up",
                "seconds since the morning started", "cores", cpuSeries));

        // Surge lanes from Prometheus: admitted / queued / rejected per lane.
        h.append("<h2>Admission per lane (server metrics)</h2>");
        Map<String, List<double[]>> lanes = surgeSeries(timeline, t0);
        if (lanes.isEmpty()) {
            h.append("<p>No <code>preau_surge_*</code> metrics were exposed by the server during this run (defences"
                    + " off, or the surge module not present on this commit).</p>");
        } else {
            // One chart per metric and lane: admitted / queued / overflow / waiting_room / rate_limited side by side.
            Map<String, Map<String, List<double[]>>> byMetric = new TreeMap<>();
            Pattern laneLabel = Pattern.compile("lane=\"([^\"]*)\"");
            lanes.forEach((k, v) -> {
                String metric = k.substring(0, k.indexOf('{') < 0 ? k.length() : k.indexOf('{'));
                Matcher lm = laneLabel.matcher(k);
                String key = lm.find() ? metric + " lane " + lm.group(1) : metric;
                byMetric.computeIfAbsent(key, x -> new LinkedHashMap<>()).put(k, v);
            });
            byMetric.forEach((metric, series) -> h.append(chart(metric + " (counters as per-second rates, gauges as values)",
                    "seconds since the morning started", "", series)));
        }

        h.append("<h2>Status mix per class</h2><table><tr><th>Class</th><th>Requests</th><th>No answer</th><th>Statuses</th>"
                + "<th>p50</th><th>p95</th><th>p99</th></tr>");
        rec.path("classes").fields().forEachRemaining(e -> h.append("<tr><td>").append(esc(e.getKey())).append("</td><td>")
                .append(e.getValue().path("requests").asLong()).append("</td><td>")
                .append(e.getValue().path("errors_no_answer").asLong()).append("</td><td>")
                .append(esc(e.getValue().path("statuses").toString())).append("</td><td>")
                .append(e.getValue().path("latency").path("p50_ms").asText()).append("</td><td>")
                .append(e.getValue().path("latency").path("p95_ms").asText()).append("</td><td>")
                .append(e.getValue().path("latency").path("p99_ms").asText()).append("</td></tr>"));
        h.append("</table>");
        h.append("<h2>Counters</h2><pre>").append(esc(JSON.writeValueAsString(rec.path("counters")))).append("</pre>");
        h.append("<h2>Steps answered 404 (capability not there yet)</h2><pre>")
                .append(esc(JSON.writeValueAsString(rec.path("not_found_by_step")))).append("</pre>");
        h.append("<h2>summary.json</h2><pre>").append(esc(JSON.writeValueAsString(summary))).append("</pre>");
        h.append("</body></html>\n");
        return h.toString();
    }

    private static final Pattern PROM = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})?\\s+([-+0-9.eE]+|NaN)");

    /** preau_surge_* series over time; counters (…_total) become per-second rates. */
    static Map<String, List<double[]>> surgeSeries(List<JsonNode> timeline, long t0) {
        Map<String, List<double[]>> raw = new TreeMap<>();
        for (JsonNode n : timeline) {
            String text = n.path("prometheus").asText("");
            if (text.isEmpty()) {
                continue;
            }
            double t = (n.path("t").asLong() - t0) / 1000.0;
            for (String line : text.split("\n")) {
                Matcher m = PROM.matcher(line);
                if (!m.find() || !m.group(1).startsWith("preau_surge")) {
                    continue;
                }
                String name = m.group(1) + (m.group(2) == null ? "" : m.group(2));
                raw.computeIfAbsent(name, k -> new ArrayList<>()).add(new double[] {t, Double.parseDouble(m.group(3))});
            }
        }
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        raw.forEach((name, pts) -> {
            if (name.contains("_bucket") || name.contains("_max")) {
                return;
            }
            boolean counter = name.matches("^[^{]*_(total|count|sum)(\\{.*)?$");
            if (!counter) {
                out.put(name, pts);
                return;
            }
            List<double[]> rate = new ArrayList<>();
            for (int i = 1; i < pts.size(); i++) {
                double dt = pts.get(i)[0] - pts.get(i - 1)[0];
                if (dt > 0) {
                    rate.add(new double[] {pts.get(i)[0], Math.max(0, (pts.get(i)[1] - pts.get(i - 1)[1]) / dt)});
                }
            }
            out.put(name, rate);
        });
        return out;
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b",
        "#e377c2", "#7f7f7f", "#17becf", "#bcbd22"};
    private static final String[] DASHES = {"", "6 3", "2 2", "8 3 2 3"};

    /** A line chart as inline SVG, with a text legend (colour and dash pattern, so colour is not the only cue). */
    static String chart(String title, String xLabel, String yLabel, Map<String, List<double[]>> series) {
        int w = 900, hgt = 280, left = 60, right = 10, top = 20, bottom = 40;
        double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, maxY = 0;
        for (List<double[]> pts : series.values()) {
            for (double[] p : pts) {
                if (Double.isNaN(p[1])) {
                    continue;
                }
                minX = Math.min(minX, p[0]);
                maxX = Math.max(maxX, p[0]);
                maxY = Math.max(maxY, p[1]);
            }
        }
        StringBuilder s = new StringBuilder();
        s.append("<figure><figcaption>").append(esc(title)).append("</figcaption>");
        if (minX == Double.MAX_VALUE) {
            return s.append("<p>No data.</p></figure>").toString();
        }
        if (maxX == minX) {
            maxX = minX + 1;
        }
        if (maxY == 0) {
            maxY = 1;
        }
        maxY *= 1.05;
        double fx = (w - left - right) / (maxX - minX), fy = (hgt - top - bottom) / maxY;
        s.append("<svg role=\"img\" aria-label=\"").append(esc(title)).append("\" width=\"").append(w)
                .append("\" height=\"").append(hgt).append("\" viewBox=\"0 0 ").append(w).append(' ').append(hgt)
                .append("\">");
        for (int i = 0; i <= 4; i++) {
            double y = maxY * i / 4;
            int py = (int) (hgt - bottom - y * fy);
            s.append("<line x1=\"").append(left).append("\" x2=\"").append(w - right).append("\" y1=\"").append(py)
                    .append("\" y2=\"").append(py).append("\" stroke=\"#ddd\"/>");
            s.append("<text x=\"").append(left - 4).append("\" y=\"").append(py + 4)
                    .append("\" font-size=\"11\" text-anchor=\"end\">").append(fmtNum(y)).append("</text>");
        }
        for (int i = 0; i <= 5; i++) {
            double x = minX + (maxX - minX) * i / 5;
            int px = (int) (left + (x - minX) * fx);
            s.append("<text x=\"").append(px).append("\" y=\"").append(hgt - bottom + 15)
                    .append("\" font-size=\"11\" text-anchor=\"middle\">").append(fmtNum(x)).append("</text>");
        }
        s.append("<text x=\"").append(w / 2).append("\" y=\"").append(hgt - 5)
                .append("\" font-size=\"12\" text-anchor=\"middle\">").append(esc(xLabel)).append("</text>");
        s.append("<text x=\"12\" y=\"").append(top + 10).append("\" font-size=\"12\">").append(esc(yLabel)).append("</text>");
        int i = 0;
        StringBuilder legend = new StringBuilder("<ul>");
        for (var e : series.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            String dash = DASHES[(i / COLOURS.length + i) % DASHES.length];
            StringBuilder pts = new StringBuilder();
            double[][] arr = e.getValue().toArray(new double[0][]);
            Arrays.sort(arr, Comparator.comparingDouble(a -> a[0]));
            for (double[] p : arr) {
                if (Double.isNaN(p[1])) {
                    continue;
                }
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + (p[0] - minX) * fx, hgt - bottom - p[1] * fy));
            }
            s.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.6\"");
            if (!dash.isEmpty()) {
                s.append(" stroke-dasharray=\"").append(dash).append('"');
            }
            s.append(" points=\"").append(pts).append("\"/>");
            legend.append("<li><svg width=\"30\" height=\"8\" aria-hidden=\"true\"><line x1=\"0\" x2=\"30\" y1=\"4\" y2=\"4\" stroke=\"")
                    .append(colour).append("\" stroke-width=\"2\"")
                    .append(dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"")
                    .append("/></svg> ").append(esc(e.getKey())).append("</li>");
            i++;
        }
        s.append("</svg>").append(legend).append("</ul></figure>");
        return s.toString();
    }

    private static String fmtNum(double v) {
        if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** Used by bench/run to list this run's markers for the database check. */
    static void printMarkers(Path recorder) throws IOException {
        ArrayNode a = (ArrayNode) JSON.readTree(recorder.toFile()).path("writes_acknowledged");
        a.forEach(n -> System.out.println(n.asText()));
    }
}
