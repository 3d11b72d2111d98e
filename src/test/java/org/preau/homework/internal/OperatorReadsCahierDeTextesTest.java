package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.homework.internal.entries.EntryDraft;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The operator reads every school's cahier de textes, read-only, for support (ADR 0024): the same answer that the
 * admin console gives them for every school. They write nothing there, since they teach nothing.
 */
@PreauIntegrationTest
class OperatorReadsCahierDeTextesTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    EntryService entries;

    @Autowired
    Clock clock;

    @Test
    void theOperatorReadsASchoolsEntriesAndTheirHistoryButWritesNothing() throws Exception {
        var school = TestSchool.create(jdbc);
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
        LocalDate today = EntryService.today(clock);
        var entry = entries.create(
                school.mathsTeacher, Fixtures.draft(school.classId, school.mathsId, today, "Séance de support"));

        assertThat(entries.read(operator, entry.id()).id()).isEqualTo(entry.id());
        assertThat(entries.history(operator, entry.id())).hasSize(1);
        String week = mvc.perform(get("/cahier-de-textes/etablissement?ecole=" + school.schoolId)
                        .with(as(operator)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(week).contains("Séance de support");

        assertThatThrownBy(() -> entries.update(
                        operator,
                        entry.id(),
                        1,
                        new EntryDraft(school.classId, school.mathsId, today, "Réécrite", Optional.empty(), List.of())))
                .isInstanceOf(Problem.class);
        mvc.perform(multipart("/cahier-de-textes")
                        .param("audience", school.classId + "|" + school.mathsId)
                        .param("lessonDate", today.toString())
                        .param("seance", "Intrus")
                        .with(as(operator))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        assertThat(entries.read(school.head, entry.id()).version()).isEqualTo(1);
    }

    /**
     * The link "Cahier de textes de l’établissement" on the operator's home page names no school (staff read their
     * own): the operator, who belongs to none, is sent to choose one, never refused by their own home page's link.
     */
    @Test
    void theOperatorWithoutASchoolIsSentToChooseOne() throws Exception {
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Sansécole");
        mvc.perform(get("/cahier-de-textes/etablissement").with(as(operator)))
                .andExpect(status().isFound())
                .andExpect(redirectedUrl("/admin/ecoles"));
    }

    @Test
    void staffOfAnotherSchoolStillReadNothing() throws Exception {
        var school = TestSchool.create(jdbc);
        var elsewhere = TestSchool.create(jdbc);
        LocalDate today = EntryService.today(clock);
        var entry = entries.create(
                school.mathsTeacher, Fixtures.draft(school.classId, school.mathsId, today, "Pas pour vous"));

        assertThatThrownBy(() -> entries.read(elsewhere.head, entry.id())).isInstanceOf(Problem.class);
        mvc.perform(get("/cahier-de-textes/etablissement?ecole=" + school.schoolId)
                        .with(as(elsewhere.head)))
                .andExpect(status().isForbidden());
    }
}
