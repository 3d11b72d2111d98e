package org.preau.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preau.directory.CommunicationPolicy.Pair;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class CommunicationRulesTest {

    @Autowired
    CommunicationRules rules;

    @Autowired
    CommunicationSettings settings;

    @Autowired
    JdbcClient jdbc;

    /**
     * DOMAIN.md's defaults on the fixture school, every ordered pair of its six people. The maths teacher teaches the
     * class (both pupils), the history teacher the group (only {@code pupil}); the parent is {@code pupil}'s.
     */
    @Test
    void defaultRulesForEveryPairOfPeopleOfASchool() {
        var s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);
        Map<CurrentUser, List<CurrentUser>> allowed = new LinkedHashMap<>();
        allowed.put(s.mathsTeacher, List.of(s.historyTeacher, s.pupil, s.otherPupil, s.parent, s.head));
        allowed.put(s.historyTeacher, List.of(s.mathsTeacher, s.pupil, s.otherPupil, s.parent, s.head));
        allowed.put(s.head, List.of(s.mathsTeacher, s.historyTeacher, s.pupil, s.otherPupil, s.parent));
        allowed.put(s.pupil, List.of(s.mathsTeacher, s.historyTeacher, s.head));
        allowed.put(s.otherPupil, List.of(s.mathsTeacher, s.head));
        allowed.put(s.parent, List.of(s.mathsTeacher, s.historyTeacher, s.head));

        allowed.forEach((from, expected) -> {
            for (CurrentUser to : s.everyone()) {
                assertThat(rules.mayWrite(from.accountId(), to.accountId()))
                        .as("%s may write to %s", from.login(), to.login())
                        .isEqualTo(expected.contains(to));
            }
            assertThat(rules.searchRecipients(from.accountId(), "", 50))
                    .as("recipients of %s", from.login())
                    .extracting(Person::accountId)
                    .containsExactlyInAnyOrderElementsOf(
                            expected.stream().map(CurrentUser::accountId).toList());
        });
    }

    @Test
    void nobodyWritesToAnotherSchoolNorFindsItsPeopleEvenByExactName() {
        var a = TestSchool.create(jdbc);
        var b = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, a);
        DirectoryFixtures.indexNames(jdbc, b);

        for (CurrentUser from : a.everyone()) {
            for (CurrentUser to : b.everyone()) {
                assertThat(rules.mayWrite(from.accountId(), to.accountId()))
                        .as("%s may write to %s", from.login(), to.login())
                        .isFalse();
                assertThat(rules.searchRecipients(from.accountId(), to.displayName(), 50))
                        .extracting(Person::accountId)
                        .doesNotContain(to.accountId());
                assertThat(rules.searchRecipients(from.accountId(), to.login(), 50))
                        .isEmpty();
            }
        }
    }

    @Test
    void aForbiddenPersonNeverAppearsEvenWithTheirExactNameOrLogin() {
        var s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);

        assertThat(rules.searchRecipients(s.pupil.accountId(), s.otherPupil.displayName(), 50))
                .isEmpty();
        assertThat(rules.searchRecipients(s.pupil.accountId(), s.otherPupil.login(), 50))
                .isEmpty();
        assertThat(rules.searchRecipients(s.parent.accountId(), s.pupil.login(), 50))
                .isEmpty();
        assertThat(rules.searchRecipients(s.otherPupil.accountId(), s.historyTeacher.displayName(), 50))
                .isEmpty();
        assertThat(rules.searchRecipients(s.pupil.accountId(), "bloch", 50))
                .extracting(Person::accountId)
                .containsExactly(s.historyTeacher.accountId());
    }

    @Test
    void searchIsSortedLimitedAndMatchesPartsOfNames() {
        var s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);

        assertThat(rules.searchRecipients(s.head.accountId(), "", 50))
                .extracting(Person::displayName)
                .containsExactly("Ada Lovelace", "Claire Martin", "Hugo Bernard", "Louise Martin", "Marc Bloch");
        assertThat(rules.searchRecipients(s.head.accountId(), "", 2)).hasSize(2);
        assertThat(rules.searchRecipients(s.head.accountId(), "mart", 50))
                .extracting(Person::accountId)
                .containsExactly(s.parent.accountId(), s.pupil.accountId());
        assertThat(rules.searchRecipients(s.head.accountId(), "%", 50)).isEmpty();
    }

    @Test
    void repliesAreAlwaysAllowedToSomeoneWhoWroteFirst() {
        var s = TestSchool.create(jdbc);
        var other = TestSchool.create(jdbc);

        assertThat(rules.mayReply(s.pupil.accountId(), s.otherPupil.accountId(), false))
                .isFalse();
        assertThat(rules.mayReply(s.pupil.accountId(), s.otherPupil.accountId(), true))
                .isTrue();
        assertThat(rules.mayReply(s.pupil.accountId(), s.mathsTeacher.accountId(), false))
                .isTrue();
        assertThat(rules.mayReply(s.pupil.accountId(), other.head.accountId(), true))
                .isTrue();
    }

    @Test
    void aSchoolCanOpenAndCloseAPairAndItsRulesStayItsOwn() {
        var s = TestSchool.create(jdbc);
        var other = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);
        var pupils = new Pair(Role.PUPIL, Role.PUPIL);
        var pupilsToStaff = new Pair(Role.PUPIL, Role.STAFF);

        assertThat(rules.mayWrite(s.pupil.accountId(), s.otherPupil.accountId()))
                .isFalse();
        settings.update(s.schoolId, Map.of(pupils, Reach.OWN_CLASSES, pupilsToStaff, Reach.NOBODY), s.head.accountId());

        assertThat(rules.mayWrite(s.pupil.accountId(), s.otherPupil.accountId()))
                .isTrue();
        assertThat(rules.mayWrite(s.pupil.accountId(), s.head.accountId())).isFalse();
        assertThat(rules.searchRecipients(s.pupil.accountId(), "", 50))
                .extracting(Person::accountId)
                .containsExactlyInAnyOrder(
                        s.otherPupil.accountId(), s.mathsTeacher.accountId(), s.historyTeacher.accountId());
        assertThat(rules.mayWrite(other.pupil.accountId(), other.otherPupil.accountId()))
                .isFalse();
        var policy = settings.policyOf(s.schoolId);
        assertThat(policy.reach(Role.PUPIL, Role.PUPIL)).isEqualTo(Reach.OWN_CLASSES);
        assertThat(policy.isOverridden(Role.PUPIL, Role.PUPIL)).isTrue();
        assertThat(policy.isOverridden(Role.PUPIL, Role.TEACHER)).isFalse();
        assertThat(settings.policyOf(other.schoolId).reach(Role.PUPIL, Role.PUPIL))
                .isEqualTo(Reach.NOBODY);

        settings.update(
                s.schoolId, Map.of(pupils, Reach.NOBODY, pupilsToStaff, Reach.WHOLE_SCHOOL), s.head.accountId());

        assertThat(rules.mayWrite(s.pupil.accountId(), s.otherPupil.accountId()))
                .isFalse();
        assertThat(rules.mayWrite(s.pupil.accountId(), s.head.accountId())).isTrue();
        assertThat(settings.policyOf(s.schoolId).isOverridden(Role.PUPIL, Role.PUPIL))
                .isFalse();
    }

    @Test
    void ownClassesReachForPupilsMeansClassmatesOnly() {
        var s = TestSchool.create(jdbc);
        var stranger = DirectoryFixtures.account(jdbc, Profile.PUPIL, "Zoe", "Ailleurs");
        DirectoryFixtures.member(jdbc, s.schoolId, stranger, "PUPIL", null);
        settings.update(s.schoolId, Map.of(new Pair(Role.PUPIL, Role.PUPIL), Reach.OWN_CLASSES), s.head.accountId());

        assertThat(rules.mayWrite(s.pupil.accountId(), s.otherPupil.accountId()))
                .isTrue();
        assertThat(rules.mayWrite(s.pupil.accountId(), stranger.accountId())).isFalse();
        settings.update(s.schoolId, Map.of(new Pair(Role.PUPIL, Role.PUPIL), Reach.WHOLE_SCHOOL), s.head.accountId());
        assertThat(rules.mayWrite(s.pupil.accountId(), stranger.accountId())).isTrue();
    }

    @Test
    void aParentReachesTheTeachersOfAChildInAnotherSchool() {
        var a = TestSchool.create(jdbc);
        var b = TestSchool.create(jdbc);
        DirectoryFixtures.parentOf(jdbc, a.parent.accountId(), b.otherPupil.accountId());
        DirectoryFixtures.indexNames(jdbc, a);
        DirectoryFixtures.indexNames(jdbc, b);

        // b's other pupil is in the class (maths teacher) but not the group (history teacher).
        assertThat(rules.mayWrite(a.parent.accountId(), b.mathsTeacher.accountId()))
                .isTrue();
        assertThat(rules.mayWrite(a.parent.accountId(), b.head.accountId())).isTrue();
        assertThat(rules.mayWrite(a.parent.accountId(), b.historyTeacher.accountId()))
                .isFalse();
        assertThat(rules.mayWrite(a.parent.accountId(), b.pupil.accountId())).isFalse();
        assertThat(rules.mayWrite(a.parent.accountId(), b.parent.accountId())).isFalse();
        // and b's staff reach that parent, as a parent of one of their pupils
        assertThat(rules.mayWrite(b.head.accountId(), a.parent.accountId())).isTrue();
    }
}
