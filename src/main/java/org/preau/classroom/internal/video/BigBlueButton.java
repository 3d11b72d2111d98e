package org.preau.classroom.internal.video;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A BigBlueButton API client: every call is signed with the shared secret, {@code checksum = hex(SHA-256(callName +
 * queryString + secret))} (SHA-1 where the server is configured for it), as the BigBlueButton API documentation
 * specifies. Calls used: {@code create}, {@code join}, {@code isMeetingRunning}, {@code end}. A join URL is made at
 * the moment someone clicks, carries the meeting's {@code createTime} (so it admits to this meeting only, not to a
 * later one of the same id) and is answered as a redirect, never printed in a page.
 */
public final class BigBlueButton {

    private static final Pattern CREATE_TIME = Pattern.compile("<createTime>(\\d+)</createTime>");
    private static final Pattern RETURN_CODE = Pattern.compile("<returncode>(\\w+)</returncode>");
    private static final Pattern RUNNING = Pattern.compile("<running>(\\w+)</running>");

    private final String base;
    private final String secret;
    private final String algorithm;
    private final HttpClient http;

    public BigBlueButton(VideoProperties.Bbb settings, HttpClient http) {
        String url = settings.url();
        this.base = url.endsWith("/") ? url : url + "/";
        this.secret = settings.secret();
        this.algorithm = "sha1".equalsIgnoreCase(settings.checksum()) ? "SHA-1" : "SHA-256";
        this.http = http;
    }

    /** The checksum of one call: hex digest of call name, query string (without the checksum) and secret. */
    public static String checksum(String algorithm, String call, String query, String secret) {
        try {
            var digest = MessageDigest.getInstance(algorithm)
                    .digest((call + query + secret).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The query string as BigBlueButton expects it: form-encoded values, in the given order. */
    public static String query(Map<String, String> params) {
        var out = new StringBuilder();
        params.forEach((k, v) -> {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        return out.toString();
    }

    /** The signed URL of a call. */
    public String url(String call, Map<String, String> params) {
        String q = query(params);
        return base + call + "?" + q + (q.isEmpty() ? "" : "&") + "checksum=" + checksum(algorithm, call, q, secret);
    }

    /**
     * Creates the meeting, or finds it running (BigBlueButton answers a create of a running meeting with that
     * meeting); returns its {@code createTime}.
     */
    public String create(String meetingId, String name, String moderatorPassword, String attendeePassword) {
        var params = new LinkedHashMap<String, String>();
        params.put("name", name);
        params.put("meetingID", meetingId);
        params.put("attendeePW", attendeePassword);
        params.put("moderatorPW", moderatorPassword);
        params.put("record", "false");
        String xml = call("create", params);
        var m = CREATE_TIME.matcher(xml);
        if (!m.find()) {
            throw new VideoUnavailable("create: no createTime");
        }
        return m.group(1);
    }

    /** A join URL: MODERATOR for the teachers, VIEWER for the pupils. */
    public String joinUrl(
            String meetingId, String fullName, String userId, boolean moderator, String password, String createTime) {
        var params = new LinkedHashMap<String, String>();
        params.put("meetingID", meetingId);
        params.put("fullName", fullName);
        params.put("userID", userId);
        params.put("role", moderator ? "MODERATOR" : "VIEWER");
        params.put("password", password);
        params.put("createTime", createTime);
        params.put("redirect", "true");
        return url("join", params);
    }

    public boolean isMeetingRunning(String meetingId) {
        String xml = call("isMeetingRunning", Map.of("meetingID", meetingId));
        var m = RUNNING.matcher(xml);
        return m.find() && "true".equals(m.group(1));
    }

    public void end(String meetingId, String moderatorPassword) {
        var params = new LinkedHashMap<String, String>();
        params.put("meetingID", meetingId);
        params.put("password", moderatorPassword);
        call("end", params);
    }

    private String call(String name, Map<String, String> params) {
        try {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(url(name, params)))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            var rc = RETURN_CODE.matcher(response.body());
            if (response.statusCode() != 200 || !rc.find()) {
                throw new VideoUnavailable(name + ": HTTP " + response.statusCode());
            }
            if (!"SUCCESS".equals(rc.group(1)) && !"end".equals(name)) {
                throw new VideoUnavailable(name + ": " + rc.group(1));
            }
            return response.body();
        } catch (IOException e) {
            throw new VideoUnavailable(name + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VideoUnavailable(name + ": interrupted");
        }
    }

    /** The conferencing server could not be reached or refused the call. */
    public static final class VideoUnavailable extends RuntimeException {
        public VideoUnavailable(String message) {
            super(message);
        }
    }
}
