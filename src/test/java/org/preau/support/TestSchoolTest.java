package org.preau.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class TestSchoolTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void twoFixtureSchoolsNeverCollide() {
        var a = TestSchool.create(jdbc);
        var b = TestSchool.create(jdbc);
        assertThat(a.schoolId).isNotEqualTo(b.schoolId);
        int members = jdbc.sql("select count(*) from school_member where school_id = ?")
                .param(a.schoolId)
                .query(Integer.class)
                .single();
        assertThat(members).isEqualTo(6);
    }
}
