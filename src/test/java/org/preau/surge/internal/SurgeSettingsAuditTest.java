package org.preau.surge.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.audit.AuditEvent;
import org.preau.support.PreauIntegrationTest;
import org.preau.surge.SurgeSettings;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.Scenario;

/** A change of the surge settings is an operator action: audited with what changed, inside the saving transaction. */
@PreauIntegrationTest
@EnableScenarios
class SurgeSettingsAuditTest {

    @Autowired
    SurgeConsole console;

    @Autowired
    JdbcClient jdbc;

    private CurrentUser operator;

    @AfterEach
    void restoreDefaults() {
        if (operator != null) {
            console.update(operator, SurgeSettings.defaults());
        }
    }

    @Test
    void changingASettingIsAuditedWithWhatChanged(Scenario scenario) {
        operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
        console.update(operator, SurgeSettings.defaults());
        var d = SurgeSettings.defaults();
        var longer = new SurgeSettings(
                d.waitingRoom(),
                d.admissionPerSecond(),
                d.requestsPerVisitor(),
                d.roomCapacity(),
                d.laneMaxConcurrency(),
                d.laneQueue(),
                d.laneMaxWaitMillis(),
                d.proofOfWork(),
                d.powBaseBits(),
                d.powMaxBits(),
                d.powFailedLoginsPerSecond(),
                d.powLoginQueue(),
                d.addressPerSecond(),
                d.accountPerSecond(),
                d.loginPerMinute(),
                d.writesPerMinute(),
                d.suspectMinutes() + 1,
                d.readOnly());

        scenario.stimulate(() -> console.update(operator, longer))
                .andWaitForEventOfType(AuditEvent.class)
                .matching(
                        e -> e.action().equals("surge.settings") && e.actorId().equals(operator.accountId()))
                .toArriveAndVerify(e -> {
                    assertThat(e.schoolId()).isEmpty();
                    assertThat(e.detail().get("changes"))
                            .isEqualTo("suspectMinutes: " + d.suspectMinutes() + " → " + (d.suspectMinutes() + 1));
                });
        scenario.stimulate(() -> {})
                .andWaitForStateChange(
                        () -> jdbc.sql(
                                        "select count(*) from audit_log where actor_id = ? and action = 'surge.settings'")
                                .param(operator.accountId())
                                .query(Integer.class)
                                .single(),
                        n -> n >= 1)
                .andVerify(n -> assertThat(n).isGreaterThanOrEqualTo(1));
    }

    @Test
    void theChangesNameOnlyTheSettingsThatDiffer() {
        var d = SurgeSettings.defaults();
        var changed = SurgeFilterTest.with(
                d, 7, SurgeSettings.RoomMode.OPEN, d.proofOfWork(), d.readOnly(), d.admissionPerSecond());

        assertThat(SettingsStore.changes(d, d)).isEmpty();
        assertThat(SettingsStore.changes(d, changed))
                .startsWith("waitingRoom: " + d.waitingRoom() + " → OPEN; ")
                .contains("addressPerSecond: " + d.addressPerSecond() + " → 7")
                .doesNotContain("readOnly");
    }
}
