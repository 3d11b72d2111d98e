package org.preau.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.directory.PupilPlacement;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reads of every page cost a fixed number of statements whatever the number of groups, subjects or children,
 * and none at all once cached. The directory is built here on a DataSource that counts statements.
 */
@PreauIntegrationTest
class HotReadQueryCountTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    NameIndex names;

    @Autowired
    org.preau.directory.SchoolCalendar calendar;

    CountingDataSource counting;
    CachingDirectory directory;

    @BeforeEach
    void countingDirectory() {
        counting = new CountingDataSource(dataSource);
        directory =
                new CachingDirectory(new DirectoryQueries(JdbcClient.create(counting.dataSource())), names, calendar);
    }

    @Test
    void placementChildrenAndAssignmentsCostOneStatementWhateverTheirSize() {
        var small = TestSchool.create(jdbc);
        var big = TestSchool.create(jdbc);
        // In the big school the pupil has 12 more groups, the teacher 12 more assignments, the parent 3 more children.
        for (int i = 0; i < 12; i++) {
            var group = DirectoryFixtures.group(jdbc, big.schoolId, "Groupe " + i);
            var subject = DirectoryFixtures.subject(jdbc, big.schoolId, "Matière " + i);
            DirectoryFixtures.enrolInGroup(jdbc, big.schoolId, group, big.pupil.accountId());
            DirectoryFixtures.assignToGroup(jdbc, big.schoolId, big.historyTeacher.accountId(), group, subject);
        }
        DirectoryFixtures.parentOf(jdbc, big.parent.accountId(), big.otherPupil.accountId());
        for (int i = 0; i < 2; i++) {
            var elsewhere = TestSchool.create(jdbc);
            DirectoryFixtures.parentOf(jdbc, big.parent.accountId(), elsewhere.pupil.accountId());
        }

        assertThat(statements(() -> directory.placementOf(small.pupil.accountId())))
                .isEqualTo(1);
        assertThat(statements(() -> directory.placementOf(big.pupil.accountId())))
                .isEqualTo(1);
        assertThat(directory.placementOf(big.pupil.accountId()).map(PupilPlacement::groups))
                .hasValueSatisfying(g -> assertThat(g).hasSize(13));

        assertThat(statements(() -> directory.childrenOf(small.parent.accountId())))
                .isEqualTo(1);
        assertThat(statements(() -> directory.childrenOf(big.parent.accountId())))
                .isEqualTo(1);
        assertThat(directory.childrenOf(big.parent.accountId())).hasSize(4);

        assertThat(statements(() -> directory.assignmentsOf(small.historyTeacher.accountId())))
                .isEqualTo(1);
        assertThat(statements(() -> directory.assignmentsOf(big.historyTeacher.accountId())))
                .isEqualTo(1);
        assertThat(directory.assignmentsOf(big.historyTeacher.accountId())).hasSize(13);

        assertThat(statements(() -> directory.membershipsOf(big.pupil.accountId())))
                .isEqualTo(1);
        assertThat(statements(
                        () -> directory.timetable(big.schoolId, java.util.List.of(big.classId), DayOfWeek.MONDAY)))
                .isEqualTo(1);
    }

    @Test
    void cachedReadsRunNoStatementUntilTheDirectoryChanges() {
        var school = TestSchool.create(jdbc);
        var audiences = java.util.List.of(school.classId, school.groupId);
        Runnable pageReads = () -> {
            directory.placementOf(school.pupil.accountId());
            directory.childrenOf(school.parent.accountId());
            directory.isParentOf(school.parent.accountId(), school.pupil.accountId());
            directory.assignmentsOf(school.mathsTeacher.accountId());
            directory.teaches(school.mathsTeacher.accountId(), school.classId, school.mathsId);
            directory.membershipsOf(school.pupil.accountId());
            directory.isMemberOf(school.pupil.accountId(), school.schoolId);
            directory.timetable(school.schoolId, audiences, DayOfWeek.MONDAY);
            directory.timetable(school.schoolId, audiences, DayOfWeek.TUESDAY);
            directory.timetableOn(school.schoolId, audiences, java.time.LocalDate.of(2026, 12, 25));
            directory.school(school.schoolId);
        };
        pageReads.run();
        counting.reset();

        pageReads.run();
        pageReads.run();
        assertThat(counting.statements()).isZero();

        directory.invalidateAll();
        pageReads.run();
        assertThat(counting.statements()).isEqualTo(7);
    }

    private int statements(Supplier<?> call) {
        counting.reset();
        call.get();
        return counting.statements();
    }

    @Test
    void theSchoolCalendarReadsAZoneOnceThenAnswersFromMemory() {
        var school = TestSchool.create(jdbc);
        var calendar = new org.preau.directory.internal.calendar.CachingSchoolCalendar(
                JdbcClient.create(counting.dataSource()));
        var days = java.util.stream.IntStream.range(0, 60)
                .mapToObj(i -> java.time.LocalDate.of(2026, 12, 1).plusDays(i))
                .toList();

        counting.reset();
        days.forEach(d -> calendar.isSchoolDay(school.schoolId, d));
        assertThat(counting.statements()).isEqualTo(1);

        counting.reset();
        days.forEach(d -> calendar.isHoliday(school.schoolId, d));
        calendar.nextSchoolDay(school.schoolId, java.time.LocalDate.of(2026, 12, 18));
        calendar.daysOff(school.schoolId, days.getFirst(), days.getLast());
        calendar.schoolYear(school.schoolId, days.getFirst());
        assertThat(counting.statements()).isZero();

        calendar.invalidateAll();
        calendar.isSchoolDay(school.schoolId, days.getFirst());
        assertThat(counting.statements()).isEqualTo(1);
    }
}
