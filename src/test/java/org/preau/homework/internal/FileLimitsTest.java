package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.EntryService;
import org.preau.homework.internal.entries.Work;
import org.preau.homework.internal.files.FileRules;
import org.preau.homework.internal.files.Upload;
import org.preau.homework.internal.handins.HandinService;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMultipartHttpServletRequestBuilder;

/**
 * Issue 9, "Hand-ins": the limits hold per hand-in whatever the number of sends, they are stated before upload, a
 * phone photo fits, the refusal says which limit in the user's language, and a form refused for another reason keeps
 * its files so that nobody picks them again.
 */
@PreauIntegrationTest
class FileLimitsTest {

    static final byte[] PDF = HandinTest.PDF;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    EntryService entries;

    @Autowired
    HandinService handins;

    @Autowired
    Clock clock;

    TestSchool school;
    LocalDate today;
    Work work;

    @BeforeEach
    void setUp() {
        school = TestSchool.create(jdbc);
        today = EntryService.today(clock);
        work = entries.create(
                        school.mathsTeacher,
                        Fixtures.draft(
                                school.classId,
                                school.mathsId,
                                today,
                                "Séance",
                                Fixtures.handIn("Photos du TP", today.plusDays(3), Optional.empty())))
                .works()
                .getFirst();
    }

    static List<Upload> pdfs(String prefix, int n) {
        return IntStream.rangeClosed(1, n)
                .mapToObj(i -> new Upload(prefix + i + ".pdf", PDF.length, () -> new ByteArrayInputStream(PDF)))
                .toList();
    }

