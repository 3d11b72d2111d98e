package org.preau.documents.internal.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.stream.Stream;
import org.preau.documents.internal.DocumentsProperties;
import org.preau.documents.internal.safety.MalwareScanner;
import org.preau.documents.internal.safety.TypeDetector;
import org.preau.support.S3Proxy;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The two backends every storage test runs on: the local disk (a fresh directory) and S3 (a fresh bucket on the
 * tests' s3proxy), each behind a real {@link ContentStore} on the test database.
 */
final class StorageBackends {

    private StorageBackends() {}

    static Stream<String> names() {
        return Stream.of("local", "s3");
    }

    static BlobBackend backend(String name) throws IOException {
        if (name.equals("local")) {
            return new LocalBlobBackend(Files.createTempDirectory(Path.of("target"), "blobs-"));
        }
        var proxy = S3Proxy.get();
        var s3 = new S3BlobBackend(new DocumentsProperties.S3(
                proxy.endpoint(),
                "us-east-1",
                "t" + Long.toHexString(System.nanoTime()),
                S3Proxy.ACCESS_KEY,
                S3Proxy.SECRET_KEY,
                true,
                "blobs/"));
        s3.ensureBucket();
        return s3;
    }

    static ContentStore store(
            BlobBackend backend,
            JdbcClient jdbc,
            MalwareScanner scanner,
            ApplicationEventPublisher events,
            PlatformTransactionManager tx,
            Clock clock)
            throws IOException {
        Path staging = Files.createTempDirectory(Path.of("target"), "staging-");
        return new ContentStore(backend, staging, jdbc, scanner, new TypeDetector(), events, tx, clock);
    }

    static long count(BlobBackend backend) throws IOException {
        long[] n = {0};
        backend.forEach(h -> n[0]++);
        return n[0];
    }
}
