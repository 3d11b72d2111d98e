package org.preau.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.CommunicationPolicy.Pair;
import org.preau.directory.CommunicationRules;
import org.preau.directory.CommunicationSettings;
import org.preau.directory.DirectoryFixtures;
import org.preau.directory.Person;
import org.preau.directory.Reach;
import org.preau.directory.RecipientGroup;
import org.preau.directory.RecipientGroup.Kind;
import org.preau.directory.Role;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A message to a class asks the rules for the sender's groups and their members several times (the draft saved, then
 * sent). Once asked, they cost no query until the directory changes; a change is seen at the next question, on this
 * node through the settings as on any node through the invalidation, and an answer loaded while a change was being
 * made is not kept.
 */
@PreauIntegrationTest
class RecipientRightsCacheTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    NameIndex names;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    CommunicationRules springRules;

    @Autowired
    CommunicationSettings settings;

    CountingDataSource counting;
    TestSchool s;

    @BeforeEach
    void setUp() {
        counting = new CountingDataSource(dataSource);
        s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);
    }

    private CommunicationRulesService rulesOn(RecipientQueries queries) {
        return new CommunicationRulesService(queries, names, jdbc, events, Clock.systemUTC());
    }

    private static RecipientGroup teachersOfTheClass(List<RecipientGroup> groups, UUID classId) {
        return groups.stream()
                .filter(g -> g.kind() == Kind.TEACHERS && g.audienceId().equals(Optional.of(classId)))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aMessageToAClassCostsNoRightsQueryOnceAskedAndAChangeIsSeenAtTheNextQuestion() {
        var rules = rulesOn(new RecipientQueries(JdbcClient.create(counting.dataSource())));
        UUID pupil = s.pupil.accountId();
        var teachers = teachersOfTheClass(rules.recipientGroups(pupil), s.classId);
        assertThat(rules.membersOf(pupil, teachers))
                .extracting(Person::accountId)
                .containsExactly(s.mathsTeacher.accountId());
        assertThat(rules.mayWrite(pupil, s.mathsTeacher.accountId())).isTrue();
        counting.reset();

        // What saving and then sending the draft ask again: nothing reaches the database.
        for (int i = 0; i < 3; i++) {
            teachersOfTheClass(rules.recipientGroups(pupil), s.classId);
            rules.membersOf(pupil, teachers);
            rules.mayWrite(pupil, s.mathsTeacher.accountId());
        }
        assertThat(counting.statements()).isZero();

        // A guessed group key of another class is still refused from the cached offer, without a query.
        var guessed = new RecipientGroup(s.schoolId, Kind.TEACHERS, Optional.of(UUID.randomUUID()), "");
        assertThat(rules.membersOf(pupil, guessed)).isEmpty();
        assertThat(counting.statements()).isZero();

        // The maths teacher stops teaching the class: after the directory's invalidation, the next answers follow.
        jdbc.sql("delete from teaching_assignment where school_id = ? and teacher_id = ? and class_id = ?")
                .params(s.schoolId, s.mathsTeacher.accountId(), s.classId)
                .update();
        rules.invalidateAll();
        // (The class's teachers stay offered as a group, which now reaches nobody: sending to it says so.)
        assertThat(rules.membersOf(pupil, teachers)).isEmpty();
        assertThat(rules.mayWrite(pupil, s.mathsTeacher.accountId())).isFalse();
        assertThat(counting.statements()).isPositive();
    }

    @Test
    void anAnswerLoadedWhileTheDirectoryChangesIsNotKept() {
        var loads = new java.util.concurrent.atomic.AtomicInteger();
        var holder = new CommunicationRulesService[1];
        var queries = new RecipientQueries(jdbc) {
            @Override
            List<RecipientGroup> groups(UUID from) {
                var read = super.groups(from);
                if (loads.incrementAndGet() == 1) {
                    // A change commits (and its invalidation runs) after this load read the directory.
                    holder[0].invalidateAll();
                }
                return read;
            }
        };
        var rules = rulesOn(queries);
        holder[0] = rules;

        rules.recipientGroups(s.pupil.accountId());
        rules.recipientGroups(s.pupil.accountId());
        assertThat(loads)
                .as("the overlapped answer was not kept, the next question loads")
                .hasValue(2);
        rules.recipientGroups(s.pupil.accountId());
        assertThat(loads)
                .as("an answer loaded with no change overlapping is kept")
                .hasValue(2);
    }

    @Test
    void aRuleChangedFromTheSettingsIsSeenAtOnceByASenderWhoseGroupsWereAsked() {
        UUID pupil = s.pupil.accountId();
        assertThat(springRules.recipientGroups(pupil)).anyMatch(g -> g.kind() == Kind.STAFF);
        var staff = springRules.recipientGroups(pupil).stream()
                .filter(g -> g.kind() == Kind.STAFF)
                .findFirst()
                .orElseThrow();
        assertThat(springRules.membersOf(pupil, staff)).isNotEmpty();
        assertThat(springRules.mayWrite(pupil, s.head.accountId())).isTrue();

        settings.update(s.schoolId, Map.of(new Pair(Role.PUPIL, Role.STAFF), Reach.NOBODY), s.head.accountId());

        assertThat(springRules.recipientGroups(pupil)).noneMatch(g -> g.kind() == Kind.STAFF);
        assertThat(springRules.membersOf(pupil, staff)).isEmpty();
        assertThat(springRules.mayWrite(pupil, s.head.accountId())).isFalse();
    }
}
