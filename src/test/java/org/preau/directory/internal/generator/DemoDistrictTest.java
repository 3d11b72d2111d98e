package org.preau.directory.internal.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.directory.DemoDistrict;
import org.preau.identity.AccountStatus;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The test context starts in demo mode on an empty database, so the demo district is loaded at start-up. */
@PreauIntegrationTest
class DemoDistrictTest {

    @Autowired
    DemoDistrict demo;

    @Autowired
    DemoDistrictLoader loader;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    private UUID id(String login) {
        var account = accounts.findByLogin(login).orElseThrow();
        assertThat(account.status()).isEqualTo(AccountStatus.ACTIVE);
        return account.id();
    }

    @Test
    void theFiveDemoAccountsExistAndBelongTogether() {
        assertThat(demo.loaded()).isTrue();
        UUID eleve = id("eleve");
        UUID parent = id("parent");
        UUID enseignant = id("enseignant");
        UUID direction = id("direction");
        assertThat(accounts.findByLogin("admin").orElseThrow().profile()).isEqualTo(Profile.ADMIN);
        assertThat(accounts.find(eleve).orElseThrow().profile()).isEqualTo(Profile.PUPIL);

        assertThat(jdbc.sql("select count(*) from parent_link where parent_id = ? and child_id = ?")
                        .params(parent, eleve)
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
        int teaches = jdbc.sql("""
                        select count(*) from teaching_assignment a
                        where a.teacher_id = ?
                          and (a.class_id in (select class_id from class_enrolment where pupil_id = ?)
                            or a.group_id in (select group_id from group_enrolment where pupil_id = ?))""")
                .params(enseignant, eleve, eleve)
                .query(Integer.class)
                .single();
        assertThat(teaches).isPositive();
        assertThat(jdbc.sql("""
                        select count(*) from school_member m
                        join class_enrolment e on e.school_id = m.school_id and e.pupil_id = ?
                        where m.account_id = ? and m.role = 'STAFF' and m.function = 'DIRECTION'""").params(eleve, direction).query(Integer.class).single())
                .isEqualTo(1);
    }

    @Test
    void theDemoDistrictHasTwoSmallSchoolsWithATimetable() {
        var schools = jdbc.sql("""
                        select s.id from school s join school_member m on m.school_id = s.id
                        where m.account_id = ?""").param(id("eleve")).query(UUID.class).list();
        assertThat(schools).hasSize(1);
        assertThat(jdbc.sql("select count(*) from import_school_key where external_id like ?")
                        .param(DistrictLoader.prefix(DemoDistrictLoader.SEED) + "%")
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
        assertThat(jdbc.sql("select count(*) from timetable_slot where school_id = ?")
                        .param(schools.getFirst())
                        .query(Integer.class)
                        .single())
                .isGreaterThan(20);
    }

    @Test
    void startingAgainOnADatabaseWithSchoolsLoadsNothing() throws Exception {
        int before = jdbc.sql("select count(*) from import_person_key")
                .query(Integer.class)
                .single();
        loader.run(new DefaultApplicationArguments());
        assertThat(jdbc.sql("select count(*) from import_person_key")
                        .query(Integer.class)
                        .single())
                .isEqualTo(before);
        assertThat(accounts.findByLogin("eleve")).isPresent();
    }

    @Test
    void theDemoTeacherIsNeverInTwoClassesAtOnce() {
        UUID enseignant = id("enseignant");
        assertThat(jdbc.sql("select count(*) from timetable_slot where teacher_id = ?")
                        .param(enseignant)
                        .query(Integer.class)
                        .single())
                .isGreaterThan(3);
        // No teacher of the demo district (the demo teacher included) has two lessons at the same hour.
        assertThat(jdbc.sql("""
                        select t.teacher_id || ' ' || t.weekday || ' ' || t.starts_at from timetable_slot t
                        join import_school_key k on k.school_id = t.school_id and k.external_id like ?
                        where t.teacher_id is not null
                        group by t.teacher_id, t.weekday, t.starts_at having count(*) > 1""")
                        .param(DistrictLoader.prefix(DemoDistrictLoader.SEED) + "%")
                        .query(String.class)
                        .list())
                .isEmpty();
    }
}
