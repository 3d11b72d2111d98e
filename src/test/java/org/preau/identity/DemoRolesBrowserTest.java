package org.preau.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.preau.support.BrowserTest;

/**
 * A newcomer's first minute: each demo account signs in through the real form in a real browser, lands on their
 * own home, sees only the navigation their role allows, passes the accessibility check, and signs out.
 */
class DemoRolesBrowserTest extends BrowserTest {

    @ParameterizedTest(name = "{0} signs in and sees their own home")
    @CsvSource({
        "eleve, PUPIL, false",
        "parent, PARENT, false",
        "enseignant, TEACHER, false",
        "direction, STAFF, true",
        "admin, ADMIN, true"
    })
    void eachDemoAccountSignsInAndSeesTheirOwnHome(String login, String profile, boolean seesAdministration) {
        page.navigate("/connexion");
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("fr");
        assertAccessible(page);

        logIn(page, login, "demo");

        assertThat(page.url()).isEqualTo(baseUrl() + "/");
        assertThat(page.locator("h1").first().isVisible()).isTrue();
        assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Administration"))
                                .count()
                        > 0)
                .isEqualTo(seesAdministration);
        assertAccessible(page);

        // The API answers on the same session, for the same person.
        var me = page.request().get("/api/v1/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text()).contains("\"login\":\"" + login + "\"").contains("\"profile\":\"" + profile + "\"");

        page.locator("form[action='/deconnexion'] button").click();
        page.waitForLoadState();
        assertThat(page.request().get("/api/v1/me").status()).isEqualTo(401);
    }

    @org.junit.jupiter.api.Test
    void aWrongPasswordKeepsYouOnTheFormWithAClearMessage() {
        logIn(page, "eleve", "pas le bon");
        assertThat(page.url()).startsWith(baseUrl() + "/connexion");
        assertThat(page.locator("[role=alert], .alert.error").first().textContent())
                .containsIgnoringCase("incorrect");
        assertAccessible(page);
    }

    @org.junit.jupiter.api.Test
    void theLogInPageSpeaksEnglishOnRequest() {
        page.navigate("/connexion?lang=en");
        assertThat(page.locator("html").getAttribute("lang")).isEqualTo("en");
        assertThat(page.locator("form:has(input[name=password]) button[type=submit]")
                        .textContent())
                .containsIgnoringCase("sign in");
    }
}
