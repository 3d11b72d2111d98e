package org.preau.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.identity.ActivationCodes;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

@PreauIntegrationTest
class ProfileTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.context.ApplicationContext applicationContext;

    @org.junit.jupiter.api.BeforeEach
    void realCsrfRepository() {
        org.preau.support.RealCsrf.restore(applicationContext);
    }

    static final String PASSWORD = "une phrase de passe assez longue";

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    ActivationCodes codes;

    @Autowired
    JdbcClient jdbc;

    @Test
    void devicesAreListedAndAnotherOneCanBeSignedOut() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var laptop = new HttpUser(port);
        var phone = new HttpUser(port);
        phone.userAgent = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36";
        laptop.logIn(account.login(), PASSWORD, false);
        phone.logIn(account.login(), PASSWORD, true);

        var page = laptop.get("/profil");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Firefox · Linux", "Chrome · Android", "cet appareil", "reste connecté");
        var handles = Pattern.compile("name=\"appareil\" value=\"([0-9a-f]+)\"").matcher(page.body());
        assertThat(handles.find()).isTrue();
        String phoneHandle = handles.group(1);
        assertThat(handles.find()).isFalse();
        assertThat(page.body()).contains("Connexions récentes", "Réussie");

        var revoke = laptop.post("/profil/appareils/revoquer", Map.of("appareil", phoneHandle));
        assertThat(revoke.statusCode()).isEqualTo(302);

        assertThat(phone.get("/profil").statusCode()).isEqualTo(302);
        assertThat(laptop.get("/profil").statusCode()).isEqualTo(200);
        assertThat(laptop.get("/profil").body()).doesNotContain("Chrome · Android");
    }

    @Test
    void aDeviceOfSomeoneElseCannotBeRevoked() throws Exception {
        var mine = Accounts4Test.active(accounts, PASSWORD);
        var theirs = Accounts4Test.active(accounts, PASSWORD);
        var me = new HttpUser(port);
        var them = new HttpUser(port);
        me.logIn(mine.login(), PASSWORD, false);
        them.logIn(theirs.login(), PASSWORD, false);
        String theirHandle =
                ProfileService.handle(jdbc.sql("select session_id from spring_session where principal_name = ?")
                        .param(theirs.id().toString())
                        .query(String.class)
                        .single());

        // The profile page first, as a person would: it carries the session's CSRF token (without it the post is a
        // 403 from the CSRF filter, which would say nothing about revoking).
        assertThat(me.get("/profil").statusCode()).isEqualTo(200);
        var answer = me.post("/profil/appareils/revoquer", Map.of("appareil", theirHandle));

        assertThat(them.get("/profil").statusCode()).isEqualTo(200);
        // Nothing happened, and the answer says so (issue 9: it used to say "revoked").
        assertThat(answer.statusCode()).isEqualTo(409);
        assertThat(answer.body())
                .contains("n’est pas connecté à votre compte")
                .doesNotContain("L’appareil a été déconnecté");
        assertThat(answer.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void changingThePasswordNeedsTheCurrentOneAndSignsOutOtherDevices() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var here = new HttpUser(port);
        var elsewhere = new HttpUser(port);
        here.logIn(account.login(), PASSWORD, false);
        elsewhere.logIn(account.login(), PASSWORD, false);
        String newPassword = "une toute nouvelle phrase";
        // The form comes from the profile page, which gives the signed-in session its CSRF token.
        assertThat(here.get("/profil").statusCode()).isEqualTo(200);

        var wrong = here.post(
                "/profil/mot-de-passe",
                Map.of("current", "pas le bon", "password", newPassword, "confirm", newPassword));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(wrong.body()).contains("Le mot de passe actuel est incorrect", "href=\"#current\"");

        var ok = here.post(
                "/profil/mot-de-passe", Map.of("current", PASSWORD, "password", newPassword, "confirm", newPassword));
        assertThat(ok.statusCode()).isEqualTo(302);

        assertThat(here.get("/profil").statusCode()).isEqualTo(200);
        assertThat(elsewhere.get("/profil").statusCode()).isEqualTo(302);
        assertThat(new HttpUser(port).logIn(account.login(), PASSWORD, false).statusCode())
                .isEqualTo(401);
        assertThat(new HttpUser(port).logIn(account.login(), newPassword, false).statusCode())
                .isEqualTo(302);
    }

    @Test
    void aResetByStaffEndsEverySessionAndIssuesACode() throws Exception {
        var account = Accounts4Test.active(accounts, PASSWORD);
        var browser = new HttpUser(port);
        browser.logIn(account.login(), PASSWORD, true);
        assertThat(browser.get("/profil").statusCode()).isEqualTo(200);

        var code = codes.resetPassword(account.id(), null);

        assertThat(browser.get("/profil").statusCode()).isEqualTo(302);
        assertThat(new HttpUser(port).logIn(account.login(), PASSWORD, false).statusCode())
                .isEqualTo(401);
        var activation = new HttpUser(port)
                .post(
                        "/activation",
                        Map.of(
                                "login",
                                account.login(),
                                "code",
                                code.code(),
                                "password",
                                "encore une autre phrase",
                                "confirm",
                                "encore une autre phrase"));
        assertThat(activation.statusCode()).isEqualTo(302);
    }
}
