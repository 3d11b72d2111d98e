package org.preau.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.preau.messaging.internal.MessagingFixtures.group;
import static org.preau.messaging.internal.MessagingFixtures.message;
import static org.preau.messaging.internal.MessagingFixtures.school;
import static org.preau.messaging.internal.MessagingFixtures.to;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.RecipientGroup.Kind;
import org.preau.documents.DocumentRules;
import org.preau.documents.FileStore;
import org.preau.documents.internal.safety.ClamdScanner;
import org.preau.documents.internal.safety.TypeDetector;
import org.preau.documents.internal.storage.ContentStore;
import org.preau.documents.internal.storage.LocalBlobBackend;
import org.preau.identity.CurrentUser;
import org.preau.messaging.internal.Mail.AttachmentChanges;
import org.preau.messaging.internal.Mail.Upload;
import org.preau.messaging.internal.MessagingService.Mode;
import org.preau.platform.web.Problem;
import org.preau.support.Clamd;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.mock.web.MockPart;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Files attached to messages, kept by the documents module's store under its rules: once per message whatever the
 * number of recipients, downloaded only by the message's parties, refused with a clear message when the bytes are
 * not an accepted type or carry malware, and never half-written when a save or a send fails.
 */
@PreauIntegrationTest
class MessageAttachmentsTest {

    static final byte[] PDF_HEAD =
            "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MessagingService messaging;

    @Autowired
    ModerationService moderation;

    @Autowired
    MessageRepository repository;

    @Autowired
    FileStore store;

    @Autowired
    DocumentRules rules;

    @Autowired
    MockMvc mvc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    Clock clock;

    TestSchool school;

    @BeforeEach
    void setUp() {
        RealCsrf.restore(context);
        school = school(jdbc);
    }

