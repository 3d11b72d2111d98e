package org.preau.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.directory.SchoolCalendar;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Rights are asked on every page (the cahier de textes, the console): once the directory's caches are warm they cost
 * no query at all, and a directory change (which drops the caches on every node) is seen at the next question.
 */
@PreauIntegrationTest
class RightsQueryCountTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    NameIndex names;

    @Autowired
    SchoolCalendar calendar;

    @Autowired
    Accounts accounts;

    CountingDataSource counting;
    CachingDirectory directory;
    DirectoryRights rights;

    @BeforeEach
    void countingRights() {
        counting = new CountingDataSource(dataSource);
        directory =
                new CachingDirectory(new DirectoryQueries(JdbcClient.create(counting.dataSource())), names, calendar);
        rights = new DirectoryRights(directory, accounts);
    }

    @Test
    void aPageOfRightsCostsNoQueryWhenWarm() {
        var s = TestSchool.create(jdbc);
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
        Runnable page = () -> {
            rights.isStaffOf(s.head, s.schoolId);
            rights.isDirectionOf(s.head, s.schoolId);
            rights.administers(s.head, s.schoolId);
            rights.governs(s.head, s.schoolId);
            rights.administeredSchools(s.head);
            rights.governedSchools(s.head);
            rights.administers(operator, s.schoolId);
            rights.teaches(s.mathsTeacher, s.classId);
            rights.teaches(s.mathsTeacher, s.classId, s.mathsId);
            rights.mayReadPupil(s.parent, s.pupil.accountId());
            rights.mayReadPupil(s.historyTeacher, s.pupil.accountId());
            rights.mayReadPupil(s.head, s.pupil.accountId());
        };
        page.run();
        counting.reset();

        page.run();
        page.run();
        assertThat(counting.statements()).isZero();

        // The head leaves the school: the directory changes, the next answer follows.
        jdbc.sql("delete from school_member where school_id = ? and account_id = ?")
                .params(s.schoolId, s.head.accountId())
                .update();
        directory.invalidateAll();
        assertThat(rights.administers(s.head, s.schoolId)).isFalse();
    }
}
