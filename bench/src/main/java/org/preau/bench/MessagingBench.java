package org.preau.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Issue 11's closing figures, over real HTTP against a server bench/messaging started (pinned to its own core): the
 * time to send one message to a 1,000-member group (median and spread of several sends after warm-up, each after the
 * previous one's notifications were written, so that a send is timed alone), and the cost of opening the inbox of a
 * member who has received many messages: its time, and its SQL statements counted by the server's PostgreSQL
 * ({@code pg_stat_statements}, loaded by bench/messaging), minus an idle window of the same length for background
 * work.
 *
 * <p>Arguments: {@code --base URL --pg-port N --password PW --sender LOGIN --member LOGIN --group NAME --warmup N
 * --sends N --inbox-warmup N --inbox N --out FILE}; PGPASSWORD comes from the environment.
 */
public final class MessagingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]*)\"");
    private static final Pattern MESSAGE_LINK = Pattern.compile("href=\"/messagerie/messages/([0-9a-f-]{36})\"");

    private final Map<String, String> args;
    private final String base;
    private final int pgPort;

    private MessagingBench(Map<String, String> args) {
        this.args = args;
        this.base = args.get("base");
        this.pgPort = Integer.parseInt(args.get("pg-port"));
    }

    public static void main(String[] argv) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < argv.length; i += 2) {
            a.put(argv[i].replaceFirst("^--", ""), argv[i + 1]);
        }
        new MessagingBench(a).run();
    }

    private int intArg(String name, int def) {
        return Integer.parseInt(args.getOrDefault(name, String.valueOf(def)));
    }

    private void run() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        String password = args.get("password");
        int warmup = intArg("warmup", 5), sends = intArg("sends", 20);

        // ---- the sender, signed in as in a browser; the group found through the recipient search
        Browser sender = new Browser(base);
        sender.logIn(args.get("sender"), password);
        String q = args.get("group");
        var found = sender.get("/api/v1/messaging/recipients?q=" + enc(q), "application/json");
        check(found.statusCode() == 200, "recipient search answered " + found.statusCode());
        String key = null;
        for (JsonNode r : JSON.readTree(found.body())) {
            if (r.path("kind").asText().equals("PARENTS") && r.path("name").asText().equals(q)) {
                key = r.path("key").asText();
            }
        }
        check(key != null, "the recipient search offers no group \"Parents de " + q + "\": " + found.body());
        out.put("group_key", key);
        out.put("group_label", "Parents de " + q);

        // ---- sends: warm-up, then measured; each after the previous one's notifications were written
        List<Double> sendMs = new ArrayList<>(), drainMs = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        for (int i = 0; i < warmup + sends; i++) {
            boolean measured = i >= warmup;
            String body = JSON.writeValueAsString(Map.of(
                    "subject", "Réunion d’information n° " + (i + 1),
                    "body", "Madame, Monsieur,\n\nla réunion d’information aura lieu jeudi à 18 h. (" + (i + 1) + ")",
                    "targets", List.of(key)));
            long t0 = System.nanoTime();
            var r = sender.postJson("/api/v1/messages", body);
            double ms = (System.nanoTime() - t0) / 1e6;
            check(r.statusCode() == 201, "send " + (i + 1) + " answered " + r.statusCode() + ": " + r.body());
            messageIds.add(JSON.readTree(r.body()).path("id").asText());
            double drained = drain();
            if (measured) {
                sendMs.add(ms);
                drainMs.add(drained);
            }
            System.err.printf(
                    "messaging: send %d%s %.1f ms; its events handled after %.0f ms%n",
                    i + 1, measured ? "" : " (warm-up)", ms, drained);
            Thread.sleep(500);
        }
        Map<String, Object> send = new LinkedHashMap<>();
        send.put("what", "POST /api/v1/messages to \"Parents de " + q + "\" (one group key), signed in as a staff"
                + " member over real HTTP; response time measured by the client (loopback), after " + warmup
                + " warm-up sends; each send waits until the previous one's event publications completed");
        send.put("warmup_sends", warmup);
        send.put("sends", sends);
        send.putAll(stats(sendMs, "ms"));
        send.put("all_ms", round1(sendMs));
        send.put("events_completed_after_ms", stats(drainMs, "ms"));
        out.put("send", send);
        out.put("message_ids", messageIds);

        // ---- the inbox of a member who received them all
        Browser member = new Browser(base);
        member.logIn(args.get("member"), password);
        int inboxWarmup = intArg("inbox-warmup", 20), inbox = intArg("inbox", 50);
        var first = member.get("/messagerie", "text/html");
        check(first.statusCode() == 200, "inbox answered " + first.statusCode());
        Matcher links = MESSAGE_LINK.matcher(first.body());
        int listed = 0;
        while (links.find()) {
            listed++;
        }
        out.put("inbox_messages_listed", listed);
        out.put("inbox_page_bytes", first.body().getBytes(StandardCharsets.UTF_8).length);
        for (String path : List.of("/messagerie", "/api/v1/messages?folder=reception")) {
            String accept = path.startsWith("/api") ? "application/json" : "text/html";
            for (int i = 0; i < inboxWarmup; i++) {
                check(member.get(path, accept).statusCode() == 200, path + " failed in warm-up");
            }
            List<Double> ms = new ArrayList<>();
            psql("select pg_stat_statements_reset()");
            long w0 = System.nanoTime();
            for (int i = 0; i < inbox; i++) {
                long t0 = System.nanoTime();
                var r = member.get(path, accept);
                ms.add((System.nanoTime() - t0) / 1e6);
                check(r.statusCode() == 200, path + " answered " + r.statusCode());
            }
            long windowMs = (System.nanoTime() - w0) / 1_000_000;
            var during = statements();
            // The same length of time with no request: what background work (the cluster bus, scheduled jobs) ran.
            psql("select pg_stat_statements_reset()");
            Thread.sleep(Math.max(windowMs, 200));
            var idle = statements();
            long callsDuring = during.values().stream().mapToLong(Long::longValue).sum();
            long callsIdle = idle.values().stream().mapToLong(Long::longValue).sum();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("what", "GET " + path + " as a member of the group (" + listed + " messages on the page), "
                    + inboxWarmup + " warm-up requests, then " + inbox + " measured one after the other");
            m.putAll(stats(ms, "ms"));
            m.put("statements_per_request", round1((callsDuring - callsIdle) / (double) inbox));
            m.put("statements_method", "pg_stat_statements (track = top) reset before " + inbox + " requests: calls"
                    + " of every statement during them (" + callsDuring + "), minus the calls in an idle window of the"
                    + " same length right after (" + callsIdle + "), divided by " + inbox
                    + " (the reset and read themselves excluded)");
            m.put("statements_seen", during.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .limit(15)
                    .map(e -> Map.of("calls", e.getValue(), "query", e.getKey()))
                    .toList());
            m.put("statements_idle", idle);
            out.put(path.startsWith("/api") ? "inbox_api" : "inbox_page", m);
        }

        // ---- one message opened by the member (marks it read), for reference
        String firstId = messageIds.getLast();
        List<Double> open = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            long t0 = System.nanoTime();
            var r = member.get("/messagerie/messages/" + firstId, "text/html");
            open.add((System.nanoTime() - t0) / 1e6);
            check(r.statusCode() == 200, "opening a message answered " + r.statusCode());
        }
        out.put("open_message", stats(open, "ms"));

        Path file = Path.of(args.get("out"));
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), out);
        System.err.printf(
                "messaging: send to a 1,000-member group median %.1f ms (%s); inbox page median %s ms, %s statements%n",
                median(sendMs),
                send.get("spread_ms"),
                ((Map<?, ?>) out.get("inbox_page")).get("median_ms"),
                ((Map<?, ?>) out.get("inbox_page")).get("statements_per_request"));
    }

    // ---------------------------------------------------------------- the database, through psql

    /** Waits until every event publication is completed (the notifications of the last send are written). */
    private double drain() throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            String n = psql("select count(*) from event_publication where completion_date is null").strip();
            if (n.equals("0")) {
                return (System.nanoTime() - t0) / 1e6;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("event publications still incomplete after 120 s");
    }

    /** Calls per statement recorded by pg_stat_statements since its reset (this driver's own queries left out). */
    private Map<String, Long> statements() throws Exception {
        String rows = psql("select calls, regexp_replace(query, '\\s+', ' ', 'g') from pg_stat_statements"
                + " where query not like '%pg_stat_statements%' order by calls desc");
        Map<String, Long> out = new LinkedHashMap<>();
        for (String line : rows.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            int bar = line.indexOf('|');
            String query = line.substring(bar + 1);
            out.merge(query.length() > 160 ? query.substring(0, 160) + "…" : query, Long.parseLong(line.substring(0, bar)), Long::sum);
        }
        return out;
    }

    private String psql(String sql) throws IOException, InterruptedException {
        var p = new ProcessBuilder(
                        "psql", "-h", "127.0.0.1", "-p", String.valueOf(pgPort), "-U", "postgres", "-d", "postgres",
                        "-v", "ON_ERROR_STOP=1", "-At", "-c", sql)
                .redirectErrorStream(true)
                .start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        check(p.waitFor() == 0, "psql failed: " + text);
        return text;
    }

    // ---------------------------------------------------------------- figures

    static Map<String, Object> stats(List<Double> values, String unit) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (values.isEmpty()) {
            return m;
        }
        var v = values.stream().sorted().toList();
        m.put("median_" + unit, round1(median(values)));
        m.put("min_" + unit, round1(v.getFirst()));
        m.put("max_" + unit, round1(v.getLast()));
        m.put("p90_" + unit, round1(v.get(Math.min(v.size() - 1, (int) Math.ceil(0.9 * v.size()) - 1))));
        m.put("spread_" + unit, round1(v.getFirst()) + "–" + round1(v.getLast()));
        return m;
    }

    static double median(List<Double> values) {
        var v = values.stream().sorted(Comparator.naturalOrder()).toList();
        int n = v.size();
        return n % 2 == 1 ? v.get(n / 2) : (v.get(n / 2 - 1) + v.get(n / 2)) / 2;
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static List<Double> round1(List<Double> v) {
        return v.stream().map(MessagingBench::round1).toList();
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- a browser's cookies and CSRF

    /** One signed-in person: cookies kept, redirects not followed, CSRF as a page's form or script sends it. */
    static final class Browser {
        private final HttpClient http =
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        private final String base;
        private final Map<String, String> cookies = new LinkedHashMap<>();

        Browser(String base) {
            this.base = base;
        }

        void logIn(String login, String password) throws Exception {
            var form = get("/connexion", "text/html");
            check(form.statusCode() == 200, "GET /connexion answered " + form.statusCode());
            Matcher m = CSRF.matcher(form.body());
            String csrf = m.find() ? m.group(1) : cookies.getOrDefault("XSRF-TOKEN", "");
            String body = "username=" + enc(login) + "&password=" + enc(password) + "&_csrf=" + enc(csrf) + "&pow=";
            var r = send(HttpRequest.newBuilder(URI.create(base + "/connexion"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "text/html")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
            String to = r.headers().firstValue("Location").orElse("");
            check(r.statusCode() == 302 && to.matches("^(https?://[^/]+)?/(\\?.*)?$"),
                    "log-in of " + login + " answered " + r.statusCode() + " to " + to);
            // The page after log-in sets the session's CSRF cookie, which API writes echo in X-XSRF-TOKEN.
            check(get("/", "text/html").statusCode() == 200, "first page after log-in failed");
        }

        HttpResponse<String> get(String path, String accept) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET());
        }

        HttpResponse<String> postJson(String path, String json) throws Exception {
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("X-XSRF-TOKEN", cookies.getOrDefault("XSRF-TOKEN", ""))
                    .POST(HttpRequest.BodyPublishers.ofString(json)));
        }

        private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
            request.timeout(Duration.ofSeconds(60)).header("User-Agent", Capacity.USER_AGENT);
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String header : response.headers().allValues("Set-Cookie")) {
                String pair = header.split(";", 2)[0];
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq), value = pair.substring(eq + 1);
                if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }
    }
}
