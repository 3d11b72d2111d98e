package org.preau.documents.internal.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import org.preau.documents.FileStore;
import org.preau.documents.internal.safety.MalwareScanner;
import org.preau.documents.internal.safety.TypeDetector;
import org.preau.identity.CurrentUser;
import org.preau.platform.Ids;
import org.preau.platform.audit.AuditEvent;
import org.preau.platform.web.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The content-addressed store behind {@link FileStore}. A write streams the upload to a staging file while hashing
 * it (SHA-256) and counting its bytes, scans it, detects its type from its bytes, then, under a PostgreSQL advisory
 * lock on the hash, records the blob and puts it in the backend unless it is already there, and records a new
 * reference. Rows and reference commit with the caller's transaction; if that rolls back, a blob this write put and
 * that nobody else has recorded is removed at once (under the same lock), so a refused or broken upload leaves
 * neither a row nor bytes (ADR 0035).
 */
public class ContentStore implements FileStore {

    private static final Logger log = LoggerFactory.getLogger(ContentStore.class);
    static final int HEAD = 8192;

    private final BlobBackend backend;
    private final Path staging;
    private final JdbcClient jdbc;
    private final MalwareScanner scanner;
    private final TypeDetector types;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate separate;
    private final Clock clock;

    public ContentStore(
            BlobBackend backend,
            Path staging,
            JdbcClient jdbc,
            MalwareScanner scanner,
            TypeDetector types,
            ApplicationEventPublisher events,
            PlatformTransactionManager transactions,
            Clock clock)
            throws IOException {
        this.backend = backend;
        this.staging = staging.toAbsolutePath();
        Files.createDirectories(this.staging);
        this.jdbc = jdbc;
        this.scanner = scanner;
        this.types = types;
        this.events = events;
        this.separate = new TransactionTemplate(transactions);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
    }

    public BlobBackend backend() {
        return backend;
    }

    public Path stagingDirectory() {
        return staging;
    }

    @Override
    public Stored write(InputStream content, long maxBytes) throws IOException {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Files are written inside a transaction only");
        }
        Path temp = Files.createTempFile(staging, "upload-", ".part");
        try {
            Staged staged = stage(content, temp, maxBytes);
            Optional<String> infection;
            try {
                infection = scanner.scan(temp);
            } catch (IOException e) {
                // Refused rather than let through unscanned, with a message saying it is not the file's fault.
                log.error("Documents: the malware scanner did not answer; upload refused: {}", e.toString());
                throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, "documents.scanner.unavailable")
                        .retryAfter(java.time.Duration.ofMinutes(1));
            }
            if (infection.isPresent()) {
                refuseInfected(infection.get(), staged);
            }
            String type = types.detect(temp);
            String key = record(staged, temp, type);
            return new Stored(key, staged.size(), staged.head(), staged.hash(), type);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Records blob and a new reference for a staged file. */
    String record(Staged staged, Path temp, String type) throws IOException {
        UUID key = Ids.newId();
        recordWithKey(staged, temp, type, key);
        return key.toString();
    }

