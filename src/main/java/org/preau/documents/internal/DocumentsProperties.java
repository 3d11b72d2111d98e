package org.preau.documents.internal;

import java.time.Duration;
import org.preau.identity.Profile;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Operator settings of the documents module, under {@code preau.documents.} ({@code PREAU_DOCUMENTS_...}).
 *
 * @param storage {@code local} (the default: files under the data directory) or {@code s3} (any S3-compatible
 *     service; several nodes then need no shared disk)
 * @param s3 the S3 endpoint, bucket and credentials when {@code storage=s3}
 * @param maxFileSize the largest single file of a personal space
 * @param quotas bytes per profile in a personal space
 * @param clamd the ClamAV daemon that scans every upload, when {@code host} is set
 * @param blobGrace how long bytes that nothing references wait before they are removed
 * @param tempGrace how long a temporary upload file may stay before it counts as orphaned by a crash
 */
@ConfigurationProperties("preau.documents")
public record DocumentsProperties(
        @DefaultValue("local") String storage,
        @DefaultValue S3 s3,
        @DefaultValue("50MB") DataSize maxFileSize,
        @DefaultValue Quotas quotas,
        @DefaultValue Clamd clamd,
        @DefaultValue("PT24H") Duration blobGrace,
        @DefaultValue("PT24H") Duration tempGrace) {

    /** The quota of a profile's personal space. */
    public long quotaBytes(Profile profile) {
        return switch (profile) {
            case PUPIL -> quotas.pupil().toBytes();
            case PARENT -> quotas.parent().toBytes();
            case TEACHER -> quotas.teacher().toBytes();
            case STAFF -> quotas.staff().toBytes();
            case ADMIN -> quotas.admin().toBytes();
        };
    }

    /** Bytes per profile ({@code preau.documents.quotas.pupil=500MB}...). */
    public record Quotas(
            @DefaultValue("500MB") DataSize pupil,
            @DefaultValue("100MB") DataSize parent,
            @DefaultValue("5GB") DataSize teacher,
            @DefaultValue("5GB") DataSize staff,
            @DefaultValue("1GB") DataSize admin) {}

    public boolean s3Storage() {
        return "s3".equalsIgnoreCase(storage);
    }

    /**
     * An S3-compatible endpoint. Path-style addressing by default: most self-hosted services (MinIO, Garage, Ceph,
     * s3proxy) expect it.
     */
    public record S3(
            @DefaultValue("") String endpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("preau") String bucket,
            @DefaultValue("") String accessKey,
            @DefaultValue("") String secretKey,
            @DefaultValue("true") boolean pathStyle,
            @DefaultValue("blobs/") String prefix) {}

    /** The ClamAV daemon, over TCP ({@code host}, {@code port}); off when {@code host} is empty. */
    public record Clamd(
            @DefaultValue("") String host,
            @DefaultValue("3310") int port,
            @DefaultValue("PT60S") Duration timeout,
            @DefaultValue("false") boolean required) {

        public boolean enabled() {
            return host != null && !host.isBlank();
        }
    }
}
