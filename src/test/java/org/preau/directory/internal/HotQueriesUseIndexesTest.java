package org.preau.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queries behind every page can be answered from indexes (the test database is small, so sequential scans are
 * switched off for the EXPLAIN: what matters is that an index exists that the planner can use).
 */
@PreauIntegrationTest
class HotQueriesUseIndexesTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void placementReadsEnrolmentsAndMembershipsByPupilIndex() {
        var s = TestSchool.create(jdbc);
        assertThat(plan(DirectoryQueries.PLACEMENT_OF, "pupil", s.pupil.accountId()))
                .contains("class_enrolment_pupil_idx", "group_enrolment_pupil_idx", "school_member_account_idx")
                .doesNotContain("Seq Scan");
    }

    @Test
    void childrenAreFoundThroughTheParentLinkKey() {
        var s = TestSchool.create(jdbc);
        assertThat(plan(DirectoryQueries.CHILDREN_OF, "parent", s.parent.accountId()))
                .contains("parent_link_pkey")
                .doesNotContain("Seq Scan");
    }

    @Test
    void assignmentsAreFoundByTeacherIndex() {
        var s = TestSchool.create(jdbc);
        assertThat(plan(DirectoryQueries.ASSIGNMENTS_OF, "teacher", s.mathsTeacher.accountId()))
                .contains("teaching_assignment_teacher_idx")
                .doesNotContain("Seq Scan");
    }

    private String plan(String sql, String param, UUID value) {
        return transactions.execute(tx -> {
            jdbc.sql("set local enable_seqscan = off").update();
            List<String> lines = jdbc.sql("explain " + sql)
                    .param(param, value)
                    .query(String.class)
                    .list();
            return String.join("\n", lines);
        });
    }
}