    @Test
    void oneHandInNeverExceedsTheFileLimitAcrossSeveralSends() throws Exception {
        handins.save(school.pupil, work.id(), "", pdfs("a", 3), false);
        assertThatThrownBy(() -> handins.save(school.pupil, work.id(), "", pdfs("b", 3), false))
                .isInstanceOf(Problem.class)
                .extracting(e -> ((Problem) e).key())
                .isEqualTo("homework.file.tooMany");
        assertThat(handinFiles(school.pupil)).isEqualTo(3);
        handins.save(school.pupil, work.id(), "", pdfs("c", 2), false);
        assertThat(handinFiles(school.pupil)).isEqualTo(FileRules.MAX_FILES);

        // One more, even alone and even by the form: refused, in French and in English, naming the limit.
        String fr = send(school.pupil, null, "encore.pdf", PDF);
        assertThat(Jsoup.parse(fr).getElementById("files-error").text())
                .contains("Au plus 5 fichiers en tout : 5 déjà joint(s)");
        String en = send(school.pupil, "en", "again.pdf", PDF);
        assertThat(Jsoup.parse(en).getElementById("files-error").text())
                .contains("At most 5 files in all: 5 already attached");
        assertThat(handinFiles(school.pupil)).isEqualTo(FileRules.MAX_FILES);

        // Removing one makes room for one.
        UUID first = jdbc.sql("""
                        select f.id from homework_file f join homework_handin h on h.id = f.owner_id
                        where h.work_id = ? and h.pupil_id = ? order by f.filename limit 1""")
                .params(work.id(), school.pupil.accountId())
                .query(UUID.class)
                .single();
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                "/travail/" + work.id() + "/depot/fichiers/" + first + "/retirer")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        assertThat(handinFiles(school.pupil)).isEqualTo(FileRules.MAX_FILES - 1);
        handins.save(school.pupil, work.id(), "", pdfs("d", 1), true);
        assertThat(handinFiles(school.pupil)).isEqualTo(FileRules.MAX_FILES);
        // Once handed in, nothing can be removed any more.
        mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post(
                                "/travail/" + work.id() + "/depot/fichiers/" + first + "/retirer")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is4xxClientError());
    }

    @Test
    void twoSendsAtTheSameTimeCannotTogetherPassTheLimit() throws Exception {
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var sends = IntStream.range(0, 2)
                    .mapToObj(i -> pool.submit(() -> {
                        start.await();
                        try {
                            handins.save(school.pupil, work.id(), "", pdfs("p" + i + "-", 3), false);
                            return "saved";
                        } catch (Problem refused) {
                            return refused.key();
                        }
                    }))
                    .toList();
            start.countDown();
            var outcomes = new java.util.ArrayList<String>();
            for (var send : sends) {
                outcomes.add(send.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            assertThat(outcomes).containsExactlyInAnyOrder("saved", "homework.file.tooMany");
        } finally {
            pool.shutdownNow();
        }
        assertThat(handinFiles(school.pupil)).isEqualTo(3);
    }

    @Test
    void aPhonePhotoFitsAndABiggerFileIsRefusedByName() throws Exception {
        byte[] photo = jpeg(15 * 1024 * 1024);
        handins.save(
                school.pupil,
                work.id(),
                "",
                List.of(new Upload("IMG_2041.jpg", photo.length, () -> new ByteArrayInputStream(photo))),
                false);
        assertThat(handinFiles(school.pupil)).isEqualTo(1);

        byte[] huge = jpeg((int) FileRules.MAX_BYTES + 1);
        String page = send(school.pupil, null, "IMG_2042.jpg", huge);
        assertThat(Jsoup.parse(page).getElementById("files-error").text()).contains("« IMG_2042.jpg » dépasse 20 Mo");
        assertThat(handinFiles(school.pupil)).isEqualTo(1);
    }

    @Test
    void theLimitsAreShownBeforeUploadWithWhatIsAlreadyAttached() throws Exception {
        String hint = workPage(school.pupil).getElementById("files-hint").text();
        assertThat(hint).contains("Au plus 5 fichiers et 50 Mo en tout pour ce rendu, 20 Mo par fichier");
        assertThat(hint).doesNotContain("Déjà joint");
        handins.save(school.pupil, work.id(), "", pdfs("a", 2), false);
        assertThat(workPage(school.pupil).getElementById("files-hint").text())
                .contains("Déjà joint(s) : 2 fichier(s) sur 5");
        // The teacher's form states the limits of a piece of work too.
        var form = Jsoup.parse(mvc.perform(get("/cahier-de-textes/nouveau").with(as(school.mathsTeacher)))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
        assertThat(form.getElementById("work0Files-hint").text()).contains("pour ce travail, 20 Mo par fichier");
    }

    @Test
    void aHandInRefusedForItsTextKeepsItsFilesForTheNextSend() throws Exception {
        String tooLong = "x".repeat(200_000);
        String page = mvc.perform(multipart("/travail/" + work.id() + "/depot")
                        .file(new MockMultipartFile("fichiers", "schema.pdf", "application/pdf", PDF))
                        .param("texte", tooLong)
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Document form = Jsoup.parse(page);
        assertThat(form.getElementById("text-error")).isNotNull();
        assertThat(form.select("ul.staged").text()).contains("Déjà joint : schema.pdf");
        String stagedId = form.select("input[type=hidden][name=deja]").attr("value");
        assertThat(stagedId).isNotBlank();
        assertThat(handinFiles(school.pupil)).isZero();

        // Another pupil cannot use that id: it is ignored.
        mvc.perform(multipart("/travail/" + work.id() + "/depot")
                        .param("texte", "à moi")
                        .param("deja", stagedId)
                        .param("action", "brouillon")
                        .with(csrf())
                        .with(as(school.otherPupil)))
                .andExpect(status().is3xxRedirection());
        assertThat(handinFiles(school.otherPupil)).isZero();

        // The same pupil sends the form again without picking the file: it is attached, and no longer staged.
        mvc.perform(multipart("/travail/" + work.id() + "/depot")
                        .param("texte", "Mon schéma")
                        .param("deja", stagedId)
                        .param("action", "rendre")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        assertThat(handins.find(work, school.pupil).files())
                .extracting(f -> f.filename())
                .containsExactly("schema.pdf");
        assertThat(staged(school.pupil)).isZero();
    }

    @Test
    void aStagedFileTheUserRemovesIsForgotten() throws Exception {
        String page = mvc.perform(multipart("/travail/" + work.id() + "/depot")
                        .file(new MockMultipartFile("fichiers", "faux.pdf", "application/pdf", PDF))
                        .param("texte", "x".repeat(200_000))
                        .param("action", "brouillon")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        String stagedId =
                Jsoup.parse(page).select("input[type=hidden][name=deja]").attr("value");
        assertThat(staged(school.pupil)).isEqualTo(1);
        mvc.perform(multipart("/travail/" + work.id() + "/depot")
                        .param("texte", "sans fichier")
                        .param("deja", stagedId)
                        .param("retirer", stagedId)
                        .param("action", "brouillon")
                        .with(csrf())
                        .with(as(school.pupil)))
                .andExpect(status().is3xxRedirection());
        assertThat(staged(school.pupil)).isZero();
        assertThat(handinFiles(school.pupil)).isZero();
    }

    @Test
    void anEntryRefusedForAnotherFieldKeepsTheWorksFiles() throws Exception {
        String page = mvc.perform(multipart("/cahier-de-textes")
                        .file(new MockMultipartFile("work0Files", "enonce.pdf", "application/pdf", PDF))
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", today.toString())
                        .param("seance", "Séance")
                        .param("work0Instructions", "Lire l’énoncé")
                        .param("work0DueDate", "pas une date")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Document form = Jsoup.parse(page);
        assertThat(form.select("ul.staged").text()).contains("Déjà joint : enonce.pdf");
        String stagedId = form.select("input[type=hidden][name=work0Deja]").attr("value");
        assertThat(stagedId).isNotBlank();

        mvc.perform(multipart("/cahier-de-textes")
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", today.toString())
                        .param("seance", "Séance")
                        .param("work0Instructions", "Lire l’énoncé")
                        .param("work0DueDate", today.plusDays(2).toString())
                        .param("work0Deja", stagedId)
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        assertThat(jdbc.sql("""
                        select f.filename from homework_file f join homework_work w on w.id = f.owner_id
                        where w.school_id = ? and f.owner_kind = 'WORK' and w.instructions_html like '%énoncé%'""").param(school.schoolId).query(String.class).list())
                .containsExactly("enonce.pdf");
        assertThat(staged(school.mathsTeacher)).isZero();
    }

    String send(CurrentUser pupil, String lang, String name, byte[] bytes) throws Exception {
        MockMultipartHttpServletRequestBuilder request = multipart("/travail/" + work.id() + "/depot");
        request.file(new MockMultipartFile("fichiers", name, "application/octet-stream", bytes))
                .param("texte", "")
                .param("action", "brouillon")
                .with(csrf())
                .with(as(pupil));
        if (lang != null) {
            request.cookie(new Cookie("preau_lang", lang));
        }
        return mvc.perform(request)
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
    }

    Document workPage(CurrentUser user) throws Exception {
        return Jsoup.parse(mvc.perform(get("/travail/" + work.id()).with(as(user)))
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }

    static byte[] jpeg(int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) 0x20);
        b[0] = (byte) 0xff;
        b[1] = (byte) 0xd8;
        b[2] = (byte) 0xff;
        b[3] = (byte) 0xe0;
        return b;
    }

    int handinFiles(CurrentUser pupil) {
        return jdbc.sql("""
                        select count(*) from homework_file f join homework_handin h on h.id = f.owner_id
                        where f.owner_kind = 'HANDIN' and h.work_id = ? and h.pupil_id = ?""")
                .params(work.id(), pupil.accountId())
                .query(Integer.class)
                .single();
    }

    int staged(CurrentUser user) {
        return jdbc.sql("select count(*) from homework_staged_upload where account_id = ?")
                .param(user.accountId())
                .query(Integer.class)
                .single();
    }
}
