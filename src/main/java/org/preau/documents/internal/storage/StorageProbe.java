package org.preau.documents.internal.storage;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import org.preau.platform.PreauProperties;
import org.preau.status.FileStoreProbe;
import org.springframework.stereotype.Component;

/**
 * The status page's probe of the file store this deployment really uses (the local disk or the S3-compatible
 * service, whichever {@code preau.documents.storage} chose): a random 64-byte blob staged where uploads are staged,
 * stored through the backend, read back, compared and removed. A store that is gone, full, unreachable or
 * answering wrong bytes fails it; the status module then names the file storage and its operator.
 */
@Component
class StorageProbe implements FileStoreProbe {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final BlobBackend backend;
    private final Path staging;

    StorageProbe(BlobBackend backend, PreauProperties preau) {
        this.backend = backend;
        this.staging = StorageConfiguration.filesRoot(preau).resolve("tmp");
    }

    @Override
    public void writeAndRead() throws Exception {
        byte[] written = new byte[64];
        RANDOM.nextBytes(written);
        String hash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(written));
        // Not created here: a staging directory that vanished is a store that is gone.
        Path staged = Files.createTempFile(staging, "status-probe-", ".part");
        try {
            Files.write(staged, written);
            backend.put(hash, staged, written.length);
            byte[] read;
            try (InputStream in = backend.get(hash)) {
                read = in.readNBytes(written.length + 1);
            }
            if (!Arrays.equals(written, read)) {
                throw new IllegalStateException("the file store gave back other bytes");
            }
        } finally {
            Files.deleteIfExists(staged);
            backend.delete(hash);
        }
    }
}
