package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.AccountStatus;
import org.preau.identity.Accounts;
import org.preau.identity.ActivationCodes;
import org.preau.identity.Profile;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Issue 9: whoever picks up a printed slip must never take over an account someone already uses. A batch gives no code
 * to an account in use, a code never activates an account in use, and an explicit reset is seen by the account's
 * owner on their profile: who reset it and when.
 */
@PreauIntegrationTest
class CodesAndAccountsInUseTest {

    static final String PASSWORD = "une phrase de passe assez longue";
    static final String OTHER = "la phrase de celui qui a trouvé le papier";

    @Autowired
    ApplicationContext context;

    @Autowired
    Accounts accounts;

    @Autowired
    ActivationCodes codes;

    @Autowired
    JdbcAccounts jdbcAccounts;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @BeforeEach
    void realCsrf() {
        org.preau.support.RealCsrf.restore(context);
    }

    private static Map<String, String> activation(String login, String code, String password) {
        return Map.of("login", login, "code", code, "password", password, "confirm", password);
    }

    @Test
    void aBatchGivesNoCodeToAnAccountInUse() {
        var inUse = Accounts4Test.active(accounts, PASSWORD);
        var pending = Accounts4Test.pending(accounts, Profile.PARENT);
        String hash = jdbcAccounts.passwordHash(inUse.id()).orElseThrow();

        var issued = codes.issue(List.of(inUse.id(), pending.id()), null);

        assertThat(issued).extracting(c -> c.accountId()).containsExactly(pending.id());
        assertThat(jdbc.sql("select count(*) from activation_code where account_id = ?")
                        .param(inUse.id())
                        .query(Integer.class)
                        .single())
                .isZero();
        assertThat(jdbcAccounts.passwordHash(inUse.id())).hasValue(hash);
    }

    @Test
    void aCodeIssuedBeforeTheAccountWasActivatedNeverReplacesItsPassword() throws Exception {
        var account = Accounts4Test.pending(accounts, Profile.PUPIL);
        var slip = codes.issue(List.of(account.id()), null).getFirst();
        // The account gets its password another way (operator tooling); the printed slip is still lying around.
        accounts.setPassword(account.id(), PASSWORD);

        var response = new HttpUser(port).post("/activation", activation(account.login(), slip.code(), OTHER));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("Identifiant ou code d’activation incorrect");
        assertThat(new HttpUser(port).logIn(account.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);
        assertThat(new HttpUser(port).logIn(account.login(), OTHER, false).statusCode())
                .isEqualTo(401);
    }

    @Test
    void theOwnerSeesOnTheirProfileWhoResetTheirPasswordAndWhen() throws Exception {
        var head = Accounts4Test.active(accounts, PASSWORD);
        jdbc.sql("update account set display_name = 'Jean Zay' where id = ?")
                .param(head.id())
                .update();
        var owner = Accounts4Test.active(accounts, PASSWORD);

        var code = codes.resetPassword(owner.id(), head.id(), Optional.empty());
        assertThat(accounts.find(owner.id()).orElseThrow().status()).isEqualTo(AccountStatus.PENDING);
        var browser = new HttpUser(port);
        assertThat(browser.post("/activation", activation(owner.login(), code.code(), OTHER))
                        .statusCode())
                .isEqualTo(302);

        String french = browser.get("/profil").body();
        assertThat(french).containsPattern("Mot de passe réinitialisé par Jean Zay le [^<]*\\d{4}");
        String english = browser.get("/profil?lang=en").body();
        assertThat(english).containsPattern("Password reset by Jean Zay on [^<]*\\d{4}");
    }

    @Test
    void aProfileWithNoResetSaysNothingAboutIt() throws Exception {
        var owner = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port);
        browser.logIn(owner.login(), PASSWORD, false);

        assertThat(browser.get("/profil").body()).doesNotContain("réinitialisé", "Réinitialisations");
    }
}
