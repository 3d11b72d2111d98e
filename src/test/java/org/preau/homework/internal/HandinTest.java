package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.EntryDraft;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.homework.internal.files.Upload;
import org.preau.homework.internal.handins.Handin;
import org.preau.homework.internal.handins.HandinService;
import org.preau.platform.SchoolTime;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;

/** Hand-ins: deadlines held by the server, privacy between pupils, and uploads that fail leaving nothing. */
@PreauIntegrationTest
class HandinTest {

    static final byte[] PDF = "%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    EntryService entries;

    @Autowired
    HandinService handins;

    @Autowired
    org.preau.documents.FileStore files;

    @Autowired
    Clock clock;

    TestSchool school;
    LocalDate today;

    @BeforeEach
    void setUp() {
        school = TestSchool.create(jdbc);
        today = EntryService.today(clock);
    }

    Work work(EntryDraft.WorkDraft w, LocalDate lesson) {
        return entries.create(school.mathsTeacher, Fixtures.draft(school.classId, school.mathsId, lesson, "Séance", w))
                .works()
                .getFirst();
    }

    /** Due two days ago, hard cut-off yesterday at noon: closed. */
    Work closedWork() {
        var cutoff = today.minusDays(1).atTime(12, 0).atZone(SchoolTime.ZONE).toInstant();
        return work(Fixtures.handIn("Rédaction", today.minusDays(2), Optional.of(cutoff)), today.minusDays(3));
    }

