package org.preau.documents.internal.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.preau.documents.FileStore;
import org.preau.documents.internal.DocumentsProperties;
import org.preau.documents.internal.safety.MalwareScanner;
import org.preau.platform.PreauProperties;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The content-addressed store, on the local disk and on a real S3 endpoint (s3proxy), with the real database. */
@PreauIntegrationTest
class ContentStoreTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    MalwareScanner scanner;

    @Autowired
    Clock clock;

    private final Map<String, ContentStore> stores = new HashMap<>();

    static Stream<String> backends() {
        return StorageBackends.names();
    }

    ContentStore store(String backend) throws IOException {
        if (!stores.containsKey(backend)) {
            stores.put(
                    backend,
                    StorageBackends.store(
                            StorageBackends.backend(backend), jdbc, scanner, events, transactions, clock));
        }
        return stores.get(backend);
    }

    <T> T inTransaction(IoAction<T> action) {
        return new TransactionTemplate(transactions).execute(status -> {
            try {
                return action.run();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    interface IoAction<T> {
        T run() throws IOException;
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    long refs(String hash) {
        return jdbc.sql("select count(*) from documents_blob_ref where hash = ?")
                .param(hash)
                .query(Long.class)
                .single();
    }

    long blobRows(String hash) {
        return jdbc.sql("select count(*) from documents_blob where hash = ?")
                .param(hash)
                .query(Long.class)
                .single();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theSameContentIsStoredOnceUnderTwoReferences(String backend) throws Exception {
        var store = store(backend);
        byte[] content = random(300_000, 1 + backend.hashCode());
        var first = inTransaction(() -> store.write(new ByteArrayInputStream(content), 1_000_000));
        var second = inTransaction(() -> store.write(new ByteArrayInputStream(content), 1_000_000));
        assertThat(first.key()).isNotEqualTo(second.key());
        assertThat(first.sha256()).isEqualTo(second.sha256()).isEqualTo(sha256(content));
        assertThat(StorageBackends.count(store.backend())).isEqualTo(1);
        assertThat(refs(first.sha256())).isEqualTo(2);
        try (InputStream in = store.open(second.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRangeReadsOnlyThoseBytes(String backend) throws Exception {
        var store = store(backend);
        byte[] content = random(200_000, 2 + backend.hashCode());
        var stored = inTransaction(() -> store.write(new ByteArrayInputStream(content), 1_000_000));
        try (InputStream in = store.open(stored.key(), 1000, 5000)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(content, 1000, 6000));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFileOverTheLimitLeavesNeitherBytesNorRowsNorStagingFile(String backend) throws Exception {
        var store = store(backend);
        byte[] content = random(100_001, 3 + backend.hashCode());
        assertThatThrownBy(() -> inTransaction(() -> store.write(new ByteArrayInputStream(content), 100_000)))
                .hasCauseInstanceOf(FileStore.TooLarge.class);
        assertThat(StorageBackends.count(store.backend())).isZero();
        assertThat(blobRows(sha256(content))).isZero();
        assertThat(stagingFiles(store)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anUploadCutMidwayLeavesNothing(String backend) throws Exception {
        var store = store(backend);
        InputStream broken = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 150_000) {
                    return 'x';
                }
                throw new IOException("connection reset by peer");
            }
        };
        long refsBefore = allRefs();
        assertThatThrownBy(() -> inTransaction(() -> store.write(broken, 1_000_000)))
                .hasRootCauseMessage("connection reset by peer");
        assertThat(StorageBackends.count(store.backend())).isZero();
        assertThat(allRefs()).isEqualTo(refsBefore);
        assertThat(stagingFiles(store)).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRolledBackWriteTakesItsNewBlobAway(String backend) throws Exception {
        var store = store(backend);
        byte[] content = random(50_000, 4 + backend.hashCode());
        assertThatThrownBy(() -> inTransaction(() -> {
                    store.write(new ByteArrayInputStream(content), 1_000_000);
                    throw new IllegalStateException("the caller's next step failed");
                }))
                .isInstanceOf(IllegalStateException.class);
        assertThat(StorageBackends.count(store.backend())).isZero();
        assertThat(blobRows(sha256(content))).isZero();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aRolledBackWriteOfContentAlreadyStoredKeepsIt(String backend) throws Exception {
        var store = store(backend);
        byte[] content = random(50_000, 5 + backend.hashCode());
        var kept = inTransaction(() -> store.write(new ByteArrayInputStream(content), 1_000_000));
        assertThatThrownBy(() -> inTransaction(() -> {
                    store.write(new ByteArrayInputStream(content), 1_000_000);
                    throw new IllegalStateException("rolled back");
                }))
                .isInstanceOf(IllegalStateException.class);
        try (InputStream in = store.open(kept.key())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(refs(kept.sha256())).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void unreferencedBlobsGoAfterTheGracePeriodAndNotBefore(String backend) throws Exception {
        var store = store(backend);
        byte[] content = random(10_000, 6 + backend.hashCode());
        var stored = inTransaction(() -> store.write(new ByteArrayInputStream(content), 1_000_000));
        var copy = inTransaction(() -> store.copy(stored.key()));
        inTransaction(() -> {
            store.delete(stored.key());
            return null;
        });
        var patient = housekeeping(store, Duration.ofHours(1));
        var eager = housekeeping(store, Duration.ZERO);
        eager.sweep();
        assertThat(StorageBackends.count(store.backend()))
                .as("still referenced by the copy")
                .isEqualTo(1);
        inTransaction(() -> {
            store.delete(copy);
            return null;
        });
        patient.sweep();
        assertThat(StorageBackends.count(store.backend()))
                .as("within the grace period")
                .isEqualTo(1);
        eager.sweep();
        assertThat(StorageBackends.count(store.backend())).isZero();
        assertThat(blobRows(stored.sha256())).isZero();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void housekeepingRemovesOrphanedStagingFilesAndStrayBlobs(String backend) throws Exception {
        var store = store(backend);
        Path old = Files.writeString(store.stagingDirectory().resolve("upload-crashed.part"), "half an upload");
        Files.setLastModifiedTime(old, FileTime.from(clock.instant().minus(Duration.ofDays(2))));
        Path fresh = Files.writeString(store.stagingDirectory().resolve("upload-running.part"), "in progress");
        Path stray = Files.createTempFile(Path.of("target"), "stray-", ".bin");
        Files.writeString(stray, "bytes put just before a crash, never recorded");
        String hash = sha256(Files.readAllBytes(stray));
        store.backend().put(hash, stray, Files.size(stray));
        var swept = housekeeping(store, Duration.ofHours(1)).sweep();
        assertThat(swept.temporaries()).isEqualTo(1);
        assertThat(swept.strays()).isEqualTo(1);
        assertThat(Files.exists(old)).isFalse();
        assertThat(Files.exists(fresh)).isTrue();
        assertThat(store.backend().exists(hash)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void downloadsAnswerRangesConditionalRequestsAndSafeHeaders(String backend) throws Exception {
        var store = store(backend);
        byte[] content = "<html><script>alert(1)</script></html>".repeat(100).getBytes(StandardCharsets.UTF_8);
        var stored = inTransaction(() -> store.write(new ByteArrayInputStream(content), 1_000_000));
        var downloads = new HttpFileDownloads(store);

        var whole = new MockHttpServletResponse();
        downloads.send(
                new MockHttpServletRequest("GET", "/f"), whole, stored.key(), "page\".html\r\nX: y", "text/html", true);
        assertThat(whole.getStatus()).isEqualTo(200);
        assertThat(whole.getContentAsByteArray()).isEqualTo(content);
        assertThat(whole.getHeader("ETag")).isEqualTo("\"" + sha256(content) + "\"");
        assertThat(whole.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(whole.getHeader("Content-Security-Policy"))
                .contains("sandbox")
                .contains("default-src 'none'");
        assertThat(whole.getContentType()).isEqualTo("application/octet-stream");
        assertThat(whole.getHeader("Content-Disposition"))
                .startsWith("attachment; filename=\"page_.htmlX_ y\"")
                .doesNotContain("\r", "\n");

        var partial = new MockHttpServletResponse();
        var ranged = new MockHttpServletRequest("GET", "/f");
        ranged.addHeader("Range", "bytes=10-19");
        downloads.send(ranged, partial, stored.key(), "a.html", "text/html", false);
        assertThat(partial.getStatus()).isEqualTo(206);
        assertThat(partial.getHeader("Content-Range")).isEqualTo("bytes 10-19/" + content.length);
        assertThat(partial.getContentAsByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, 20));

        var suffix = new MockHttpServletResponse();
        var last = new MockHttpServletRequest("GET", "/f");
        last.addHeader("Range", "bytes=-5");
        downloads.send(last, suffix, stored.key(), "a.html", "text/html", false);
        assertThat(suffix.getContentAsByteArray())
                .isEqualTo(java.util.Arrays.copyOfRange(content, content.length - 5, content.length));

        var beyond = new MockHttpServletResponse();
        var outside = new MockHttpServletRequest("GET", "/f");
        outside.addHeader("Range", "bytes=" + content.length + "-");
        downloads.send(outside, beyond, stored.key(), "a.html", "text/html", false);
        assertThat(beyond.getStatus()).isEqualTo(416);

        var notModified = new MockHttpServletResponse();
        var conditional = new MockHttpServletRequest("GET", "/f");
        conditional.addHeader("If-None-Match", whole.getHeader("ETag"));
        downloads.send(conditional, notModified, stored.key(), "a.html", "text/html", false);
        assertThat(notModified.getStatus()).isEqualTo(304);
        assertThat(notModified.getContentAsByteArray()).isEmpty();

        var stale = new MockHttpServletResponse();
        var changed = new MockHttpServletRequest("GET", "/f");
        changed.addHeader("Range", "bytes=0-9");
        changed.addHeader("If-Range", "\"another\"");
        downloads.send(changed, stale, stored.key(), "a.html", "text/html", false);
        assertThat(stale.getStatus())
                .as("If-Range that does not match: the whole file")
                .isEqualTo(200);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void imagesMayShowInlineButSvgNever(String backend) throws Exception {
        var store = store(backend);
        var stored = inTransaction(() ->
                store.write(new ByteArrayInputStream("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes()), 1000));
        var downloads = new HttpFileDownloads(store);
        var svg = new MockHttpServletResponse();
        downloads.send(new MockHttpServletRequest("GET", "/f"), svg, stored.key(), "a.svg", "image/svg+xml", true);
        assertThat(svg.getHeader("Content-Disposition")).startsWith("attachment;");
        assertThat(svg.getContentType()).isEqualTo("application/octet-stream");
        var png = new MockHttpServletResponse();
        downloads.send(new MockHttpServletRequest("GET", "/f"), png, stored.key(), "a.png", "image/png", true);
        assertThat(png.getHeader("Content-Disposition")).startsWith("inline;");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void homeworkFilesOfTheOldLayoutMoveInUnderTheirOldKeysOnce(String backend) throws Exception {
        var store = store(backend);
        Path data = Files.createTempDirectory(Path.of("target"), "legacy-data-");
        UUID key = UUID.randomUUID();
        byte[] content = random(70_000, 7 + backend.hashCode());
        Path old = data.resolve("files/homework")
                .resolve(key.toString().substring(34, 36))
                .resolve(key.toString());
        Files.createDirectories(old.getParent());
        Files.write(old, content);
        Path leftover = Files.createDirectories(data.resolve("files/homework/tmp"))
                .resolve(UUID.randomUUID().toString());
        Files.writeString(leftover, "a temporary file of the old store");
        var preau = new PreauProperties(data, true, null, List.of(), false, List.of(), "");
        var migration = new LegacyHomeworkFiles(store, transactions, preau);

        assertThat(migration.migrate()).isEqualTo(1);
        assertThat(Files.exists(old)).isFalse();
        assertThat(Files.exists(leftover)).isFalse();
        try (InputStream in = store.open(key.toString())) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(migration.migrate()).as("a second start finds nothing to do").isZero();
        assertThat(refs(sha256(content))).isEqualTo(1);
    }

    private Housekeeping housekeeping(ContentStore store, Duration grace) {
        var properties = new DocumentsProperties("local", null, null, null, null, grace, Duration.ofHours(24));
        return new Housekeeping(store, jdbc, transactions, properties, clock);
    }

    private long allRefs() {
        return jdbc.sql("select count(*) from documents_blob_ref")
                .query(Long.class)
                .single();
    }

    private static List<Path> stagingFiles(ContentStore store) throws IOException {
        try (Stream<Path> files = Files.list(store.stagingDirectory())) {
            return files.toList();
        }
    }
}
