package org.preau.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.preau.platform.ClusterBus;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** What an import does after writing: publish DirectoryChanged in its transaction; every node then forgets. */
@PreauIntegrationTest
class DirectoryChangedTest {

    @Autowired
    Directory directory;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    ClusterBus bus;

    @Test
    void cachedPlacementIsForgottenWhenTheImportCommitsAndEveryNodeIsTold() throws Exception {
        var s = TestSchool.create(jdbc);
        var signals = new LinkedBlockingQueue<String>();
        bus.subscribe("directory", signals::add);
        assertThat(directory.placementOf(s.otherPupil.accountId()).orElseThrow().groups())
                .isEmpty();

        transactions.executeWithoutResult(tx -> {
            DirectoryFixtures.enrolInGroup(jdbc, s.schoolId, s.groupId, s.otherPupil.accountId());
            events.publishEvent(DirectoryChanged.of(s.schoolId));
            // Not committed yet: this node still serves what it cached.
            assertThat(directory
                            .placementOf(s.otherPupil.accountId())
                            .orElseThrow()
                            .groups())
                    .isEmpty();
        });

        assertThat(directory.placementOf(s.otherPupil.accountId()).orElseThrow().groups())
                .extracting(TeachingGroup::id)
                .containsExactly(s.groupId);
        String signal;
        do {
            signal = signals.poll(10, TimeUnit.SECONDS);
        } while (signal != null && !signal.equals(s.schoolId.toString()));
        assertThat(signal).isEqualTo(s.schoolId.toString());
    }

    @Test
    void aRolledBackImportSignalsNothing() throws Exception {
        var s = TestSchool.create(jdbc);
        var signals = new LinkedBlockingQueue<String>();
        bus.subscribe("directory", signals::add);

        transactions.executeWithoutResult(tx -> {
            events.publishEvent(DirectoryChanged.of(s.schoolId));
            tx.setRollbackOnly();
        });
        // A later signal proves the bus delivered in order; the rolled-back one never arrives.
        var later = TestSchool.create(jdbc);
        transactions.executeWithoutResult(tx -> events.publishEvent(DirectoryChanged.of(later.schoolId)));

        var received = new java.util.ArrayList<String>();
        String signal;
        do {
            signal = signals.poll(10, TimeUnit.SECONDS);
            if (signal != null) {
                received.add(signal);
            }
        } while (signal != null && !signal.equals(later.schoolId.toString()));
        assertThat(received).contains(later.schoolId.toString()).doesNotContain(s.schoolId.toString());
    }

    @Test
    void namesComeFromIdentityAndAreRefreshedAfterAnImport() {
        var s = TestSchool.create(jdbc);

        // No name seeded: the directory asks identity's Accounts the first time it lists the school.
        assertThat(directory.pupilsOf(s.schoolId, s.classId))
                .extracting(Person::displayName)
                .containsExactly("Hugo Bernard", "Louise Martin");

        jdbc.sql("update account set display_name = 'Louise Martin-Durand' where id = ?")
                .param(s.pupil.accountId())
                .update();
        transactions.executeWithoutResult(tx -> events.publishEvent(DirectoryChanged.of(s.schoolId)));

        assertThat(directory.searchPeople(s.schoolId, "durand", 10))
                .extracting(Person::accountId)
                .containsExactly(s.pupil.accountId());
    }
}
