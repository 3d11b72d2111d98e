package org.preau.directory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The one place rights are decided (issue 8 §3), question by question, on a real directory. */
@PreauIntegrationTest
class RightsTest {

    @Autowired
    Rights rights;

    @Autowired
    JdbcClient jdbc;

    private CurrentUser vieScolaire(TestSchool s) {
        var cpe = DirectoryFixtures.account(jdbc, Profile.STAFF, "Vie", "Scolaire");
        DirectoryFixtures.member(jdbc, s.schoolId, cpe, "STAFF", "VIE_SCOLAIRE");
        return cpe;
    }

    private CurrentUser operator() {
        return DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
    }

    @Test
    void staffDirectionAndOperatorAreToldApart() {
        var s = TestSchool.create(jdbc);
        var other = TestSchool.create(jdbc);
        var cpe = vieScolaire(s);
        var operator = operator();

        assertThat(rights.isStaffOf(s.head, s.schoolId)).isTrue();
        assertThat(rights.isDirectionOf(s.head, s.schoolId)).isTrue();
        assertThat(rights.isStaffOf(cpe, s.schoolId)).isTrue();
        assertThat(rights.isDirectionOf(cpe, s.schoolId)).isFalse();
        assertThat(rights.isStaffOf(s.head, other.schoolId)).isFalse();
        assertThat(rights.isStaffOf(s.mathsTeacher, s.schoolId)).isFalse();
        // The operator is not staff of a school by being the operator, but administers and governs every one.
        assertThat(rights.isStaffOf(operator, s.schoolId)).isFalse();
        assertThat(rights.isOperator(operator)).isTrue();
        assertThat(rights.isOperator(s.head)).isFalse();

        assertThat(rights.administers(cpe, s.schoolId)).isTrue();
        assertThat(rights.governs(cpe, s.schoolId)).isFalse();
        assertThat(rights.governs(s.head, s.schoolId)).isTrue();
        assertThat(rights.governs(s.head, other.schoolId)).isFalse();
        assertThat(rights.administers(operator, other.schoolId)).isTrue();
        assertThat(rights.governs(operator, other.schoolId)).isTrue();
        assertThat(rights.administers(s.pupil, s.schoolId)).isFalse();

        assertThat(rights.administeredSchools(cpe)).extracting(School::id).containsExactly(s.schoolId);
        assertThat(rights.governedSchools(cpe)).isEmpty();
        assertThat(rights.governedSchools(s.head)).extracting(School::id).containsExactly(s.schoolId);
        assertThat(rights.administeredSchools(operator)).extracting(School::id).contains(s.schoolId, other.schoolId);
    }

    @Test
    void aStaffProfileNeedsAStaffMembershipAndAStaffMembershipNeedsAStaffProfile() {
        var s = TestSchool.create(jdbc);
        // A teacher listed with a STAFF role in the directory is still a teacher's account.
        var odd = DirectoryFixtures.account(jdbc, Profile.TEACHER, "Prof", "Documentaliste");
        DirectoryFixtures.member(jdbc, s.schoolId, odd, "STAFF", "DIRECTION");
        var lonely = DirectoryFixtures.account(jdbc, Profile.STAFF, "Sans", "École");

        assertThat(rights.isStaffOf(odd, s.schoolId)).isFalse();
        assertThat(rights.isDirectionOf(odd, s.schoolId)).isFalse();
        assertThat(rights.administeredSchools(lonely)).isEmpty();
    }

    @Test
    void teachersTeachTheirAudiencesInAnySubjectOrInTheirOwn() {
        var s = TestSchool.create(jdbc);

        assertThat(rights.teaches(s.mathsTeacher, s.classId)).isTrue();
        assertThat(rights.teaches(s.mathsTeacher, s.classId, s.mathsId)).isTrue();
        assertThat(rights.teaches(s.mathsTeacher, s.classId, s.historyId)).isFalse();
        assertThat(rights.teaches(s.mathsTeacher, s.groupId)).isFalse();
        assertThat(rights.teaches(s.historyTeacher, s.groupId, s.historyId)).isTrue();
        assertThat(rights.teaches(s.head, s.classId)).isFalse();
    }

