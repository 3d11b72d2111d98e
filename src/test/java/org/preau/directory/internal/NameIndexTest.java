package org.preau.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.preau.directory.Directory;
import org.preau.directory.DirectoryChanged;
import org.preau.directory.Person;
import org.preau.identity.Accounts;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whether a school has a name for everyone is checked once per node, and checked again after any change of the
 * directory (docs/adr/0086).
 */
@PreauIntegrationTest
class NameIndexTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    ObjectProvider<Accounts> accounts;

    @Autowired
    Directory directory;

    @Autowired
    ApplicationEventPublisher events;

    /** A name index of its own (an empty memory of checked schools) whose statements are counted. */
    private NameIndex countedNames(CountingDataSource counting) {
        return new NameIndex(
                JdbcClient.create(counting.dataSource()),
                new JdbcTemplate(counting.dataSource()),
                accounts,
                Clock.systemUTC());
    }

    @Test
    void aCompleteSchoolIsCheckedOnceUntilForgotten() {
        var school = TestSchool.create(jdbc);
        var counting = new CountingDataSource(dataSource);
        var names = countedNames(counting);

        names.ensureSchool(school.schoolId); // fills the names of the new school (not remembered yet: may roll back)
        counting.reset();
        names.ensureSchool(school.schoolId);
        assertThat(counting.statements())
                .as("checked again after a fill, found complete")
                .isEqualTo(1);
        counting.reset();
        names.ensureSchool(school.schoolId);
        names.ensureSchoolsOf(school.pupil.accountId());
        assertThat(counting.statements())
                .as("one query for the pupil's schools, none for a school found complete")
                .isEqualTo(1);
        counting.reset();
        names.ensureSchoolsOf(school.pupil.accountId());
        assertThat(counting.statements()).isZero();

        names.forget();
        counting.reset();
        names.ensureSchool(school.schoolId);
        assertThat(counting.statements()).as("checked again after a change").isEqualTo(1);
    }

    @Test
    void aSchoolIsRememberedOnlyOnceTheTransactionThatFoundItCompleteCommits() {
        var counting = new CountingDataSource(dataSource);
        var names = countedNames(counting);
        var transactions = new org.springframework.transaction.support.TransactionTemplate(
                new org.springframework.jdbc.datasource.DataSourceTransactionManager(counting.dataSource()));

        var rolledBack = TestSchool.create(jdbc);
        transactions.executeWithoutResult(tx -> {
            names.ensureSchool(rolledBack.schoolId); // fills, in this transaction
            names.ensureSchool(rolledBack.schoolId); // finds it complete: its own names
            counting.reset();
            names.ensureSchool(rolledBack.schoolId);
            assertThat(counting.statements())
                    .as("not remembered before the commit")
                    .isEqualTo(1);
            tx.setRollbackOnly();
        });
        counting.reset();
        names.ensureSchool(rolledBack.schoolId);
        assertThat(counting.statements())
                .as("rolled back: checked again, and its names filled again")
                .isGreaterThan(1);

        var committed = TestSchool.create(jdbc);
        transactions.executeWithoutResult(tx -> {
            names.ensureSchool(committed.schoolId);
            names.ensureSchool(committed.schoolId);
        });
        counting.reset();
        names.ensureSchool(committed.schoolId);
        assertThat(counting.statements()).as("remembered after the commit").isZero();
    }

    @Test
    void aPersonAddedWithTheDirectorysEventIsListedAtOnce() {
        var school = TestSchool.create(jdbc);
        assertThat(directory.searchPeople(school.schoolId, "", 100)).isNotEmpty(); // fills the school's names
        assertThat(directory.searchPeople(school.schoolId, "", 100)).isNotEmpty(); // now found complete
        var newcomer = org.preau.directory.DirectoryFixtures.account(
                jdbc, org.preau.identity.Profile.PUPIL, "Zoé", "Nouvelle");
        // Written as an import writes it: the member, without the copy of the name, then the directory's event.
        jdbc.sql("insert into school_member (school_id, account_id, role, school_year) values (?,?,?,?)")
                .params(school.schoolId, newcomer.accountId(), "PUPIL", "2026-2027")
                .update();
        assertThat(directory.searchPeople(school.schoolId, "zoe nouvelle", 10))
                .as("before the event, this node remembers the school as complete")
                .isEmpty();
        events.publishEvent(DirectoryChanged.of(school.schoolId));

        assertThat(directory.searchPeople(school.schoolId, "zoe nouvelle", 10))
                .extracting(Person::accountId)
                .containsExactly(newcomer.accountId());
    }
}
