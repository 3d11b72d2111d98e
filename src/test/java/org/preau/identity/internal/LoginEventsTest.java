package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.identity.LoginFailed;
import org.preau.identity.LoginSucceeded;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.Scenario;

/** Identity's log-in publishes typed events (issue 8 §5), with no password and no secret in them. */
@PreauIntegrationTest
@EnableScenarios
class LoginEventsTest {

    static final String PASSWORD = LoginTest.PASSWORD;

    @Autowired
    Accounts accounts;

    @Autowired
    LoginService logins;

    @Test
    void aWrongPasswordPublishesLoginFailed(Scenario scenario) {
        var account = Accounts4Test.active(accounts, PASSWORD);
        String wrong = "a wrong password " + account.login();

        scenario.stimulate(() ->
                        logins.logIn(account.login(), wrong, new LoginService.Source("127.0.0.1", Optional.empty())))
                .andWaitForEventOfType(LoginFailed.class)
                .matching(e -> e.accountId().equals(Optional.of(account.id())))
                .toArriveAndVerify(e -> {
                    assertThat(e.outcome()).isEqualTo(LoginFailed.Outcome.BAD_PASSWORD);
                    assertThat(e.address()).isEqualTo("127.0.0.1");
                    assertThat(e.toString()).doesNotContain(wrong).doesNotContain(PASSWORD);
                });
    }

    @Test
    void anUnknownLoginPublishesLoginFailedWithNoAccount(Scenario scenario) {
        String address = "127.0.3." + (1 + new java.util.Random().nextInt(250));
        scenario.stimulate(() -> logins.logIn(
                        Accounts4Test.unique("nobody"), "whatever", new LoginService.Source(address, Optional.empty())))
                .andWaitForEventOfType(LoginFailed.class)
                .matching(e -> e.address().equals(address))
                .toArriveAndVerify(e -> {
                    assertThat(e.accountId()).isEmpty();
                    assertThat(e.outcome()).isEqualTo(LoginFailed.Outcome.UNKNOWN_LOGIN);
                });
    }

    @Test
    void aSuccessfulLogInPublishesLoginSucceeded(Scenario scenario) {
        var account = Accounts4Test.active(accounts, PASSWORD);

        scenario.stimulate(() ->
                        logins.logIn(account.login(), PASSWORD, new LoginService.Source("127.0.0.1", Optional.empty())))
                .andWaitForEventOfType(LoginSucceeded.class)
                .matching(e -> e.accountId().equals(account.id()))
                .toArriveAndVerify(e -> {
                    assertThat(e.knownDevice()).isFalse();
                    assertThat(e.toString()).doesNotContain(PASSWORD);
                });
    }
}
