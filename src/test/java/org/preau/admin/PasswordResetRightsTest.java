package org.preau.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Who may reset whose password (issue 8 §3): staff reset pupils and parents of their school; only the head of school
 * (staff with the DIRECTION function) and the operator reset staff and teacher passwords; nobody resets their own.
 */
@PreauIntegrationTest
class PasswordResetRightsTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    private TestSchool school() {
        var s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);
        return s;
    }

    private CurrentUser vieScolaire(TestSchool s) {
        var cpe = DirectoryFixtures.account(jdbc, Profile.STAFF, "Vie", "Scolaire");
        DirectoryFixtures.member(jdbc, s.schoolId, cpe, "STAFF", "VIE_SCOLAIRE");
        DirectoryFixtures.indexNames(jdbc, s);
        return cpe;
    }

    private static String resetUrl(TestSchool s, CurrentUser target) {
        return "/admin/ecoles/" + s.schoolId + "/utilisateurs/" + target.accountId() + "/mot-de-passe";
    }

    private boolean passwordCleared(CurrentUser target) {
        return jdbc.sql("select password_hash is null and status = 'PENDING' from account where id = ?")
                .param(target.accountId())
                .query(Boolean.class)
                .single();
    }

    private void givePassword(CurrentUser target) {
        jdbc.sql("update account set password_hash = 'x', status = 'ACTIVE' where id = ?")
                .param(target.accountId())
                .update();
    }

    @Test
    void aVieScolaireMemberCannotResetATeachersPassword() throws Exception {
        var s = school();
        var cpe = vieScolaire(s);
        givePassword(s.mathsTeacher);

        mvc.perform(get(resetUrl(s, s.mathsTeacher)).with(TestSchool.as(cpe))).andExpect(status().isForbidden());
        mvc.perform(post(resetUrl(s, s.mathsTeacher)).with(TestSchool.as(cpe)).with(csrf()))
                .andExpect(status().isForbidden());

        assertThat(passwordCleared(s.mathsTeacher)).isFalse();
    }

    @Test
    void aVieScolaireMemberCannotResetATeacherWhoIsAlsoAParentOfTheSchool() throws Exception {
        var s = school();
        var cpe = vieScolaire(s);
        // The teacher's own child is a pupil of the school: the directory lists them as a parent too.
        DirectoryFixtures.parentOf(jdbc, s.mathsTeacher.accountId(), s.otherPupil.accountId());
        givePassword(s.mathsTeacher);

        mvc.perform(post(resetUrl(s, s.mathsTeacher)).with(TestSchool.as(cpe)).with(csrf()))
                .andExpect(status().isForbidden());

        assertThat(passwordCleared(s.mathsTeacher)).isFalse();
    }

    @Test
    void aVieScolaireMemberResetsAPupilsAndAParentsPassword() throws Exception {
        var s = school();
        var cpe = vieScolaire(s);

        mvc.perform(post(resetUrl(s, s.pupil)).with(TestSchool.as(cpe)).with(csrf()))
                .andExpect(status().isOk());
        mvc.perform(post(resetUrl(s, s.parent)).with(TestSchool.as(cpe)).with(csrf()))
                .andExpect(status().isOk());

        assertThat(passwordCleared(s.pupil)).isTrue();
        assertThat(passwordCleared(s.parent)).isTrue();
    }

    @Test
    void theHeadOfSchoolResetsATeachersPassword() throws Exception {
        var s = school();
        givePassword(s.mathsTeacher);

        mvc.perform(post(resetUrl(s, s.mathsTeacher))
                        .with(TestSchool.as(s.head))
                        .with(csrf()))
                .andExpect(status().isOk());

        assertThat(passwordCleared(s.mathsTeacher)).isTrue();
    }

    @Test
    void theOperatorResetsATeachersPasswordInAnySchool() throws Exception {
        var s = school();
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");

        mvc.perform(post(resetUrl(s, s.historyTeacher))
                        .with(TestSchool.as(operator))
                        .with(csrf()))
                .andExpect(status().isOk());

        assertThat(passwordCleared(s.historyTeacher)).isTrue();
    }

    @Test
    void nobodyResetsTheirOwnPassword() throws Exception {
        var s = school();
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
        DirectoryFixtures.member(jdbc, s.schoolId, operator, "STAFF", "DIRECTION");
        DirectoryFixtures.indexNames(jdbc, s);

        mvc.perform(post(resetUrl(s, s.head)).with(TestSchool.as(s.head)).with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post(resetUrl(s, operator)).with(TestSchool.as(operator)).with(csrf()))
                .andExpect(status().isForbidden());
    }

    @Test
    void aTeacherOfAnotherSchoolWhoIsAParentHereIsResetOnlyByTheirOwnHeadOrTheOperator() throws Exception {
        var here = school();
        var there = school();
        // The teacher of "there" has a child in "here": "here"'s head sees a parent, but the account is a teacher's.
        DirectoryFixtures.parentOf(jdbc, there.mathsTeacher.accountId(), here.otherPupil.accountId());
        DirectoryFixtures.indexNames(jdbc, here);

        mvc.perform(post(resetUrl(here, there.mathsTeacher))
                        .with(TestSchool.as(here.head))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(post(resetUrl(there, there.mathsTeacher))
                        .with(TestSchool.as(there.head))
                        .with(csrf()))
                .andExpect(status().isOk());
    }
}
