package org.preau.classroom.internal.video;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A <b>stand-in</b> for BigBlueButton's API, since no BigBlueButton server can run here: a small HTTP server that
 * checks every call the way BigBlueButton does (the {@code checksum} parameter must equal the hex digest of the call
 * name, the query string without the checksum, and the shared secret; SHA-256 or SHA-1 as configured) and keeps
 * meetings in memory for {@code create}, {@code join} (the meeting must exist, the {@code createTime} must match,
 * the password must be the meeting's), {@code isMeetingRunning} and {@code end}. It answers BigBlueButton's XML.
 */
final class BigBlueButtonStandIn implements AutoCloseable {

    record Meeting(String createTime, String moderatorPw, String attendeePw) {}

    /** A join the stand-in accepted: who, and as what. */
    record Joined(String meetingId, String fullName, String role) {}

    private final HttpServer server;
    private final String secret;
    private final String algorithm;
    final Map<String, Meeting> meetings = new ConcurrentHashMap<>();
    final java.util.List<Joined> joins = new java.util.concurrent.CopyOnWriteArrayList<>();
    private long clock = 1_700_000_000_000L;

    BigBlueButtonStandIn(String secret, String algorithm) throws IOException {
        this.secret = secret;
        this.algorithm = algorithm;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/bigbluebutton/api/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/bigbluebutton/api/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String call = exchange.getRequestURI().getPath().substring("/bigbluebutton/api/".length());
        String raw = exchange.getRequestURI().getRawQuery();
        raw = raw == null ? "" : raw;
        int at = raw.lastIndexOf("checksum=");
        if (at < 0) {
            reply(exchange, 200, failed("checksumError"));
            return;
        }
        String given = raw.substring(at + "checksum=".length());
        String query = at == 0 ? "" : raw.substring(0, at - 1);
        if (!BigBlueButton.checksum(algorithm, call, query, secret).equals(given)) {
            reply(exchange, 200, failed("checksumError"));
            return;
        }
        Map<String, String> p = new LinkedHashMap<>();
        for (String kv : query.split("&")) {
            if (!kv.isEmpty()) {
                int eq = kv.indexOf('=');
                p.put(kv.substring(0, eq), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String id = p.getOrDefault("meetingID", "");
        switch (call) {
            case "create" -> {
                var m = meetings.computeIfAbsent(
                        id, k -> new Meeting(Long.toString(clock++), p.get("moderatorPW"), p.get("attendeePW")));
                reply(
                        exchange,
                        200,
                        "<response><returncode>SUCCESS</returncode><meetingID>" + id + "</meetingID><createTime>"
                                + m.createTime() + "</createTime></response>");
            }
            case "join" -> {
                var m = meetings.get(id);
                if (m == null) {
                    reply(exchange, 200, failed("invalidMeetingIdentifier"));
                } else if (!m.createTime().equals(p.get("createTime"))) {
                    reply(exchange, 200, failed("mismatchCreateTimeParam"));
                } else if (!p.get("password").equals(m.moderatorPw())
                        && !p.get("password").equals(m.attendeePw())) {
                    reply(exchange, 200, failed("invalidPassword"));
                } else {
                    joins.add(new Joined(id, p.get("fullName"), p.get("role")));
                    exchange.getResponseHeaders().add("Location", "/html5client/join?sessionToken=x");
                    reply(exchange, 302, "");
                }
            }
            case "isMeetingRunning" ->
                reply(
                        exchange,
                        200,
                        "<response><returncode>SUCCESS</returncode><running>" + meetings.containsKey(id)
                                + "</running></response>");
            case "end" -> {
                var m = meetings.get(id);
                if (m == null || !m.moderatorPw().equals(p.get("password"))) {
                    reply(exchange, 200, failed("notFound"));
                } else {
                    meetings.remove(id);
                    reply(exchange, 200, "<response><returncode>SUCCESS</returncode></response>");
                }
            }
            default -> reply(exchange, 200, failed("unsupportedRequest"));
        }
    }

    private static String failed(String key) {
        return "<response><returncode>FAILED</returncode><messageKey>" + key + "</messageKey></response>";
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/xml;charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
