package org.preau.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.support.BrowserTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * Every console page passes axe-core's WCAG 2.1 AA checks in a real Chromium. Pages are rendered for the school's
 * head (signed in through MockMvc), then loaded into the browser with the server as base URL so that the real
 * stylesheet applies (contrast checks need it).
 */
class AdminPagesAccessibilityTest extends BrowserTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Test
    void everyConsolePageIsAccessible() throws Exception {
        var s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);
        var head = TestSchool.as(s.head);
        String school = "/admin/ecoles/" + s.schoolId;
        String klass = school + "/classes/" + s.classId;
        String reset = school + "/utilisateurs/" + s.pupil.accountId() + "/mot-de-passe";

        check(get("/admin").with(head));
        check(get("/admin/ecoles").with(head));
        check(get(school).with(head));
        check(get(klass).with(head));
        check(get(school + "/groupes/" + s.groupId).with(head));
        check(get(school + "/utilisateurs?q=martin").with(head));
        check(get(school + "/utilisateurs?q=personne").with(head));
        check(get(school + "/regles").with(head));
        check(post(school + "/regles").with(head).with(csrf()).param("PUPIL.PUPIL", "NOT_A_REACH"));
        // Codes go only to accounts not activated yet: the sheet then has cards to check.
        jdbc.sql("update account set status = 'PENDING' where id = ?")
                .param(s.otherPupil.accountId())
                .update();
        check(get(klass + "/codes").with(head));
        check(post(klass + "/codes").with(head).with(csrf()));
        check(get(reset).with(head));
        check(post(reset).with(head).with(csrf()));
        check(get(klass + "?lang=en").with(head));
        check(get("/admin/journal").with(head));
        var operator =
                TestSchool.as(DirectoryFixtures.account(jdbc, org.preau.identity.Profile.ADMIN, "Opé", "Rateur"));
        check(get("/admin/journal").with(operator));
        check(get("/admin/journal?lang=en").with(operator));
    }

    private void check(RequestBuilder request) throws Exception {
        String html = mvc.perform(request).andReturn().getResponse().getContentAsString();
        page.setContent(html.replaceFirst("<head>", "<head><base href=\"" + baseUrl() + "/\">"));
        page.waitForLoadState();
        assertThat(page.locator("main h1").count()).as("one h1 on %s", request).isEqualTo(1);
        assertAccessible(page);
    }
}
