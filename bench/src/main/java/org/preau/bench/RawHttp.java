package org.preau.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over one keep-alive connection: what a load loop needs (the request bytes a browser
 * would send, the status, headers and raw body of the answer) and nothing else, so that one load-generator core can
 * keep the server's core busy even at the ceiling's rate. No redirects followed, no decompression (the caller
 * decides), chunked and Content-Length bodies, reconnects when the server closes.
 */
final class RawHttp implements AutoCloseable {

    /** One answer: status, headers (lower-case names, every value), the body as sent (maybe gzip). */
    record Response(int status, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        List<String> all(String name) {
            return headers.getOrDefault(name, List.of());
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final String host;
    private final int port;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    RawHttp(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}; reads the answer. */
    Response exchange(String head, byte[] body) throws IOException {
        byte[] headBytes = (head + "\r\n" + (body == null ? "" : "Content-Length: " + body.length + "\r\n") + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        for (int attempt = 0; ; attempt++) {
            boolean fresh = socket == null;
            try {
                if (fresh) {
                    connect();
                }
                out.write(headBytes);
                if (body != null) {
                    out.write(body);
                }
                out.flush();
                return read(head.startsWith("HEAD "));
            } catch (IOException e) {
                close();
                // A kept-alive connection the server closed meanwhile: one more try on a new one.
                if (fresh || attempt > 0) {
                    throw e;
                }
            }
        }
    }

    /**
     * Opens the connection now if there is none (so a caller can time the TCP connect apart from the answer): the
     * nanoseconds it took, or -1 when a kept-alive connection was already open.
     */
    long connectIfNeeded() throws IOException {
        if (socket != null) {
            return -1;
        }
        long start = System.nanoTime();
        try {
            connect();
        } catch (IOException e) {
            close();
            throw e;
        }
        return System.nanoTime() - start;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(60_000);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        out = socket.getOutputStream();
    }

    private Response read(boolean head) throws IOException {
        String statusLine = line();
        if (statusLine == null) {
            throw new IOException("connection closed before the status line");
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String l = line(); l != null && !l.isEmpty(); l = line()) {
            int colon = l.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(l.substring(colon + 1).trim());
            }
        }
        byte[] body;
        String te = first(headers, "transfer-encoding");
        String cl = first(headers, "content-length");
        if (head || status == 204 || status == 304 || (status >= 100 && status < 200)) {
            body = new byte[0];
        } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            var buf = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                if (size == null) {
                    throw new IOException("connection closed in a chunked body");
                }
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
                        // trailers: ignored
                    }
                    break;
                }
                buf.write(in.readNBytes(n));
                line(); // CRLF after the chunk
            }
            body = buf.toByteArray();
        } else if (cl != null) {
            int n = Integer.parseInt(cl);
            body = in.readNBytes(n);
            if (body.length < n) {
                throw new IOException("short body");
            }
        } else {
            body = in.readAllBytes(); // until close
            close();
        }
        String connection = first(headers, "connection");
        if (connection != null && connection.equalsIgnoreCase("close")) {
            close();
        }
        return new Response(status, headers, body);
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private final StringBuilder lineBuf = new StringBuilder(128);

    private String line() throws IOException {
        lineBuf.setLength(0);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = lineBuf.length();
                if (len > 0 && lineBuf.charAt(len - 1) == '\r') {
                    lineBuf.setLength(len - 1);
                }
                return lineBuf.toString();
            }
            lineBuf.append((char) c);
        }
        return lineBuf.isEmpty() ? null : lineBuf.toString();
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        socket = null;
        in = null;
        out = null;
    }
}
