package org.preau.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.preau.identity.AccountData;
import org.preau.identity.AccountRenamed;
import org.preau.identity.Accounts;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.Scenario;

/**
 * The directory's copy of names (ADR 0006) follows identity's {@link AccountRenamed} events, delivered through the
 * event publication registry (an {@code @ApplicationModuleListener}), and a completed publication does not stay in
 * the registry.
 */
@PreauIntegrationTest
@EnableScenarios
class AccountRenamedTest {

    @Autowired
    Accounts accounts;

    @Autowired
    NameIndex names;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRenamedAccountIsRenamedInTheDirectoryCopy(Scenario scenario) {
        String externalId = "rename-" + UUID.randomUUID();
        UUID id = accounts.upsertByExternalId(List.of(new AccountData(
                        externalId, Optional.empty(), "Camille", "Durand", Profile.PUPIL, Optional.empty())))
                .get(externalId);
        names.ensure(List.of(id));
        assertThat(copiedName(id)).isEqualTo("Camille Durand");

        // The feed now spells the name differently.
        scenario.stimulate(() -> accounts.upsertByExternalId(List.of(new AccountData(
                        externalId, Optional.empty(), "Camille", "Durand-Petit", Profile.PUPIL, Optional.empty()))))
                .andWaitForStateChange(() -> copiedName(id), name -> name.equals("Camille Durand-Petit"))
                .andVerify(name -> assertThat(name).isEqualTo("Camille Durand-Petit"));

        String newLogin = "camille.dp." + id.toString().substring(0, 8);
        scenario.stimulate(() -> accounts.changeLogin(id, newLogin))
                .andWaitForEventOfType(AccountRenamed.class)
                .matching(e -> e.accountId().equals(id) && e.login().equals(newLogin))
                .toArriveAndVerify(e -> assertThat(e.displayName()).isEqualTo("Camille Durand-Petit"));
        scenario.stimulate(() -> {})
                .andWaitForStateChange(() -> copiedLogin(id), newLogin::equals)
                .andVerify(login -> assertThat(login).isEqualTo(newLogin));

        // Completed publications are deleted (spring.modulith.events.completion-mode=delete).
        scenario.stimulate(() -> {})
                .andWaitForStateChange(() -> publicationsOf(id), n -> n == 0)
                .andVerify(n -> assertThat(n).isZero());
    }

    private String copiedName(UUID id) {
        return jdbc.sql("select display_name from directory_person where account_id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private String copiedLogin(UUID id) {
        return jdbc.sql("select login from directory_person where account_id = ?")
                .param(id)
                .query(String.class)
                .single();
    }

    private long publicationsOf(UUID id) {
        return jdbc.sql("select count(*) from event_publication where serialized_event like ?")
                .param("%" + id + "%")
                .query(Long.class)
                .single();
    }
}