    @Test
    void aPupilIsReadByThemselfTheirParentsTheirTeachersTheirSchoolsStaffAndTheOperator() {
        var s = TestSchool.create(jdbc);
        var other = TestSchool.create(jdbc);
        var cpe = vieScolaire(s);
        var pupil = s.pupil.accountId();
        var hugo = s.otherPupil.accountId(); // in the class, not in the group

        assertThat(rights.mayReadPupil(s.pupil, pupil)).isTrue();
        assertThat(rights.mayReadPupil(s.otherPupil, pupil)).isFalse();
        assertThat(rights.mayReadPupil(s.parent, pupil)).isTrue();
        assertThat(rights.mayReadPupil(s.parent, hugo)).isFalse();
        assertThat(rights.mayReadPupil(s.mathsTeacher, hugo)).isTrue();
        assertThat(rights.mayReadPupil(s.historyTeacher, pupil)).isTrue();
        assertThat(rights.mayReadPupil(s.historyTeacher, hugo)).isFalse();
        assertThat(rights.mayReadPupil(cpe, hugo)).isTrue();
        assertThat(rights.mayReadPupil(other.head, pupil)).isFalse();
        assertThat(rights.mayReadPupil(other.mathsTeacher, pupil)).isFalse();
        assertThat(rights.mayReadPupil(operator(), pupil)).isTrue();
    }

    @Test
    void passwordResetsFollowWhoTheAccountIs() {
        var s = TestSchool.create(jdbc);
        var cpe = vieScolaire(s);
        var operator = operator();
        var otherOperator = operator();
        DirectoryFixtures.member(jdbc, s.schoolId, otherOperator, "ADMIN", null);

        assertThat(rights.mayResetPassword(cpe, s.schoolId, s.pupil.accountId()))
                .isTrue();
        assertThat(rights.mayResetPassword(cpe, s.schoolId, s.parent.accountId()))
                .isTrue();
        assertThat(rights.mayResetPassword(cpe, s.schoolId, s.mathsTeacher.accountId()))
                .isFalse();
        assertThat(rights.mayResetPassword(cpe, s.schoolId, s.head.accountId())).isFalse();
        assertThat(rights.mayResetPassword(s.head, s.schoolId, s.mathsTeacher.accountId()))
                .isTrue();
        assertThat(rights.mayResetPassword(s.head, s.schoolId, cpe.accountId())).isTrue();
        assertThat(rights.mayResetPassword(s.head, s.schoolId, s.head.accountId()))
                .isFalse();
        // An operator's account attached to a school is the operator's to reset, not the head's.
        assertThat(rights.mayResetPassword(s.head, s.schoolId, otherOperator.accountId()))
                .isFalse();
        assertThat(rights.mayResetPassword(operator, s.schoolId, otherOperator.accountId()))
                .isTrue();
        assertThat(rights.mayResetPassword(operator, s.schoolId, s.head.accountId()))
                .isTrue();
        assertThat(rights.mayResetPassword(operator, s.schoolId, operator.accountId()))
                .isFalse();
        // Pupils, parents and teachers reset nobody.
        assertThat(rights.mayResetPassword(s.mathsTeacher, s.schoolId, s.pupil.accountId()))
                .isFalse();
        assertThat(rights.mayResetPassword(s.parent, s.schoolId, s.pupil.accountId()))
                .isFalse();
        // Staff of another school reset nobody here.
        var elsewhere = TestSchool.create(jdbc);
        assertThat(rights.mayResetPassword(elsewhere.head, s.schoolId, s.pupil.accountId()))
                .isFalse();
    }
}
