package org.preau.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Attack A4: slow clients. Keeps up to {@code count} connections open to the loopback server and sends a request's
 * headers one byte at a time, never finishing them, for {@code seconds}. Bounded in count and time, loopback only.
 * A connection the server closes is counted and reopened.
 */
final class SlowClients implements Runnable {

    private final int port;
    private final int count;
    private final long endAt;
    private final Recorder recorder = Recorder.INSTANCE;

    SlowClients(int port, int count, int seconds) {
        this.port = port;
        this.count = count;
        this.endAt = System.currentTimeMillis() + seconds * 1000L;
    }

    private static final byte[] HEADERS = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUser-Agent: slow\r\n"
                    + "Accept: text/html\r\nX-Padding: " + "a".repeat(4000) + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private final class Conn {
        Socket socket;
        OutputStream os;
        int sent;

        void open() throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            socket.setSoTimeout(1);
            os = socket.getOutputStream();
            sent = 0;
            recorder.count("a4.connections_opened");
        }

        void step() {
            try {
                if (socket == null || socket.isClosed()) {
                    open();
                }
                os.write(HEADERS[sent % HEADERS.length]);
                os.flush();
                sent++;
                recorder.count("a4.bytes_sent");
            } catch (IOException e) {
                recorder.count("a4.connections_closed_by_server");
                close();
            }
        }

        void close() {
            try {
                if (socket != null) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }

    @Override
    public void run() {
        List<Conn> conns = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            conns.add(new Conn());
        }
        // Open gradually (a few per 100 ms), then trickle one byte per connection every ~2 s.
        while (System.currentTimeMillis() < endAt && !Thread.currentThread().isInterrupted()) {
            long roundStart = System.currentTimeMillis();
            for (Conn c : conns) {
                if (System.currentTimeMillis() >= endAt) {
                    break;
                }
                c.step();
            }
            long rest = 2000 - (System.currentTimeMillis() - roundStart);
            if (rest > 0) {
                try {
                    Thread.sleep(rest);
                } catch (InterruptedException e) {
                    break;
                }
            }
        }
        conns.forEach(Conn::close);
    }
}
