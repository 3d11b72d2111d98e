package org.preau.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A minimal browser over real HTTP against the test server: keeps cookies, never follows redirects, and sends the
 * CSRF field from its XSRF-TOKEN cookie (as a page's form would).
 */
public final class HttpUser {

    private final HttpClient http;
    private final String base;
    public final Map<String, String> cookies = new LinkedHashMap<>();
    public String userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

    public HttpUser(int port) {
        this(port, "127.0.0.1");
    }

    /** A browser whose connections come from {@code localAddress} (any of 127.0.0.0/8): another client address. */
    public HttpUser(int port, String localAddress) {
        try {
            this.http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .localAddress(java.net.InetAddress.getByName(localAddress))
                    .build();
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
        this.base = "http://127.0.0.1:" + port;
        // A double-submit token of our choosing, as the first GET would set.
        cookies.put("XSRF-TOKEN", "test-csrf-token");
    }

    public HttpResponse<String> get(String path) throws Exception {
        return get(path, "text/html");
    }

    public HttpResponse<String> get(String path, String accept) throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(java.time.Duration.ofSeconds(90))
                .header("Accept", accept)
                .header("User-Agent", userAgent);
        return send(request.GET());
    }

    public HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
        return post(path, form, "text/html");
    }

    public HttpResponse<String> post(String path, Map<String, String> form, String accept) throws Exception {
        var fields = new LinkedHashMap<>(form);
        fields.putIfAbsent("_csrf", cookies.getOrDefault("XSRF-TOKEN", ""));
        String body = fields.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(java.time.Duration.ofSeconds(90))
                .header("Accept", accept)
                .header("User-Agent", userAgent)
                .header("Content-Type", "application/x-www-form-urlencoded");
        return send(request.POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** A request of the caller's making (multipart uploads...), with this user's cookies. */
    public HttpResponse<String> send(String path, java.util.function.UnaryOperator<HttpRequest.Builder> build)
            throws Exception {
        var request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(java.time.Duration.ofSeconds(90))
                .header("User-Agent", userAgent);
        return send(build.apply(request));
    }

    public String csrfToken() {
        return cookies.getOrDefault("XSRF-TOKEN", "");
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        if (!cookies.isEmpty()) {
            request.header(
                    "Cookie",
                    cookies.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining("; ")));
        }
        var response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (String header : setCookies(response)) {
            String pair = header.split(";", 2)[0];
            String name = pair.substring(0, pair.indexOf('='));
            String value = pair.substring(pair.indexOf('=') + 1);
            if (value.isEmpty() || header.toLowerCase().contains("max-age=0")) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    public static List<String> setCookies(HttpResponse<?> response) {
        return response.headers().allValues("Set-Cookie");
    }

    public static Optional<String> setCookie(HttpResponse<?> response, String name) {
        return setCookies(response).stream()
                .filter(c -> c.startsWith(name + "="))
                .findFirst();
    }

    public HttpResponse<String> logIn(String login, String password, boolean remember) throws Exception {
        var form = new LinkedHashMap<String, String>();
        form.put("username", login);
        form.put("password", password);
        if (remember) {
            form.put("remember", "on");
        }
        return post("/connexion", form);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
