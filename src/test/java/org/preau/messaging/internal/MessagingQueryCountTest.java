package org.preau.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.messaging.internal.MessagingFixtures.group;
import static org.preau.messaging.internal.MessagingFixtures.message;
import static org.preau.messaging.internal.MessagingFixtures.school;
import static org.preau.messaging.internal.MessagingFixtures.to;
import static org.preau.support.TestSchool.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.directory.RecipientGroup.Kind;
import org.preau.identity.CurrentUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * What opening the inbox and sending to a big group cost in SQL statements, counted on the request's own thread
 * (not timed: the times are {@code bench/messaging}'s). Neither may grow with the data: the inbox costs the same
 * with one message as with a full page and more (no query per message listed), and a message to a 1,000-member
 * group costs the same statements as one to a 10-member group (the mailbox rows are one insert), while every member
 * gets exactly one mailbox row.
 */
@PreauIntegrationTest
class MessagingQueryCountTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    MessagingService messaging;

    @Autowired
    ApplicationContext context;

    TestSchool school;

    @BeforeEach
    void setUp() {
        RealCsrf.restore(context);
        school = school(jdbc);
    }

    /**
     * The fewest statements over three requests of the inbox page: another test class's directory change landing
     * during one request makes that one a cold request; a statement added per request or per message still shows.
     */
    int inboxStatements(CurrentUser user) throws Exception {
        int fewest = Integer.MAX_VALUE;
        List<String> seen = List.of();
        for (int i = 0; i < 3; i++) {
            StatementCounter.start();
            try {
                mvc.perform(get("/messagerie").with(as(user))).andExpect(status().isOk());
            } finally {
                var statements = StatementCounter.stop();
                if (statements.size() < fewest) {
                    fewest = statements.size();
                    seen = statements;
                }
            }
        }
        System.out.printf("[messaging] inbox statements: %d %s%n", fewest, seen);
        return fewest;
    }

    @Test
    void theInboxCostsTheSameStatementsWithOneMessageAsWithMoreThanAPage() throws Exception {
        messaging.sendNew(school.mathsTeacher, message("Premier message", to(school.parent)));
        int one = inboxStatements(school.parent);

        // 44 more, from two senders, to the parent alone and to the class's parents too: more than a page (30).
        String parents = group(school, Kind.PARENTS, school.classId);
        for (int i = 0; i < 22; i++) {
            messaging.sendNew(school.historyTeacher, message("Maths " + i, to(school.parent)));
            messaging.sendNew(school.mathsTeacher, message("Histoire " + i, parents, to(school.parent)));
        }
        int many = inboxStatements(school.parent);
        String page = mvc.perform(get("/messagerie").with(as(school.parent)))
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(page).contains("Histoire 21").contains("apres=");
        assertThat(messaging.unread(school.parent)).isEqualTo(45);

        assertThat(many).as("statements with 45 messages vs 1").isEqualTo(one);
        // Session, the page's reads (list, targets of the listed messages, folders, unread count, moderation
        // rights, suspensions): a handful, whatever the inbox holds.
        assertThat(many).isLessThanOrEqualTo(12);
    }

    @Test
    void aThousandMemberGroupGetsOneRowEachForTheStatementsOfATenMemberOne() {
        UUID subject = DirectoryFixtures.subject(jdbc, school.schoolId, "Vie de classe");
        UUID small = bigGroup(10, subject);
        UUID big = bigGroup(1_000, subject);
        UUID warm = bigGroup(3, subject);
        messaging.sendNew(school.mathsTeacher, message("Échauffement", group(school, Kind.PUPILS, warm)));

        StatementCounter.start();
        var toSmall = messaging.sendNew(school.mathsTeacher, message("Sortie", group(school, Kind.PUPILS, small)));
        var smallStatements = StatementCounter.stop();
        StatementCounter.start();
        var toBig = messaging.sendNew(school.mathsTeacher, message("Sortie", group(school, Kind.PUPILS, big)));
        var bigStatements = StatementCounter.stop();
        System.out.printf(
                "[messaging] send statements: 10 members %d, 1,000 members %d %s%n",
                smallStatements.size(), bigStatements.size(), bigStatements);

        assertThat(recipientRows(toSmall.id())).containsExactly(10, 10);
        assertThat(recipientRows(toBig.id()))
                .as("mailbox rows and distinct members")
                .containsExactly(1_000, 1_000);
        assertThat(bigStatements).hasSameSizeAs(smallStatements);
    }

    /** [mailbox rows, distinct accounts] of a message's recipients. */
    List<Integer> recipientRows(UUID messageId) {
        return jdbc.sql("""
                        select count(*)::int as rows, count(distinct account_id)::int as people from mailbox
                        where message_id = ? and party = 'RECIPIENT'""")
                .param(messageId)
                .query((rs, n) -> List.of(rs.getInt("rows"), rs.getInt("people")))
                .single();
    }

    /** A group of {@code size} new pupils of the school, taught by the maths teacher (so offered to them). */
    UUID bigGroup(int size, UUID subject) {
        UUID groupId = DirectoryFixtures.group(jdbc, school.schoolId, "Groupe de " + size);
        String prefix = "eleve" + size + "." + groupId.toString().substring(24) + ".";
        jdbc.sql("""
                        insert into account (id, login, display_name, given_name, family_name, profile, status)
                        select gen_random_uuid(), :prefix || i, 'Élève ' || i, 'Élève', i::text, 'PUPIL', 'ACTIVE'
                        from generate_series(1, :n) as i""").param("prefix", prefix).param("n", size).update();
        jdbc.sql("""
                        insert into school_member (school_id, account_id, role, school_year)
                        select :school, id, 'PUPIL', '2026-2027' from account where login like :prefix || '%'""").param("school", school.schoolId).param("prefix", prefix).update();
        jdbc.sql("""
                        insert into group_enrolment (school_id, group_id, pupil_id)
                        select :school, :group, id from account where login like :prefix || '%'""")
                .param("school", school.schoolId)
                .param("group", groupId)
                .param("prefix", prefix)
                .update();
        DirectoryFixtures.assignToGroup(jdbc, school.schoolId, school.mathsTeacher.accountId(), groupId, subject);
        DirectoryFixtures.indexNames(jdbc, school);
        return groupId;
    }
}