    /** A small PDF unique to the test, so that its blob's references can be counted. */
    static byte[] pdf() {
        return (new String(PDF_HEAD, StandardCharsets.US_ASCII) + "% " + UUID.randomUUID() + "\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static Upload upload(String name, byte[] bytes) {
        return new Upload(name, bytes.length, () -> new ByteArrayInputStream(bytes));
    }

    static AttachmentChanges adding(Upload... uploads) {
        return new AttachmentChanges(List.of(uploads), List.of(), Optional.empty());
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    int references(byte[] bytes) throws Exception {
        return jdbc.sql("select count(*) from documents_blob_ref where hash = ?")
                .param(sha256(bytes))
                .query(Integer.class)
                .single();
    }

    int attachmentRows(UUID messageId) {
        return jdbc.sql("select count(*) from message_attachment where message_id = ?")
                .param(messageId)
                .query(Integer.class)
                .single();
    }

    int messagesWithSubject(CurrentUser sender, String subject) {
        return jdbc.sql("select count(*) from message where sender_id = ? and subject = ?")
                .params(sender.accountId(), subject)
                .query(Integer.class)
                .single();
    }

    static String keyOf(Throwable e) {
        var p = (Problem) e;
        return p.fields().isEmpty()
                ? p.key()
                : p.fields().values().iterator().next().key();
    }

    @Test
    void aGroupMessageStoresEachFileOnceAndEveryParentReadsTheSameBytes() throws Exception {
        byte[] bytes = pdf();
        String parents = group(school, Kind.PARENTS, school.classId);
        UUID draft = messaging.saveDraft(
                school.mathsTeacher,
                Optional.empty(),
                message("Sortie au planétarium", parents),
                adding(upload("autorisation.pdf", bytes)));
        var sent = messaging.send(school.mathsTeacher, draft);

        // One row and one reference for the message, however many parents receive it.
        int recipients = jdbc.sql("select count(*) from mailbox where message_id = ? and party = 'RECIPIENT'")
                .param(sent.id())
                .query(Integer.class)
                .single();
        assertThat(recipients).isPositive();
        assertThat(attachmentRows(sent.id())).isOne();
        assertThat(references(bytes)).isOne();

        var seen = messaging.openThread(school.parent, sent.id()).getLast();
        assertThat(seen.attachments()).singleElement().satisfies(a -> {
            assertThat(a.filename()).isEqualTo("autorisation.pdf");
            assertThat(a.contentType()).isEqualTo("application/pdf");
            assertThat(a.sizeBytes()).isEqualTo(bytes.length);
        });
        var file = messaging.attachment(
                school.parent, sent.id(), seen.attachments().getFirst().id());
        try (var in = store.open(file.storageKey())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void onlyTheSenderAndTheRecipientsDownloadAFileWhateverIdIsGuessed() throws Exception {
        byte[] bytes = pdf();
        var sent = messaging.sendNew(
                school.mathsTeacher, message("Bulletin", to(school.parent)), adding(upload("bulletin.pdf", bytes)));
        UUID file = sent.attachments().getFirst().id();
        String page = "/messagerie/messages/" + sent.id() + "/pieces/" + file;
        String api = "/api/v1/messages/" + sent.id() + "/attachments/" + file;
        for (CurrentUser party : List.of(school.parent, school.mathsTeacher)) {
            mvc.perform(get(page).with(as(party)))
                    .andExpect(status().isOk())
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(header().string("Content-Disposition", org.hamcrest.Matchers.startsWith("attachment")))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                            .bytes(bytes));
            mvc.perform(get(api).with(as(party))).andExpect(status().isOk());
        }
        for (CurrentUser stranger :
                List.of(school.pupil, school.otherPupil, school.head, school.historyTeacher, school(jdbc).parent)) {
            mvc.perform(get(page).with(as(stranger))).andExpect(status().isNotFound());
            mvc.perform(get(api).with(as(stranger)).accept("application/json")).andExpect(status().isNotFound());
            assertThatThrownBy(() -> messaging.attachment(stranger, sent.id(), file))
                    .isInstanceOf(Problem.class)
                    .satisfies(e -> assertThat(((Problem) e).status().value()).isEqualTo(404));
        }
        // A file id under another message one is a party to is not found either.
        var other = messaging.sendNew(school.mathsTeacher, message("Autre", to(school.parent)));
        mvc.perform(get("/messagerie/messages/" + other.id() + "/pieces/" + file)
                        .with(as(school.parent)))
                .andExpect(status().isNotFound());
        // A draft's files are its author's only.
        UUID draft = messaging.saveDraft(
                school.mathsTeacher,
                Optional.empty(),
                message("Brouillon", to(school.parent)),
                adding(upload("brouillon.pdf", pdf())));
        UUID draftFile = messaging
                .draft(school.mathsTeacher, draft)
                .attachments()
                .getFirst()
                .id();
        mvc.perform(get("/messagerie/messages/" + draft + "/pieces/" + draftFile)
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isOk());
        mvc.perform(get("/messagerie/messages/" + draft + "/pieces/" + draftFile)
                        .with(as(school.parent)))
                .andExpect(status().isNotFound());
    }

    @Test
    void aRefusedFileLeavesTheDraftAsItWasAndSaysWhy() throws Exception {
        byte[] html = ("<!DOCTYPE html><html><body><script>alert(1)</script>" + UUID.randomUUID() + "</body></html>")
                .getBytes(StandardCharsets.UTF_8);
        byte[] good = pdf();
        // A new draft with a good file and a page renamed .pdf: no draft, no file, no reference.
        assertThatThrownBy(() -> messaging.saveDraft(
                        school.mathsTeacher,
                        Optional.empty(),
                        message("Refusé", to(school.parent)),
                        adding(upload("cours.pdf", good), upload("devoir.pdf", html))))
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(keyOf(e)).isEqualTo("messaging.attachment.type"))
                .satisfies(e -> assertThat(((Problem) e).fields()).containsOnlyKeys("pieces"));
        assertThat(messagesWithSubject(school.mathsTeacher, "Refusé")).isZero();
        assertThat(references(good)).isZero();
        assertThat(references(html)).isZero();

        // An existing draft keeps its text and its files as they were.
        UUID draft = messaging.saveDraft(
                school.mathsTeacher,
                Optional.empty(),
                message("Avant", to(school.parent)),
                adding(upload("cours.pdf", good)));
        assertThatThrownBy(() -> messaging.saveDraft(
                        school.mathsTeacher,
                        Optional.of(draft),
                        message("Après", to(school.parent)),
                        adding(upload("devoir.pdf", html))))
                .isInstanceOf(Problem.class);
        var kept = messaging.draft(school.mathsTeacher, draft);
        assertThat(kept.subject()).isEqualTo("Avant");
        assertThat(kept.attachments()).extracting(Mail.Attachment::filename).containsExactly("cours.pdf");
        assertThat(references(good)).isOne();
        assertThat(references(html)).isZero();

        // Too many files, and an empty one, are refused by name.
        var eleven = new ArrayList<Upload>();
        for (int i = 0; i < MessageAttachments.MAX_FILES; i++) {
            eleven.add(upload("fiche-" + i + ".pdf", pdf()));
        }
        assertThatThrownBy(() -> messaging.changeAttachments(
                        school.mathsTeacher, draft, new AttachmentChanges(eleven, List.of(), Optional.empty())))
                .satisfies(e -> assertThat(keyOf(e)).isEqualTo("messaging.attachment.tooMany"));
        assertThatThrownBy(() -> messaging.changeAttachments(
                        school.mathsTeacher, draft, adding(upload("vide.pdf", new byte[0]))))
                .satisfies(e -> assertThat(keyOf(e)).isEqualTo("messaging.attachment.empty"));
        // A declared size above the documents' limit is refused before any byte is read.
        var huge = new Upload("film.mp4", rules.maxFileBytes() + 1, () -> {
            throw new AssertionError("read although too large");
        });
        assertThatThrownBy(() -> messaging.changeAttachments(school.mathsTeacher, draft, adding(huge)))
                .satisfies(e -> assertThat(keyOf(e)).isEqualTo("messaging.attachment.tooLarge"));
        assertThat(messaging.draft(school.mathsTeacher, draft).attachments()).hasSize(1);
    }

    @Test
    void theRefusalIsWrittenInFrenchOnTheFormAndInEnglishForTheApi() throws Exception {
        byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
        String page = mvc.perform(multipart("/messagerie/brouillons")
                        .file(new MockMultipartFile("pieces", "devoir.pdf", "application/pdf", html))
                        .param("sujet", "Devoir")
                        .param("message", "Le voici.")
                        .param("action", "joindre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page)
                .contains("« devoir.pdf » n’est pas d’un type accepté (son contenu est text/html)")
                .contains("value=\"Devoir\"");

        var json = new MockPart(
                "message",
                ("{\"subject\":\"Homework\",\"body\":\"Here it is\",\"targets\":[\"P:" + school.mathsTeacher.accountId()
                                + "\"]}")
                        .getBytes(StandardCharsets.UTF_8));
        json.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        mvc.perform(multipart("/api/v1/messages?lang=en")
                        .file(new MockMultipartFile("files", "homework.pdf", "application/pdf", html))
                        .part(json)
                        .accept("application/json")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isBadRequest())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.content()
                        .string(org.hamcrest.Matchers.containsString(
                                "“homework.pdf” is not of an accepted type (its content is text/html)")));
        assertThat(messagesWithSubject(school.pupil, "Homework")).isZero();
    }

    @Test
    void aSendRefusedAfterTheFilesWereStoredLeavesNothing() throws Exception {
        byte[] bytes = pdf();
        moderation.suspendAccount(school.head, school.schoolId, school.pupil.accountId(), "Enquête en cours");
        assertThatThrownBy(() -> messaging.sendNew(
                        school.pupil,
                        message("Avec pièce jointe", to(school.mathsTeacher)),
                        adding(upload("exposé.pdf", bytes))))
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).status().value()).isEqualTo(403));
        assertThat(messagesWithSubject(school.pupil, "Avec pièce jointe")).isZero();
        assertThat(references(bytes)).isZero();
        assertThat(jdbc.sql("""
                        select count(*) from message_attachment a join message m on m.id = a.message_id
                        where m.sender_id = ?""")
                        .param(school.pupil.accountId())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void aForwardCarriesTheFilesAndAReplyDoesNot() throws Exception {
        byte[] bytes = pdf();
        var sent = messaging.sendNew(
                school.mathsTeacher,
                message("Programme du trimestre", to(school.parent)),
                adding(upload("programme.pdf", bytes)));
        UUID forward = messaging.startDraft(school.parent, sent.id(), Mode.FORWARD, "Tr : ", "Message transféré");
        UUID reply = messaging.startDraft(school.parent, sent.id(), Mode.REPLY, "Re : ", "");
        var forwarded = messaging.draft(school.parent, forward);
        assertThat(forwarded.attachments())
                .extracting(Mail.Attachment::filename)
                .containsExactly("programme.pdf");
        assertThat(messaging.draft(school.parent, reply).attachments()).isEmpty();
        // A second reference to the same bytes, which the forward's author may download.
        assertThat(references(bytes)).isEqualTo(2);
        var copy = messaging.attachment(
                school.parent, forward, forwarded.attachments().getFirst().id());
        try (var in = store.open(copy.storageKey())) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        // Throwing the forward away drops its reference, not the original's.
        messaging.discardDraft(school.parent, forward);
        assertThat(references(bytes)).isOne();
        assertThat(messaging.openThread(school.parent, sent.id()).getLast().attachments())
                .hasSize(1);
    }

    @Test
    void theComposeFormAttachesAndRemovesFilesWithoutJavaScript() throws Exception {
        byte[] bytes = pdf();
        var saved = mvc.perform(multipart("/messagerie/brouillons")
                        .file(new MockMultipartFile("pieces", "sortie.pdf", "application/octet-stream", bytes))
                        .param("sujet", "Sortie")
                        .param("message", "Voici l’autorisation.")
                        .param("cibles", to(school.parent))
                        .param("action", "joindre")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection())
                .andReturn()
                .getResponse()
                .getRedirectedUrl();
        assertThat(saved).contains("fait=joint");
        UUID draft = UUID.fromString(saved.replaceAll(".*/brouillons/([0-9a-f-]{36}).*", "$1"));
        String page = mvc.perform(get("/messagerie/brouillons/" + draft).with(as(school.mathsTeacher)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("enctype=\"multipart/form-data\"").contains("sortie.pdf");
        UUID file = messaging
                .draft(school.mathsTeacher, draft)
                .attachments()
                .getFirst()
                .id();

        // A second file with the "Envoyer" button: saved with the draft, then sent.
        byte[] second = pdf();
        mvc.perform(multipart("/messagerie/brouillons/" + draft)
                        .file(new MockMultipartFile("pieces", "plan.pdf", "application/pdf", second))
                        .param("sujet", "Sortie")
                        .param("message", "Voici l’autorisation.")
                        .param("cibles", to(school.parent))
                        .param("action", "envoyer")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        String thread = mvc.perform(get("/messagerie/messages/" + draft).with(as(school.parent)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(thread)
                .contains("href=\"/messagerie/messages/" + draft + "/pieces/" + file + "\"")
                .contains("plan.pdf");

        // Ticking "retirer" removes a draft's file and its reference.
        byte[] dropped = pdf();
        UUID other = messaging.saveDraft(
                school.mathsTeacher,
                Optional.empty(),
                message("Autre", to(school.parent)),
                adding(upload("a-retirer.pdf", dropped)));
        UUID droppedId = messaging
                .draft(school.mathsTeacher, other)
                .attachments()
                .getFirst()
                .id();
        mvc.perform(multipart("/messagerie/brouillons/" + other)
                        .param("sujet", "Autre")
                        .param("message", "x")
                        .param("retirer-piece", droppedId.toString())
                        .param("action", "brouillon")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        assertThat(messaging.draft(school.mathsTeacher, other).attachments()).isEmpty();
        assertThat(references(dropped)).isZero();
    }

    @Test
    void theApiSendsFilesInOneRequestAndAddsThemToDrafts() throws Exception {
        byte[] bytes = pdf();
        var json = new MockPart(
                "message",
                ("{\"subject\":\"Fiche\",\"body\":\"Ci-jointe\",\"targets\":[\"P:" + school.parent.accountId() + "\"]}")
                        .getBytes(StandardCharsets.UTF_8));
        json.getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
        mvc.perform(multipart("/api/v1/messages")
                        .file(new MockMultipartFile("files", "fiche.pdf", "application/pdf", bytes))
                        .part(json)
                        .accept("application/json")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.attachments[0].filename").value("fiche.pdf"))
                .andExpect(jsonPath("$.attachments[0].contentType").value("application/pdf"))
                .andExpect(jsonPath("$.attachments[0].storageKey").doesNotExist());

        UUID draft = messaging.saveDraft(school.mathsTeacher, Optional.empty(), message("Brouillon API"));
        byte[] raw = pdf();
        mvc.perform(post("/api/v1/messages/drafts/" + draft + "/attachments")
                        .param("name", "annexe.pdf")
                        .contentType("application/octet-stream")
                        .content(raw)
                        .accept("application/json")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$[0].filename").value("annexe.pdf"));
        // Someone else's draft is not found.
        mvc.perform(post("/api/v1/messages/drafts/" + draft + "/attachments")
                        .param("name", "x.pdf")
                        .contentType("application/octet-stream")
                        .content(pdf())
                        .accept("application/json")
                        .with(csrf())
                        .with(as(school.parent)))
                .andExpect(status().isNotFound());

        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/messages/{messageId}/attachments/{attachmentId}'].get")
                        .exists())
                .andExpect(jsonPath("$.paths['/api/v1/messages/drafts/{draftId}/attachments'].post")
                        .exists())
                .andExpect(jsonPath("$.paths['/api/v1/messages'].post.requestBody.content['multipart/form-data']")
                        .exists());
    }

    @Test
    void anInfectedFileIsRefusedWithAClearMessage() throws Exception {
        var clamd = Clamd.get();
        Path root = Files.createTempDirectory(Path.of("target"), "messaging-scanned-");
        var scanning = new ContentStore(
                new LocalBlobBackend(root.resolve("blobs")),
                root.resolve("tmp"),
                jdbc,
                new ClamdScanner("127.0.0.1", clamd.port(), Duration.ofSeconds(30)),
                new TypeDetector(),
                events,
                transactions,
                clock);
        var attachments = new MessageAttachments(scanning, rules, repository, clock);
        UUID draft = messaging.saveDraft(school.pupil, Optional.empty(), message("Devoir", to(school.mathsTeacher)));
        var d = messaging.draft(school.pupil, draft);
        byte[] eicar = ("Devoir de maths\n" + Clamd.EICAR + "\n").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new TransactionTemplate(transactions)
                        .executeWithoutResult(s -> attachments.change(
                                d.schoolId(), d.id(), List.of(upload("devoir.txt", eicar)), List.of())))
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(keyOf(e)).isEqualTo("messaging.attachment.infected"));
        assertThat(attachmentRows(draft)).isZero();
        assertThat(references(eicar)).isZero();
    }
}
