package org.preau.documents.internal.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.preau.documents.internal.DocumentsProperties;
import org.preau.documents.internal.safety.MalwareScanner;
import org.preau.documents.internal.safety.TypeDetector;
import org.preau.platform.PreauProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Picks the blob backend from {@code preau.documents.storage}: {@code local} (files under
 * {@code <data-dir>/files/blobs}) or {@code s3}. Uploads are staged under {@code <data-dir>/files/tmp} in both cases
 * (for the local backend the same disk, so that a blob is moved into place, not copied).
 */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    static Path filesRoot(PreauProperties preau) {
        return preau.dataDir().resolve("files").toAbsolutePath();
    }

    @Bean(destroyMethod = "")
    BlobBackend blobBackend(DocumentsProperties properties, PreauProperties preau) throws IOException {
        if (properties.s3Storage()) {
            var s3 = new S3BlobBackend(properties.s3());
            s3.ensureBucket();
            log.info(
                    "Documents: blobs in S3 bucket {} at {}",
                    properties.s3().bucket(),
                    properties.s3().endpoint().isBlank()
                            ? "the provider's default endpoint"
                            : properties.s3().endpoint());
            return s3;
        }
        if (!"local".equalsIgnoreCase(properties.storage())) {
            throw new IllegalStateException("preau.documents.storage is local or s3, not " + properties.storage());
        }
        return new LocalBlobBackend(filesRoot(preau).resolve("blobs"));
    }

    @Bean
    ContentStore contentStore(
            BlobBackend backend,
            PreauProperties preau,
            JdbcClient jdbc,
            MalwareScanner scanner,
            TypeDetector types,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock)
            throws IOException {
        return new ContentStore(
                backend, filesRoot(preau).resolve("tmp"), jdbc, scanner, types, events, transactions, clock);
    }
}
