package org.preau.documents.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.preau.documents.internal.DocumentsProperties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Blobs as objects {@code <prefix><hash>} in one bucket of any S3-compatible service (AWS, OVHcloud, Scaleway,
 * MinIO, Garage, Ceph...): only the common core of the protocol is used (PUT from a file, GET with a range, HEAD,
 * DELETE, LIST), path-style by default. A PUT is atomic in S3, so a reader never sees part of a blob.
 */
public final class S3BlobBackend implements BlobBackend, AutoCloseable {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    public S3BlobBackend(DocumentsProperties.S3 settings) {
        var builder = S3Client.builder()
                .region(Region.of(settings.region()))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .checksumValidationEnabled(false)
                        .build());
        if (!settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        if (!settings.accessKey().isBlank()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
    }

    /** Creates the bucket if it does not exist (a fresh MinIO or s3proxy); an existing one is left as it is. */
    public void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(bucket));
        } catch (S3Exception missing) {
            try {
                s3.createBucket(b -> b.bucket(bucket));
            } catch (BucketAlreadyOwnedByYouException ignored) {
                // created meanwhile by another node
            }
        }
    }

    private String key(String hash) {
        BlobBackend.checkHash(hash);
        return prefix + hash;
    }

    @Override
    public boolean exists(String hash) throws IOException {
        try {
            s3.headObject(b -> b.bucket(bucket).key(key(hash)));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException(e);
        }
    }

    @Override
    public void put(String hash, Path staged, long size) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key(hash)).contentLength(size), RequestBody.fromFile(staged));
        } catch (S3Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public InputStream get(String hash) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key(hash)));
        } catch (S3Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public InputStream get(String hash, long offset, long length) throws IOException {
        if (length <= 0) {
            return InputStream.nullInputStream();
        }
        try {
            return s3.getObject(
                    b -> b.bucket(bucket).key(key(hash)).range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (S3Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void delete(String hash) throws IOException {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(key(hash)));
        } catch (S3Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public void forEach(Consumer<String> hash) throws IOException {
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix))
                    .contents()
                    .forEach(o -> {
                        String name = o.key().substring(prefix.length());
                        if (name.matches("[0-9a-f]{64}")) {
                            hash.accept(name);
                        }
                    });
        } catch (S3Exception e) {
            throw new IOException(e);
        }
    }

    @Override
    public String name() {
        return "s3";
    }

    @Override
    public void close() {
        s3.close();
    }
}
