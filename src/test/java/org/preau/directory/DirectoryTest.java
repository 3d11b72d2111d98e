package org.preau.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class DirectoryTest {

    @Autowired
    Directory directory;

    @Autowired
    JdbcClient jdbc;

    @Test
    void pupilPlacementHasSchoolClassAndGroups() {
        var school = TestSchool.create(jdbc);

        var placement = directory.placementOf(school.pupil.accountId()).orElseThrow();

        assertThat(placement.school().id()).isEqualTo(school.schoolId);
        assertThat(placement.school().uai()).isEqualTo(school.uai);
        assertThat(placement.schoolClass()).map(SchoolClass::id).contains(school.classId);
        assertThat(placement.groups()).extracting(TeachingGroup::id).containsExactly(school.groupId);
        assertThat(placement.audiences()).extracting(Audience::id).containsExactly(school.classId, school.groupId);
        assertThat(directory
                        .placementOf(school.otherPupil.accountId())
                        .orElseThrow()
                        .groups())
                .isEmpty();
    }

    @Test
    void accountsThatAreNotPupilsHaveNoPlacement() {
        var school = TestSchool.create(jdbc);

        assertThat(directory.placementOf(school.mathsTeacher.accountId())).isEmpty();
        assertThat(directory.placementOf(school.parent.accountId())).isEmpty();
    }

    @Test
    void parentSeesOnlyTheirOwnChildrenIncludingOneInAnotherSchool() {
        var a = TestSchool.create(jdbc);
        var b = TestSchool.create(jdbc);
        // a's parent also has b's other pupil as a child (a child in another school).
        DirectoryFixtures.parentOf(jdbc, a.parent.accountId(), b.otherPupil.accountId());

        var children = directory.childrenOf(a.parent.accountId());

        assertThat(children)
                .extracting(PupilPlacement::pupilId)
                .containsExactlyInAnyOrder(a.pupil.accountId(), b.otherPupil.accountId());
        assertThat(children)
                .filteredOn(c -> c.pupilId().equals(b.otherPupil.accountId()))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.school().id()).isEqualTo(b.schoolId);
                    assertThat(c.schoolClass()).map(SchoolClass::id).contains(b.classId);
                });
        assertThat(directory.isParentOf(a.parent.accountId(), b.otherPupil.accountId()))
                .isTrue();
        assertThat(directory.isParentOf(a.parent.accountId(), a.otherPupil.accountId()))
                .isFalse();
        assertThat(directory.isParentOf(b.parent.accountId(), a.pupil.accountId()))
                .isFalse();
        assertThat(directory.childrenOf(b.parent.accountId()))
                .extracting(PupilPlacement::pupilId)
                .containsExactly(b.pupil.accountId());
    }

    @Test
    void teacherAssignmentsNameTheirAudienceAndSubject() {
        var school = TestSchool.create(jdbc);

        var maths = directory.assignmentsOf(school.mathsTeacher.accountId());
        var history = directory.assignmentsOf(school.historyTeacher.accountId());

        assertThat(maths).singleElement().satisfies(a -> {
            assertThat(a.audience().kind()).isEqualTo(Audience.Kind.CLASS);
            assertThat(a.audience().id()).isEqualTo(school.classId);
            assertThat(a.audience().name()).isEqualTo("3e B");
            assertThat(a.subject().label()).isEqualTo("Mathématiques");
        });
        assertThat(history).singleElement().satisfies(a -> {
            assertThat(a.audience().kind()).isEqualTo(Audience.Kind.GROUP);
            assertThat(a.audience().id()).isEqualTo(school.groupId);
        });
        assertThat(directory.teaches(school.mathsTeacher.accountId(), school.classId, school.mathsId))
                .isTrue();
        assertThat(directory.teaches(school.mathsTeacher.accountId(), school.classId, school.historyId))
                .isFalse();
        assertThat(directory.teaches(school.mathsTeacher.accountId(), school.groupId, school.mathsId))
                .isFalse();
    }

    @Test
    void timetableOfAPupilsAudiencesOnOneDayIsSortedByTime() {
        var school = TestSchool.create(jdbc);
        var audiences = directory.placementOf(school.pupil.accountId()).orElseThrow().audiences().stream()
                .map(Audience::id)
                .toList();

        var monday = directory.timetable(school.schoolId, audiences, DayOfWeek.MONDAY);

        assertThat(monday).extracting(TimetableSlot::startsAt).containsExactly(LocalTime.of(8, 0), LocalTime.of(10, 0));
        assertThat(monday).extracting(s -> s.subject().label()).containsExactly("Mathématiques", "Histoire-Géographie");
        assertThat(directory.timetable(school.schoolId, List.of(school.classId), DayOfWeek.MONDAY))
                .singleElement()
                .satisfies(s -> assertThat(s.room()).contains("B12"));
        assertThat(directory.timetable(school.schoolId, audiences, DayOfWeek.SATURDAY))
                .isEmpty();
        assertThat(directory.weeklyTimetable(school.schoolId, audiences)).hasSize(10);
    }

    @Test
    void membershipsGiveRoleAndStaffFunctionPerSchool() {
        var school = TestSchool.create(jdbc);

        assertThat(directory.membershipsOf(school.head.accountId()))
                .singleElement()
                .satisfies(m -> {
                    assertThat(m.school().id()).isEqualTo(school.schoolId);
                    assertThat(m.role()).isEqualTo(Role.STAFF);
                    assertThat(m.function()).contains("DIRECTION");
                });
        assertThat(directory.isMemberOf(school.pupil.accountId(), school.schoolId))
                .isTrue();
        assertThat(directory.isMemberOf(school.pupil.accountId(), TestSchool.create(jdbc).schoolId))
                .isFalse();
    }

    @Test
    void listsOfPeopleCarryNamesSortedByName() {
        var school = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, school);

        assertThat(directory.pupilsOf(school.schoolId, school.classId))
                .extracting(Person::displayName)
                .containsExactly("Hugo Bernard", "Louise Martin");
        assertThat(directory.pupilsOf(school.schoolId, school.groupId))
                .extracting(Person::accountId)
                .containsExactly(school.pupil.accountId());
        assertThat(directory.teachersOf(school.schoolId, school.classId))
                .extracting(Person::accountId, Person::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(school.mathsTeacher.accountId(), Role.TEACHER));
        assertThat(directory.parentsOf(school.pupil.accountId()))
                .extracting(Person::displayName)
                .containsExactly("Claire Martin");
        assertThat(directory.parentsOfPupilsOf(school.schoolId, school.classId))
                .containsOnlyKeys(school.pupil.accountId());
    }

    @Test
    void searchPeopleStaysInItsSchoolAndPagesByKey() {
        var a = TestSchool.create(jdbc);
        var b = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, a);
        DirectoryFixtures.indexNames(jdbc, b);

        // Both schools have a "Louise Martin" and a "Claire Martin".
        var martins = directory.searchPeople(a.schoolId, "MARTIN", 10);
        assertThat(martins).extracting(Person::accountId).containsExactly(a.parent.accountId(), a.pupil.accountId());

        var first = directory.searchPeople(a.schoolId, "", Optional.empty(), 4);
        var second = directory.searchPeople(
                a.schoolId, "", Optional.of(first.getLast().accountId()), 4);
        assertThat(first).hasSize(4);
        assertThat(second).hasSize(2);
        assertThat(first)
                .extracting(Person::accountId)
                .doesNotContainAnyElementsOf(
                        second.stream().map(Person::accountId).toList());
        assertThat(directory.searchPeople(a.schoolId, a.pupil.login(), 10))
                .extracting(Person::accountId)
                .containsExactly(a.pupil.accountId());
        assertThat(directory.searchPeople(a.schoolId, "50%_", 10)).isEmpty();
    }

    @Test
    void aParentOfAPupilIsAPersonOfThePupilsSchoolEvenWithoutMembership() {
        var a = TestSchool.create(jdbc);
        var outsider = DirectoryFixtures.account(jdbc, Profile.PARENT, "Paul", "Externe");
        DirectoryFixtures.parentOf(jdbc, outsider.accountId(), a.otherPupil.accountId());
        DirectoryFixtures.indexNames(jdbc, a);

        assertThat(directory.searchPeople(a.schoolId, "externe", 10))
                .extracting(Person::accountId, Person::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(outsider.accountId(), Role.PARENT));
    }
}