    /** Records blob and the reference {@code key} (the legacy migration keeps homework's old keys). */
    void recordWithKey(Staged staged, Path temp, String type, UUID key) throws IOException {
        lock(staged.hash());
        int inserted = jdbc.sql("""
                        insert into documents_blob (hash, size_bytes, content_type, created_at)
                        values (?, ?, ?, ?) on conflict (hash) do nothing""")
                .params(staged.hash(), staged.size(), type, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        if (!backend.exists(staged.hash())) {
            backend.put(staged.hash(), temp, staged.size());
            if (inserted == 1 && TransactionSynchronizationManager.isSynchronizationActive()) {
                String hash = staged.hash();
                TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        if (status != STATUS_COMMITTED) {
                            removeIfUnrecorded(hash);
                        }
                    }
                });
            }
        }
        insertRef(key, staged.hash());
    }

    void insertRef(UUID key, String hash) {
        jdbc.sql("""
                        insert into documents_blob_ref (id, hash, created_at) values (?, ?, ?)
                        on conflict (id) do nothing""")
                .params(key, hash, clock.instant().atOffset(ZoneOffset.UTC))
                .update();
        jdbc.sql("update documents_blob set released_at = null where hash = ?")
                .param(hash)
                .update();
    }

    /** After a rollback: the blob goes unless another transaction recorded it meanwhile. */
    private void removeIfUnrecorded(String hash) {
        try {
            separate.executeWithoutResult(status -> {
                lock(hash);
                boolean recorded = jdbc.sql("select exists (select 1 from documents_blob where hash = ?)")
                        .param(hash)
                        .query(Boolean.class)
                        .single();
                if (!recorded) {
                    try {
                        backend.delete(hash);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("Documents: could not remove blob {} after a rollback; housekeeping will: {}", hash, e.toString());
        }
    }

    /** Serialises everything done to one hash across nodes, until the current transaction ends. */
    void lock(String hash) {
        jdbc.sql("select pg_advisory_xact_lock(hashtextextended(?, 9))")
                .param(hash)
                .query((rs, n) -> 1)
                .single();
    }

    private void refuseInfected(String signature, Staged staged) throws Infected {
        audit(signature, staged.hash());
        log.warn(
                "Documents: upload refused, malware {} found (sha256 {}, {} bytes)",
                signature,
                staged.hash(),
                staged.size());
        throw new Infected(signature);
    }

    /** Audited in its own transaction: the upload's own rolls back. */
    private void audit(String signature, String hash) {
        currentActor()
                .ifPresent(actor -> separate.executeWithoutResult(
                        status -> events.publishEvent(AuditEvent.of("documents.infected", actor, clock)
                                .with("signature", signature)
                                .with("sha256", hash))));
    }

    private static Optional<UUID> currentActor() {
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof CurrentUser user) {
            return Optional.of(user.accountId());
        }
        return Optional.empty();
    }

    /** Copies the stream to {@code temp}, hashing and counting; refuses past {@code maxBytes}. */
    static Staged stage(InputStream content, Path temp, long maxBytes) throws IOException {
        MessageDigest digest = sha256();
        byte[] head = new byte[0];
        long written = 0;
        try (InputStream in = content;
                OutputStream out = Files.newOutputStream(temp)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (head.length < HEAD) {
                    int take = Math.min(HEAD - head.length, n);
                    byte[] grown = Arrays.copyOf(head, head.length + take);
                    System.arraycopy(buffer, 0, grown, head.length, take);
                    head = grown;
                }
                written += n;
                if (written > maxBytes) {
                    throw new TooLarge();
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
        }
        return new Staged(HexFormat.of().formatHex(digest.digest()), written, head);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public InputStream open(String key) throws IOException {
        return backend.get(hashOf(key).orElseThrow(() -> new java.nio.file.NoSuchFileException(key)));
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        return backend.get(hashOf(key).orElseThrow(() -> new java.nio.file.NoSuchFileException(key)), offset, length);
    }

    @Override
    public Optional<Blob> describe(String key) {
        return parse(key)
                .flatMap(id -> jdbc.sql("""
                        select b.hash, b.size_bytes from documents_blob_ref r join documents_blob b on b.hash = r.hash
                        where r.id = ?""")
                        .param(id)
                        .query((rs, n) -> new Blob(rs.getString(1), rs.getLong(2)))
                        .optional());
    }

    private Optional<String> hashOf(String key) {
        return describe(key).map(Blob::sha256);
    }

    @Override
    public String copy(String key) {
        String hash = hashOf(key).orElseThrow(() -> new IllegalArgumentException("unknown file key"));
        UUID copy = Ids.newId();
        insertRef(copy, hash);
        return copy.toString();
    }

    @Override
    public void delete(String key) {
        parse(key)
                .ifPresent(id -> jdbc.sql("""
                        with gone as (delete from documents_blob_ref where id = ? returning hash)
                        update documents_blob set released_at = ? where hash in (select hash from gone)""")
                        .params(id, clock.instant().atOffset(ZoneOffset.UTC))
                        .update());
    }

    private static Optional<UUID> parse(String key) {
        try {
            return Optional.of(UUID.fromString(key));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    /** A staged upload: its hash, size and first bytes. */
    record Staged(String hash, long size, byte[] head) {}
}
