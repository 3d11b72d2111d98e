package org.preau.documents.internal.space;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.CommunicationRules;
import org.preau.directory.Directory;
import org.preau.directory.Rights;
import org.preau.documents.FileStore;
import org.preau.documents.internal.DocumentsProperties;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.unit.DataSize;

/** Personal spaces and shares against the real database: who may read what, quotas, refusals that leave nothing. */
@PreauIntegrationTest
class SpaceTest {

    static final byte[] PDF =
            "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SpaceService spaces;

    @Autowired
    SpaceRepository repository;

    @Autowired
    FileStore store;

    @Autowired
    Directory directory;

    @Autowired
    Rights rights;

    @Autowired
    CommunicationRules rules;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    TestSchool school;

    @BeforeEach
    void school() {
        school = TestSchool.create(jdbc);
    }

    Node upload(CurrentUser user, Optional<UUID> folder, String name, byte[] bytes) {
        return spaces.upload(user, folder, name, bytes.length, new ByteArrayInputStream(bytes));
    }

    static byte[] pdf(String marker) {
        return (new String(PDF, StandardCharsets.US_ASCII) + "% " + marker + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void nobodyDownloadsAFileTheyCannotSeeWhateverIdTheyGuess() throws Exception {
        var folder = spaces.createFolder(school.mathsTeacher, Optional.empty(), "Chapitre 1");
        var file = upload(school.mathsTeacher, Optional.of(folder.id()), "cours.pdf", pdf("secret"));
        for (var other :
                java.util.List.of(school.pupil, school.otherPupil, school.parent, school.historyTeacher, school.head)) {
            mvc.perform(get("/documents/fichiers/" + file.id()).with(as(other))).andExpect(status().isNotFound());
            mvc.perform(get("/api/v1/documents/" + file.id() + "/content").with(as(other)))
                    .andExpect(status().isNotFound());
            mvc.perform(get("/documents/partages/" + folder.id()).with(as(other)))
                    .andExpect(status().isNotFound());
        }
        mvc.perform(get("/documents/fichiers/" + UUID.randomUUID()).with(as(school.mathsTeacher)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/documents/fichiers/" + file.id()).with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andExpect(content().bytes(pdf("secret")));

        // Shared with one pupil through its folder: that pupil reads it, the rest of the class still does not.
        spaces.share(school.mathsTeacher, folder.id(), "PERSON", school.pupil.accountId());
        mvc.perform(get("/documents/fichiers/" + file.id()).with(as(school.pupil)))
                .andExpect(status().isOk())
                .andExpect(content().bytes(pdf("secret")));
        mvc.perform(get("/documents/fichiers/" + file.id()).with(as(school.otherPupil)))
                .andExpect(status().isNotFound());
        assertThat(spaces.sharedWithMe(school.pupil)).extracting(Node::id).containsExactly(folder.id());
        assertThat(spaces.sharedWithMe(school.otherPupil)).isEmpty();

        // Read-only: the pupil cannot rename, move, trash or share it.
        assertThatThrownBy(() -> spaces.rename(school.pupil, file.id(), "x.pdf"))
                .isInstanceOf(Problem.class);
        assertThatThrownBy(() -> spaces.trash(school.pupil, file.id())).isInstanceOf(Problem.class);
        assertThatThrownBy(() -> spaces.share(school.pupil, file.id(), "PERSON", school.otherPupil.accountId()))
                .isInstanceOf(Problem.class);

        // In the trash, a share answers nothing any more.
        spaces.trash(school.mathsTeacher, folder.id());
        mvc.perform(get("/documents/fichiers/" + file.id()).with(as(school.pupil)))
                .andExpect(status().isNotFound());
        assertThat(spaces.sharedWithMe(school.pupil)).isEmpty();
    }

    @Test
    void aClassShareReachesItsPupilsAndOnlyThem() throws Exception {
        var file = upload(school.mathsTeacher, Optional.empty(), "fiche.pdf", pdf("classe"));
        spaces.share(school.mathsTeacher, file.id(), "CLASS", school.classId);
        mvc.perform(get("/documents/fichiers/" + file.id()).with(as(school.pupil)))
                .andExpect(status().isOk());
        mvc.perform(get("/documents/fichiers/" + file.id()).with(as(school.otherPupil)))
                .andExpect(status().isOk());
        mvc.perform(get("/documents/fichiers/" + file.id()).with(as(school.parent)))
                .andExpect(status().isNotFound());
        var elsewhere = TestSchool.create(jdbc);
        mvc.perform(get("/documents/fichiers/" + file.id()).with(as(elsewhere.pupil)))
                .andExpect(status().isNotFound());
        // A teacher shares only with what they teach; another school's class is out of reach.
        assertThatThrownBy(() -> spaces.share(school.mathsTeacher, file.id(), "GROUP", school.groupId))
                .isInstanceOf(Problem.class);
        assertThatThrownBy(() -> spaces.share(school.mathsTeacher, file.id(), "CLASS", elsewhere.classId))
                .isInstanceOf(Problem.class);
    }

    @Test
    void sharesFollowTheCommunicationRules() {
        var note = upload(school.pupil, Optional.empty(), "notes.txt", "mes notes".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> spaces.share(school.pupil, note.id(), "PERSON", school.otherPupil.accountId()))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).fields().get("target").key())
                .isEqualTo("documents.share.notAllowed");
        assertThatThrownBy(() -> spaces.share(school.pupil, note.id(), "CLASS", school.classId))
                .isInstanceOf(Problem.class);
        spaces.share(school.pupil, note.id(), "PERSON", school.mathsTeacher.accountId());
        assertThat(spaces.sharedWithMe(school.mathsTeacher))
                .extracting(Node::id)
                .contains(note.id());
    }

    @Test
    void foldersRenameMoveTrashAndRestore() {
        var t = school.historyTeacher;
        var a = spaces.createFolder(t, Optional.empty(), "A");
        var b = spaces.createFolder(t, Optional.empty(), "B");
        var file = upload(t, Optional.of(a.id()), "plan.txt", "plan".getBytes(StandardCharsets.UTF_8));
        spaces.move(t, file.id(), Optional.of(b.id()));
        spaces.rename(t, file.id(), "plan du cours.txt");
        assertThat(spaces.list(t, Optional.of(b.id())).children())
                .extracting(Node::name)
                .containsExactly("plan du cours.txt");
        assertThat(spaces.list(t, Optional.of(a.id())).children()).isEmpty();
        assertThatThrownBy(() -> spaces.move(t, b.id(), Optional.of(b.id()))).isInstanceOf(Problem.class);
        var inner = spaces.createFolder(t, Optional.of(b.id()), "dedans");
        assertThatThrownBy(() -> spaces.move(t, b.id(), Optional.of(inner.id())))
                .as("not below itself")
                .isInstanceOf(Problem.class);
        assertThatThrownBy(() -> spaces.createFolder(t, Optional.empty(), "a"))
                .as("names are unique per folder, whatever the case")
                .isInstanceOf(Problem.class);

        spaces.trash(t, b.id());
        assertThat(spaces.list(t, Optional.empty()).children())
                .extracting(Node::name)
                .containsExactly("A");
        assertThat(spaces.trash(t)).extracting(Node::name).containsExactly("B");
        long used = spaces.usage(t).usedBytes();
        assertThat(used).as("the trash counts until purged").isEqualTo(4);
        spaces.restore(t, b.id());
        assertThat(spaces.list(t, Optional.of(b.id())).children())
                .extracting(Node::name)
                .containsExactly("dedans", "plan du cours.txt");
        spaces.trash(t, b.id());
        spaces.purge(t, b.id());
        assertThat(spaces.usage(t).usedBytes()).isZero();
        assertThat(spaces.trash(t)).isEmpty();
    }

    @Test
    void theTypeIsTakenFromTheContentAndHtmlIsRefused() {
        byte[] html = "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>".getBytes();
        assertThatThrownBy(() -> upload(school.pupil, Optional.empty(), "devoir.pdf", html))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).fields().get("file").key())
                .isEqualTo("documents.file.type");
        byte[] exe = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, (byte) 0xff, (byte) 0xff, 0, 0};
        assertThatThrownBy(() -> upload(school.pupil, Optional.empty(), "photo.png", exe))
                .isInstanceOf(Problem.class);
        var pdf = upload(school.pupil, Optional.empty(), "sans-extension", pdf("typed"));
        assertThat(pdf.contentType()).isEqualTo("application/pdf");
    }

    /** A space service whose pupils have 100 KB, files up to 80 KB. */
    SpaceService small() {
        var quotas = new DocumentsProperties.Quotas(
                DataSize.ofKilobytes(100),
                DataSize.ofKilobytes(100),
                DataSize.ofKilobytes(100),
                DataSize.ofKilobytes(100),
                DataSize.ofKilobytes(100));
        var properties = new DocumentsProperties(
                "local", null, DataSize.ofKilobytes(80), quotas, null, Duration.ofHours(24), Duration.ofHours(24));
        return new SpaceService(repository, store, directory, rights, rules, properties, clock);
    }

    <T> T tx(java.util.function.Supplier<T> work) {
        return new TransactionTemplate(transactions).execute(status -> work.get());
    }

    long nodes(CurrentUser user) {
        return jdbc.sql("select count(*) from documents_node where owner_id = ?")
                .param(user.accountId())
                .query(Long.class)
                .single();
    }

    long blobs() {
        return jdbc.sql("select count(*) from documents_blob").query(Long.class).single();
    }

    @Test
    void aQuotaExceededSaysSoAndLeavesNoRecordAndNoBlob() {
        var small = small();
        byte[] first = pad(pdf("first"), 60 * 1024);
        tx(() -> small.upload(school.pupil, Optional.empty(), "a.pdf", first.length, new ByteArrayInputStream(first)));
        long blobsBefore = blobs();
        byte[] second = pad(pdf("second"), 60 * 1024);
        // Declared honestly: refused before a byte is read.
        assertThatThrownBy(() -> tx(() -> small.upload(
                        school.pupil, Optional.empty(), "b.pdf", second.length, new ByteArrayInputStream(second))))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).fields().get("file").key())
                .isEqualTo("documents.file.quota");
        // Declared falsely small (a client that lies): refused as the bytes pass the quota.
        assertThatThrownBy(() -> tx(() ->
                        small.upload(school.pupil, Optional.empty(), "c.pdf", 10, new ByteArrayInputStream(second))))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).fields().get("file").key())
                .isEqualTo("documents.file.quota");
        assertThat(nodes(school.pupil)).isEqualTo(1);
        assertThat(blobs()).isEqualTo(blobsBefore);
        assertThat(small.usage(school.pupil).usedBytes()).isEqualTo(first.length);
    }

    @Test
    void anInterruptedUploadLeavesNoRecordAndNoBlob() {
        long blobsBefore = blobs();
        InputStream broken = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent < PDF.length) {
                    return PDF[sent++];
                }
                if (sent++ < 200_000) {
                    return ' ';
                }
                throw new IOException("connection reset by peer");
            }
        };
        assertThatThrownBy(() -> spaces.upload(school.pupil, Optional.empty(), "gros.pdf", 1_000_000, broken))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).fields().get("file").key())
                .isEqualTo("documents.upload.broken");
        assertThat(nodes(school.pupil)).isZero();
        assertThat(blobs()).isEqualTo(blobsBefore);
        assertThat(spaces.usage(school.pupil).usedBytes()).isZero();
    }

    @Test
    void quotaFiguresAreExact() {
        var t = school.mathsTeacher;
        byte[] one = pad(pdf("one"), 12_345);
        byte[] two = pad(pdf("two"), 54_321);
        upload(t, Optional.empty(), "1.pdf", one);
        var second = upload(t, Optional.empty(), "2.pdf", two);
        upload(t, Optional.empty(), "copie.pdf", one); // the same bytes again: stored once, counted twice
        assertThat(spaces.usage(t).usedBytes()).isEqualTo(12_345 + 54_321 + 12_345);
        assertThat(spaces.usage(t).quotaBytes())
                .isEqualTo(DataSize.ofGigabytes(5).toBytes());
        assertThat(spaces.usage(school.pupil).quotaBytes())
                .isEqualTo(DataSize.ofMegabytes(500).toBytes());
        spaces.trash(t, second.id());
        spaces.purge(t, second.id());
        assertThat(spaces.usage(t).usedBytes()).isEqualTo(12_345 * 2);
    }

    @Test
    void thePageUploadsAndShowsTheQuotaBar() throws Exception {
        mvc.perform(multipart("/documents/televerser")
                        .file(new MockMultipartFile("file", "exposé.pdf", "application/pdf", pdf("page")))
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        var page = mvc.perform(get("/documents").with(as(school.pupil)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("exposé.pdf").contains("<progress id=\"quota-bar\"");
        byte[] html = "<html><script>alert(1)</script></html>".getBytes();
        var refused = mvc.perform(multipart("/documents/televerser")
                        .file(new MockMultipartFile("file", "x.pdf", "application/pdf", html))
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(refused).contains("n’est pas d’un type accepté");
        mvc.perform(post("/documents/dossiers")
                        .param("name", "Maths")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
    }

    @Test
    void theApiStreamsAnUploadServesItToItsOwnerOnlyAndIsDescribed() throws Exception {
        byte[] bytes = pdf("api");
        String created = mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put(
                                "/api/v1/documents/content")
                        .param("name", "rapport.pdf")
                        .content(bytes)
                        .contentType("application/octet-stream")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isCreated())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(created).contains("\"name\":\"rapport.pdf\"").contains("\"contentType\":\"application/pdf\"");
        UUID id = UUID.fromString(created.replaceAll(".*\"id\":\"([0-9a-f-]{36})\".*", "$1"));
        mvc.perform(get("/api/v1/documents/" + id + "/content").with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andExpect(content().bytes(bytes));
        mvc.perform(get("/api/v1/documents/" + id + "/content").with(as(school.pupil)))
                .andExpect(status().isNotFound())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .contentTypeCompatibleWith("application/problem+json"));
        assertThat(mvc.perform(get("/api/v1/documents").with(as(school.mathsTeacher)))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("rapport.pdf")
                .contains("\"usedBytes\":" + bytes.length);
        assertThat(mvc.perform(get("/v3/api-docs"))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .contains("/api/v1/documents/content", "/api/v1/documents/{nodeId}/shares", "/api/v1/documents/shared");
    }

    static byte[] pad(byte[] start, int size) {
        byte[] out = java.util.Arrays.copyOf(start, size);
        java.util.Arrays.fill(out, start.length, size, (byte) ' ');
        return out;
    }
}
