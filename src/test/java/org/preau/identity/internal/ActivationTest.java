package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preau.identity.AccountStatus;
import org.preau.identity.Accounts;
import org.preau.identity.ActivationCodes;
import org.preau.identity.Profile;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class ActivationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext applicationContext;

    @org.junit.jupiter.api.BeforeEach
    void realCsrfRepository() {
        org.preau.support.RealCsrf.restore(applicationContext);
    }

    static final String NEW_PASSWORD = "ma nouvelle phrase secrète";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    ActivationCodes codes;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    private static Map<String, String> form(String login, String code, String password, String confirm) {
        return Map.of("login", login, "code", code, "password", password, "confirm", confirm);
    }

    @Test
    void aPupilActivatesWithTheirCodeAndIsSignedIn() throws Exception {
        var account = Accounts4Test.pending(accounts, Profile.PUPIL);
        var code = codes.issue(List.of(account.id()), null).getFirst();
        var browser = new HttpUser(port);
        assertThat(browser.get("/activation").body()).contains("Au moins 12 caractères");

        var response = browser.post(
                "/activation", form(account.login(), code.code().toLowerCase(), NEW_PASSWORD, NEW_PASSWORD));

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(HttpUser.setCookie(response, "PREAU_SESSION")).isPresent();
        assertThat(browser.get("/profil").statusCode()).isEqualTo(200);
        assertThat(accounts.find(account.id()).orElseThrow().status()).isEqualTo(AccountStatus.ACTIVE);
        var again = new HttpUser(port).logIn(account.login(), NEW_PASSWORD, false);
        assertThat(again.statusCode()).isEqualTo(302);
    }

    @Test
    void aNodeThatHasNotReadTheCodeKeyYetChecksACodeInAReadOnlyTransaction() {
        // The first activation on a freshly started node hashes the code inside a read-only transaction: reading (or
        // storing) the shared key must not fail there. Found by the benchmark (activations answered 500 on new nodes).
        var account = Accounts4Test.pending(accounts, Profile.PUPIL);
        var code = codes.issue(List.of(account.id()), null).getFirst();
        var freshNode = new ActivationCodeHasher(jdbc, transactions);
        var readOnly = new org.springframework.transaction.support.TransactionTemplate(transactions);
        readOnly.setReadOnly(true);

        byte[] hashed = readOnly.execute(status -> freshNode.hash(account.id(), code.code()));

        var stored = jdbc.sql("select code_hash from activation_code where account_id = ?")
                .param(account.id())
                .query(byte[].class)
                .single();
        assertThat(hashed).isEqualTo(stored);
    }

    @Test
    void aUsedCodeIsToldApartAndDoesNotWorkTwice() throws Exception {
        var account = Accounts4Test.pending(accounts, Profile.PARENT);
        var code = codes.issue(List.of(account.id()), null).getFirst();
        new HttpUser(port).post("/activation", form(account.login(), code.code(), NEW_PASSWORD, NEW_PASSWORD));

        var second = new HttpUser(port)
                .post(
                        "/activation",
                        form(account.login(), code.code(), "une autre phrase secrète", "une autre phrase secrète"));

        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(second.body()).contains("Ce code d’activation a déjà été utilisé");
        assertThat(HttpUser.setCookie(second, "PREAU_SESSION")).isEmpty();
    }

    @Test
    void anExpiredCodeIsRefusedWithAClearMessage() throws Exception {
        var account = Accounts4Test.pending(accounts, Profile.PUPIL);
        var code = codes.issue(List.of(account.id()), null).getFirst();
        jdbc.sql("update activation_code set expires_at = now() - interval '1 day' where account_id = ?")
                .param(account.id())
                .update();

        var response =
                new HttpUser(port).post("/activation", form(account.login(), code.code(), NEW_PASSWORD, NEW_PASSWORD));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("a expiré");
        assertThat(accounts.find(account.id()).orElseThrow().status()).isEqualTo(AccountStatus.PENDING);
    }

    @Test
    void aWrongCodeAndAnUnknownLoginGetTheSameMessage() throws Exception {
        var account = Accounts4Test.pending(accounts, Profile.PUPIL);
        codes.issue(List.of(account.id()), null);
        var browser = new HttpUser(port);

        var wrongCode = browser.post("/activation", form(account.login(), "AAAAA-22222", NEW_PASSWORD, NEW_PASSWORD));
        var unknown = browser.post(
                "/activation", form(Accounts4Test.unique("nobody"), "AAAAA-22222", NEW_PASSWORD, NEW_PASSWORD));

        assertThat(wrongCode.statusCode()).isEqualTo(unknown.statusCode()).isEqualTo(400);
        assertThat(wrongCode.body()).isEqualTo(unknown.body().replace(unknownLogin(unknown.body()), account.login()));
        assertThat(wrongCode.body()).contains("Identifiant ou code d’activation incorrect");
    }

    /** The login echoed back in the form field, the only thing that differs. */
    private static String unknownLogin(String body) {
        var m = java.util.regex.Pattern.compile("name=\"login\" value=\"([^\"]*)\"")
                .matcher(body);
        return m.find() ? m.group(1) : "";
    }

    @Test
    void thePasswordPolicyIsExplainedWhenBroken() throws Exception {
        var account = Accounts4Test.pending(accounts, Profile.PUPIL);
        var code = codes.issue(List.of(account.id()), null).getFirst();
        var browser = new HttpUser(port);

        var tooShort = browser.post("/activation", form(account.login(), code.code(), "court", "court"));
        var withLogin = browser.post(
                "/activation",
                form(account.login(), code.code(), account.login() + "-2026!", account.login() + "-2026!"));
        var common = browser.post("/activation", form(account.login(), code.code(), "Azerty123!", "Azerty123!"));
        var mismatch =
                browser.post("/activation", form(account.login(), code.code(), NEW_PASSWORD, NEW_PASSWORD + "x"));

        assertThat(tooShort.statusCode()).isEqualTo(400);
        assertThat(tooShort.body()).contains("Le mot de passe est trop court", "href=\"#password\"");
        assertThat(withLogin.body()).contains("ne doit pas contenir votre identifiant");
        assertThat(common.body()).contains("trop courant");
        assertThat(mismatch.body()).contains("ne sont pas identiques", "href=\"#confirm\"");
        // None of them used the code up.
        var ok = browser.post("/activation", form(account.login(), code.code(), NEW_PASSWORD, NEW_PASSWORD));
        assertThat(ok.statusCode()).isEqualTo(302);
    }
}