    @Test
    void hardCutoffIsEnforcedOnEveryPath() throws Exception {
        Work w = closedWork();
        assertThatThrownBy(() -> handins.save(school.pupil, w.id(), "trop tard", List.of(), true))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).key())
                .isEqualTo("homework.handin.closed");
        assertThatThrownBy(() -> handins.save(school.pupil, w.id(), "brouillon tardif", List.of(), false))
                .isInstanceOf(Problem.class);
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .param("texte", "trop tard")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isConflict());
        assertThat(handinRows(w.id())).isZero();
        // The page says so and offers no form.
        String page = mvc.perform(get("/travail/" + w.id()).with(as(school.pupil)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("plus possible de rendre").doesNotContain("action=\"/travail/" + w.id() + "/depot\"");
    }

    @Test
    void submissionAfterTheDueTimeIsFlaggedLateAndMissingOnesShow() throws Exception {
        Work past = work(Fixtures.handIn("Exposé", today.minusDays(1), Optional.empty()), today.minusDays(2));
        Handin h = handins.save(school.pupil, past.id(), "Mon exposé", List.of(), true);
        assertThat(h.status()).isEqualTo(Handin.Status.SUBMITTED);
        assertThat(h.late()).isTrue();
        var board = handins.board(school.mathsTeacher, past.id());
        assertThat(board.rows())
                .extracting(r -> r.pupil().accountId(), HandinService.BoardRow::state)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(school.pupil.accountId(), HandinService.State.LATE),
                        org.assertj.core.groups.Tuple.tuple(
                                school.otherPupil.accountId(), HandinService.State.MISSING));

        Work future = work(Fixtures.handInAt("Exercice", today.plusDays(2), LocalTime.of(8, 0)), today);
        assertThat(handins.save(school.pupil, future.id(), "Fini", List.of(), true)
                        .late())
                .isFalse();
        handins.save(school.otherPupil, future.id(), "En cours", List.of(), false);
        assertThat(handins.board(school.mathsTeacher, future.id()).rows())
                .extracting(HandinService.BoardRow::state)
                .containsExactlyInAnyOrder(HandinService.State.SUBMITTED, HandinService.State.DRAFT);
    }

    @Test
    void anExtensionOpensTheWorkForOnePupilOnly() throws Exception {
        Work w = closedWork();
        mvc.perform(post("/travail/" + w.id() + "/prolongation")
                        .param("eleve", school.pupil.accountId().toString())
                        .param("jusqua", today.plusDays(1).atTime(18, 0).toString())
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        Handin h = handins.save(school.pupil, w.id(), "Merci pour le délai", List.of(), true);
        assertThat(h.status()).isEqualTo(Handin.Status.SUBMITTED);
        assertThat(h.late()).isFalse();
        assertThatThrownBy(() -> handins.save(school.otherPupil, w.id(), "Et moi ?", List.of(), true))
                .isInstanceOf(Problem.class);
        // Only a teacher of the work grants one.
        mvc.perform(post("/travail/" + w.id() + "/prolongation")
                        .param("eleve", school.otherPupil.accountId().toString())
                        .param("jusqua", today.plusDays(1).atTime(18, 0).toString())
                        .with(csrf())
                        .with(as(school.historyTeacher)))
                .andExpect(status().isForbidden());
    }

    @Test
    void aSubmissionIsLockedUntilTheTeacherReopensIt() throws Exception {
        Work w = work(Fixtures.handIn("Dissertation", today.plusDays(3), Optional.empty()), today);
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .file(new MockMultipartFile("fichiers", "dissertation.pdf", "application/pdf", PDF))
                        .param("texte", "Voici ma dissertation")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        assertThatThrownBy(() -> handins.save(school.pupil, w.id(), "Changement", List.of(), true))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).key())
                .isEqualTo("homework.handin.locked");
        Handin h = handins.find(w, school.pupil);
        mvc.perform(multipart("/depots/" + h.id() + "/retour")
                        .file(new MockMultipartFile("fichiers", "corrige.pdf", "application/pdf", PDF))
                        .param("commentaire", "Bon travail, revoir la conclusion.")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        String page = mvc.perform(get("/travail/" + w.id()).with(as(school.pupil)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Bon travail, revoir la conclusion.", "corrige.pdf", "dissertation.pdf");
        // The parent sees the status too.
        String parentPage = mvc.perform(get("/travail/" + w.id()).with(as(school.parent)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(parentPage).contains("Corrigé", "Bon travail").doesNotContain("name=\"texte\"");
        assertThatThrownBy(() -> handins.save(school.pupil, w.id(), "Encore", List.of(), true))
                .isInstanceOf(Problem.class);
        handins.reopen(school.mathsTeacher, h.id());
        assertThat(handins.save(school.pupil, w.id(), "Conclusion revue", List.of(), true)
                        .status())
                .isEqualTo(Handin.Status.SUBMITTED);
    }

    /**
     * Seen in the attack benchmark: a pupil whose "Rendre" answered slowly sent it again, and the second send, of
     * the very same work, was refused as a conflict although the first had been kept. The same hand-in sent again
     * is acknowledged; anything different is still refused once handed in.
     */
    @Test
    void theSameHandInSentAgainIsAcknowledgedAndADifferentOneIsStillRefused() throws Exception {
        Work w = work(Fixtures.handIn("Exposé", today.plusDays(3), Optional.empty()), today);
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .file(new MockMultipartFile("fichiers", "expose.pdf", "application/pdf", PDF))
                        .param("texte", "Mon exposé")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        Handin first = handins.find(w, school.pupil);
        var again = mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .file(new MockMultipartFile("fichiers", "expose.pdf", "application/pdf", PDF))
                        .param("texte", "Mon exposé")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andReturn()
                .getResponse();
        assertThat(again.getStatus()).isBetween(300, 399);
        assertThat(again.getRedirectedUrl()).contains("rendu");
        Handin after = handins.find(w, school.pupil);
        assertThat(after.files()).hasSize(1);
        assertThat(after.submittedAt()).isEqualTo(first.submittedAt());

        byte[] other = java.util.Arrays.copyOf(PDF, PDF.length + 1);
        assertThatThrownBy(() -> handins.save(
                        school.pupil,
                        w.id(),
                        "Mon exposé",
                        List.of(new Upload("expose.pdf", other.length, () -> new ByteArrayInputStream(other))),
                        true))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).key())
                .isEqualTo("homework.handin.locked");
        assertThatThrownBy(() -> handins.save(school.pupil, w.id(), "Mon exposé corrigé", List.of(), true))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).key())
                .isEqualTo("homework.handin.locked");
    }

    @Test
    void aPupilNeverSeesAnotherPupilsHandIn() throws Exception {
        Work w = work(Fixtures.handIn("Croquis", today.plusDays(3), Optional.empty()), today);
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .file(new MockMultipartFile("fichiers", "croquis.pdf", "application/pdf", PDF))
                        .param("texte", "secret de Louise")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        Handin h = handins.find(w, school.pupil);
        UUID fileId = h.files().getFirst().id();
        mvc.perform(get("/fichiers/" + fileId).with(as(school.pupil))).andExpect(status().isOk());
        mvc.perform(get("/fichiers/" + fileId).with(as(school.parent))).andExpect(status().isOk());
        mvc.perform(get("/fichiers/" + fileId).with(as(school.mathsTeacher))).andExpect(status().isOk());
        mvc.perform(get("/fichiers/" + fileId).with(as(school.otherPupil))).andExpect(status().is4xxClientError());
        mvc.perform(get("/fichiers/" + fileId).with(as(school.historyTeacher))).andExpect(status().is4xxClientError());
        String otherPage = mvc.perform(get("/travail/" + w.id()).with(as(school.otherPupil)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(otherPage).doesNotContain("secret de Louise", "croquis.pdf");
        mvc.perform(get("/depots/" + h.id()).with(as(school.otherPupil))).andExpect(status().isForbidden());
        mvc.perform(get("/travail/" + w.id() + "/depots").with(as(school.otherPupil)))
                .andExpect(status().isForbidden());
    }

    @Test
    void aRefusedFileLeavesNothingBehind() throws Exception {
        Work w = work(Fixtures.handIn("Photo", today.plusDays(3), Optional.empty()), today);
        long before = storedFiles();
        byte[] exe = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0, 4, 0};
        mvc.perform(multipart("/travail/" + w.id() + "/depot")
                        .file(new MockMultipartFile("fichiers", "bon.pdf", "application/pdf", PDF))
                        .file(new MockMultipartFile("fichiers", "virus.pdf", "application/pdf", exe))
                        .param("texte", "deux fichiers")
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isOk()); // the form again, with the error
        assertThat(handinRows(w.id())).isZero();
        assertThat(fileRows()).isZero();
        // The acceptable file is kept aside for the next send (and swept after a day); the refused one is not.
        assertThat(jdbc.sql("select filename from homework_staged_upload where account_id = ?")
                        .param(school.pupil.accountId())
                        .query(String.class)
                        .list())
                .containsExactly("bon.pdf");
        assertThat(storedFiles()).isEqualTo(before + 1);
    }

    @Test
    void anUploadBrokenMidwayLeavesNothingBehind() {
        Work w = work(Fixtures.handIn("Vidéo", today.plusDays(3), Optional.empty()), today);
        long before = storedFiles();
        Upload good = new Upload("a.pdf", PDF.length, () -> new ByteArrayInputStream(PDF));
        Upload broken = new Upload("b.pdf", 1_000_000, () -> new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent++ < 300_000) {
                    return sent < 6 ? "%PDF-".charAt(sent - 1) : 'x';
                }
                throw new IOException("connection reset by peer");
            }
        });
        assertThatThrownBy(() -> handins.save(school.pupil, w.id(), "texte", List.of(good, broken), true))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(handinRows(w.id())).isZero();
        assertThat(fileRows()).isZero();
        assertThat(storedFiles()).isEqualTo(before);
    }

    @Test
    void theTeacherDownloadsEverySubmissionAsOneZip() throws Exception {
        Work w = work(Fixtures.handIn("Carte", today.plusDays(3), Optional.empty()), today);
        handins.save(
                school.pupil,
                w.id(),
                "texte de Louise",
                List.of(new Upload("carte.pdf", PDF.length, () -> new ByteArrayInputStream(PDF))),
                true);
        byte[] zip = mvc.perform(get("/travail/" + w.id() + "/depots.zip").with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsByteArray();
        var names = new java.util.ArrayList<String>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).containsExactlyInAnyOrder("Louise Martin/texte.txt", "Louise Martin/carte.pdf");
        mvc.perform(get("/travail/" + w.id() + "/depots.zip").with(as(school.historyTeacher)))
                .andExpect(status().isForbidden());
    }

    int handinRows(UUID workId) {
        return jdbc.sql("select count(*) from homework_handin where work_id = ? and status <> 'NONE'")
                .param(workId)
                .query(Integer.class)
                .single();
    }

    int fileRows() {
        return jdbc.sql("select count(*) from homework_file where school_id = ? and owner_kind = 'HANDIN'")
                .param(school.schoolId)
                .query(Integer.class)
                .single();
    }

    /** References held in the documents store (one per stored attachment; the bytes are shared by content). */
    long storedFiles() {
        return jdbc.sql("select count(*) from documents_blob_ref")
                .query(Long.class)
                .single();
    }
}
