package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.EntryService;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The teacher's editor: what they type (Markdown) keeps its paragraphs and lists through a save and an edit, the edit
 * form shows what they wrote (never HTML markup), and a text that would show nothing is refused with a message.
 */
@PreauIntegrationTest
class RichTextEditingTest {

    static final String SEANCE = """
            Nous avons vu les fractions.

            - addition
            - multiplication""";
    static final String WORK = "Exercices p. 12 :\n\n1. le 3\n2. le 5";

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    Clock clock;

    TestSchool school;
    LocalDate today;

    @BeforeEach
    void setUp() {
        school = TestSchool.create(jdbc);
        today = EntryService.today(clock);
    }

    @Test
    void paragraphsAndListsSurviveASaveAndAnEditAndTheEditorShowsWhatWasWritten() throws Exception {
        post("/cahier-de-textes", SEANCE, WORK, null);
        UUID entry = onlyEntry();

        Document pupil = page(school.pupil, "/");
        Element seance = pupil.selectFirst(".lessons .rich");
        assertThat(seance.select("p")).hasSize(1);
        assertThat(seance.select("ul > li")).extracting(Element::text).containsExactly("addition", "multiplication");
        assertThat(pupil.select(".works .rich ol > li"))
                .extracting(Element::text)
                .containsExactly("le 3", "le 5");

        Document editor = page(school.mathsTeacher, "/cahier-de-textes/" + entry + "/modifier");
        assertThat(editor.getElementById("seance").val()).isEqualTo(SEANCE);
        assertThat(editor.getElementById("work0Instructions").val()).isEqualTo(WORK);
        assertThat(editor.getElementById("seance").val()).doesNotContain("<p>", "<ul>", "<li>");
        assertThat(editor.getElementById("seance-hint").text()).contains("une ligne vide sépare les paragraphes");

        // Saving what the editor shows, unchanged, gives the same page.
        String version = editor.selectFirst("input[name=version]").val();
        String workId = editor.selectFirst("input[name=work0Id]").val();
        mvc.perform(multipart("/cahier-de-textes/" + entry)
                        .param("version", version)
                        .param("date", today.toString())
                        .param("seance", editor.getElementById("seance").val())
                        .param("work0Id", workId)
                        .param(
                                "work0Instructions",
                                editor.getElementById("work0Instructions").val())
                        .param("work0DueDate", today.plusDays(1).toString())
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
        Document again = page(school.pupil, "/");
        assertThat(again.selectFirst(".lessons .rich").select("ul > li")).hasSize(2);
        assertThat(again.select(".works .rich ol > li")).hasSize(2);
    }

    @Test
    void aTextThatRendersToNothingIsRefusedWithAMessageAndNothingIsWritten() throws Exception {
        String page = mvc.perform(multipart("/cahier-de-textes")
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", today.toString())
                        .param("seance", "")
                        .param("work0Instructions", "<script>alert(1)</script>")
                        .param("work0DueDate", today.plusDays(1).toString())
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        Document form = Jsoup.parse(page);
        assertThat(form.getElementById("work0Instructions-error").text())
                .contains("ne contient rien qui puisse s’afficher");
        // What the teacher typed is still there, to be corrected.
        assertThat(form.getElementById("work0Instructions").val()).isEqualTo("<script>alert(1)</script>");
        assertThat(count("homework_entry")).isZero();
        assertThat(count("homework_work")).isZero();

        // The same for the séance alone.
        String seanceOnly = mvc.perform(multipart("/cahier-de-textes")
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", today.toString())
                        .param("seance", "<img src=x onerror=alert(1)>")
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(Jsoup.parse(seanceOnly).getElementById("seance-error")).isNotNull();
        assertThat(count("homework_entry")).isZero();
    }

    /** Entries written before Markdown hold HTML only: the editor shows a Markdown source derived from it. */
    @Test
    void anEntryWrittenBeforeMarkdownIsEditedAsMarkdownAndKeepsItsHtmlUntilSaved() throws Exception {
        post("/cahier-de-textes", "Séance", "Travail", null);
        UUID entry = onlyEntry();
        String legacySeance = "<p>Reprise.</p><ul><li>trace écrite</li><li><strong>exercice 2</strong></li></ul>";
        jdbc.sql("update homework_entry set seance_html = ?, seance_source = null where id = ?")
                .params(legacySeance, entry)
                .update();
        jdbc.sql(
                        "update homework_work set instructions_html = '<p>Lire p. 3<br>et p. 4</p>', instructions_source = null"
                                + " where entry_id = ?")
                .param(entry)
                .update();

        Document editor = page(school.mathsTeacher, "/cahier-de-textes/" + entry + "/modifier");
        assertThat(editor.getElementById("seance").val()).isEqualTo("Reprise.\n\n- trace écrite\n- **exercice 2**");
        assertThat(editor.getElementById("work0Instructions").val()).isEqualTo("Lire p. 3\net p. 4");
        assertThat(jdbc.sql("select seance_html from homework_entry where id = ?")
                        .param(entry)
                        .query(String.class)
                        .single())
                .isEqualTo(legacySeance);
    }

    void post(String path, String seance, String work, String version) throws Exception {
        mvc.perform(multipart(path)
                        .param("cible", school.classId + "|" + school.mathsId)
                        .param("date", today.toString())
                        .param("seance", seance)
                        .param("work0Instructions", work)
                        .param("work0DueDate", today.plusDays(1).toString())
                        .with(csrf())
                        .with(as(school.mathsTeacher)))
                .andExpect(status().is3xxRedirection());
    }

    UUID onlyEntry() {
        return jdbc.sql("select id from homework_entry where school_id = ?")
                .param(school.schoolId)
                .query(UUID.class)
                .single();
    }

    int count(String table) {
        return jdbc.sql("select count(*) from " + table + " where school_id = ?")
                .param(school.schoolId)
                .query(Integer.class)
                .single();
    }

    Document page(org.preau.identity.CurrentUser user, String path) throws Exception {
        return Jsoup.parse(mvc.perform(get(path).with(as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(StandardCharsets.UTF_8));
    }
}
