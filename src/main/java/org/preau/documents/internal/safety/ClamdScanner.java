package org.preau.documents.internal.safety;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * ClamAV's daemon over its INSTREAM protocol: {@code zINSTREAM\0}, then chunks each prefixed by their length (4
 * bytes, big-endian), then a zero length; clamd answers {@code stream: OK} or {@code stream: <signature> FOUND}. The
 * file is streamed from the staging disk in 64 KiB chunks, never read whole. A small client rather than a library:
 * the protocol is these few lines, and it keeps Kotlin's runtime out of the server (ADR 0037).
 */
public final class ClamdScanner implements MalwareScanner {

    private static final int CHUNK = 64 * 1024;
    private final String host;
    private final int port;
    private final Duration timeout;

    public ClamdScanner(String host, int port, Duration timeout) {
        this.host = host;
        this.port = port;
        this.timeout = timeout;
    }

    @Override
    public boolean enabled() {
        return true;
    }

    @Override
    public Optional<String> scan(Path file) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(timeout.toMillis(), 10_000));
            socket.setSoTimeout((int) timeout.toMillis());
            var out = new DataOutputStream(socket.getOutputStream());
            out.write("zINSTREAM\0".getBytes(StandardCharsets.US_ASCII));
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buffer = new byte[CHUNK];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.writeInt(n);
                    out.write(buffer, 0, n);
                }
            }
            out.writeInt(0);
            out.flush();
            String answer = new String(socket.getInputStream().readNBytes(4096), StandardCharsets.US_ASCII)
                    .replace("\0", "")
                    .strip();
            return parse(answer);
        }
    }

    /** {@code stream: OK} is clean; {@code stream: Name FOUND} is infected; anything else is an error. */
    static Optional<String> parse(String answer) throws IOException {
        if (answer.endsWith(" OK") || answer.equals("stream: OK")) {
            return Optional.empty();
        }
        if (answer.endsWith(" FOUND")) {
            String body = answer.substring(answer.indexOf(':') + 1, answer.length() - " FOUND".length());
            return Optional.of(body.strip());
        }
        throw new IOException("clamd answered: " + answer);
    }
}
