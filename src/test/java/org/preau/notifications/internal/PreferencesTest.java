package org.preau.notifications.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.Accounts;
import org.preau.platform.web.Problem;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Each person's own mail preference: at once, a daily digest, or never; an address needed for mail. */
@PreauIntegrationTest
class PreferencesTest {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Preferences preferences;

    @Autowired
    Accounts accounts;

    @Autowired
    ApplicationContext context;

    TestSchool school;

    @BeforeEach
    void setUp() {
        RealCsrf.restore(context);
        school = TestSchool.create(jdbc);
    }

    @Test
    void nobodyIsMailedUntilTheyAskAndMailNeedsAValidAddress() {
        assertThat(preferences.of(school.parent).mode()).isEqualTo(EmailMode.NEVER);
        assertThatThrownBy(() -> preferences.save(school.parent, Optional.of(EmailMode.DIGEST), "", "fr"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.fields()).containsOnlyKeys("adresse"));
        assertThatThrownBy(() ->
                        preferences.save(school.parent, Optional.of(EmailMode.IMMEDIATE), "claire at example.fr", "fr"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.fields()).containsOnlyKeys("adresse"));
        assertThatThrownBy(() -> preferences.save(school.parent, Optional.empty(), "claire@example.fr", "fr"))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.fields()).containsOnlyKeys("envoi"));
        assertThat(preferences.find(school.parent.accountId())).isEmpty();

        var saved = preferences.save(school.parent, Optional.of(EmailMode.DIGEST), " claire@example.fr ", "en");
        assertThat(saved)
                .isEqualTo(new Preference(
                        school.parent.accountId(), Optional.of("claire@example.fr"), EmailMode.DIGEST, "en"));
        preferences.save(school.parent, Optional.of(EmailMode.NEVER), "", "fr");
        assertThat(preferences.of(school.parent).mode()).isEqualTo(EmailMode.NEVER);
        assertThat(preferences.of(school.parent).email()).isEmpty();
    }

    @Test
    void theFormShowsARefusalNextToTheFieldKeepsWhatWasTypedAndSavesNothing() throws Exception {
        accounts.setPassword(school.parent.accountId(), "Preferences-du-parent-2026!");
        var parent = new HttpUser(port);
        parent.get("/connexion");
        assertThat(parent.logIn(school.parent.login(), "Preferences-du-parent-2026!", false)
                        .statusCode())
                .isEqualTo(302);
        // As a browser: the form first (it carries the CSRF token the log-in renewed).
        assertThat(parent.get("/nouveautes/preferences").statusCode()).isEqualTo(200);

        var refused = parent.post("/nouveautes/preferences", Map.of("envoi", "IMMEDIATE", "adresse", "claire@"));
        assertThat(refused.statusCode()).isEqualTo(200);
        var page = Jsoup.parse(refused.body());
        assertThat(page.select("#error-summary").text()).contains("n’est pas valide");
        assertThat(page.select("input[name=adresse]").attr("value")).isEqualTo("claire@");
        assertThat(page.select("input[name=adresse]").attr("aria-invalid")).isEqualTo("true");
        assertThat(preferences.find(school.parent.accountId())).isEmpty();

        var saved =
                parent.post("/nouveautes/preferences", Map.of("envoi", "IMMEDIATE", "adresse", "claire@example.fr"));
        assertThat(saved.statusCode()).isEqualTo(302);
        assertThat(preferences.of(school.parent).mode()).isEqualTo(EmailMode.IMMEDIATE);
        var form = Jsoup.parse(parent.get("/nouveautes/preferences").body());
        assertThat(form.select("select[name=envoi] option[selected]").attr("value"))
                .isEqualTo("IMMEDIATE");
        // The API answers the same preference, and only the caller's own.
        assertThat(parent.get("/api/v1/notifications/preferences", "application/json")
                        .body())
                .isEqualTo("{\"mode\":\"IMMEDIATE\",\"email\":\"claire@example.fr\"}");
    }
}
