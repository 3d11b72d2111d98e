package org.preau.documents.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code <root>/ab/cd/<hash>}: two levels of fan-out keep directories small. A blob is moved
 * into place atomically from the staging directory, which must be on the same file system.
 */
public final class LocalBlobBackend implements BlobBackend {

    private final Path root;

    public LocalBlobBackend(Path root) throws IOException {
        this.root = root.toAbsolutePath();
        Files.createDirectories(this.root);
    }

    Path pathOf(String hash) {
        BlobBackend.checkHash(hash);
        return root.resolve(hash.substring(0, 2)).resolve(hash.substring(2, 4)).resolve(hash);
    }

    @Override
    public boolean exists(String hash) {
        return Files.isRegularFile(pathOf(hash));
    }

    @Override
    public void put(String hash, Path staged, long size) throws IOException {
        Path target = pathOf(hash);
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            Path near = target.resolveSibling(hash + ".part");
            Files.copy(staged, near, StandardCopyOption.REPLACE_EXISTING);
            Files.move(near, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Override
    public InputStream get(String hash) throws IOException {
        return Files.newInputStream(pathOf(hash));
    }

    @Override
    public InputStream get(String hash, long offset, long length) throws IOException {
        FileChannel channel = FileChannel.open(pathOf(hash), StandardOpenOption.READ);
        channel.position(offset);
        return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public void delete(String hash) throws IOException {
        try {
            Files.deleteIfExists(pathOf(hash));
        } catch (NoSuchFileException ignored) {
            // already gone
        }
    }

    @Override
    public void forEach(Consumer<String> hash) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("[0-9a-f]{64}"))
                    .forEach(hash);
        }
    }

    @Override
    public String name() {
        return "local";
    }

    /** At most {@code remaining} bytes of a stream, closing it when closed. */
    static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }
}
