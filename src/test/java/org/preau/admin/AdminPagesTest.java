package org.preau.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;
import org.preau.directory.CommunicationRules;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@PreauIntegrationTest
class AdminPagesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    CommunicationRules rules;

    private TestSchool school() {
        var s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);
        return s;
    }

    @Test
    void pupilsParentsAndTeachersAreRefusedTheConsole() throws Exception {
        var s = school();
        for (CurrentUser user : List.of(s.pupil, s.parent, s.mathsTeacher)) {
            mvc.perform(get("/admin").with(TestSchool.as(user))).andExpect(status().isForbidden());
            mvc.perform(get("/admin/ecoles").with(TestSchool.as(user))).andExpect(status().isForbidden());
            mvc.perform(get("/admin/ecoles/" + s.schoolId).with(TestSchool.as(user)))
                    .andExpect(status().isForbidden());
            mvc.perform(get("/admin/ecoles/" + s.schoolId + "/utilisateurs").with(TestSchool.as(user)))
                    .andExpect(status().isForbidden());
        }
    }

    @Test
    void staffSeeOnlyTheirOwnSchoolAndNothingOfAnother() throws Exception {
        var a = school();
        var b = school();
        var asHead = TestSchool.as(a.head);

        mvc.perform(get("/admin/ecoles").with(asHead))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(a.uai)))
                .andExpect(content().string(not(containsString(b.uai))));
        for (String url : List.of(
                "/admin/ecoles/" + b.schoolId,
                "/admin/ecoles/" + b.schoolId + "/classes/" + b.classId,
                "/admin/ecoles/" + b.schoolId + "/groupes/" + b.groupId,
                "/admin/ecoles/" + b.schoolId + "/utilisateurs?q=martin",
                "/admin/ecoles/" + b.schoolId + "/regles",
                "/admin/ecoles/" + b.schoolId + "/classes/" + b.classId + "/codes",
                "/admin/ecoles/" + b.schoolId + "/utilisateurs/" + b.pupil.accountId() + "/mot-de-passe",
                // a's school in the URL, b's class or person: still nothing
                "/admin/ecoles/" + a.schoolId + "/classes/" + b.classId,
                "/admin/ecoles/" + a.schoolId + "/groupes/" + b.groupId,
                "/admin/ecoles/" + a.schoolId + "/classes/" + b.classId + "/codes",
                "/admin/ecoles/" + a.schoolId + "/utilisateurs/" + b.pupil.accountId() + "/mot-de-passe")) {
            mvc.perform(get(url).with(asHead)).andExpect(status().isNotFound());
        }
        mvc.perform(post("/admin/ecoles/" + b.schoolId + "/classes/" + b.classId + "/codes")
                        .with(asHead)
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/admin/ecoles/" + a.schoolId + "/utilisateurs/" + b.pupil.accountId() + "/mot-de-passe")
                        .with(asHead)
                        .with(csrf()))
                .andExpect(status().isNotFound());
        mvc.perform(post("/admin/ecoles/" + b.schoolId + "/regles")
                        .with(asHead)
                        .with(csrf())
                        .param("PUPIL.PUPIL", "WHOLE_SCHOOL"))
                .andExpect(status().isNotFound());

        // Both schools have a "Louise Martin": the search in a lists a's only.
        String html = mvc.perform(get("/admin/ecoles/" + a.schoolId + "/utilisateurs?q=martin")
                        .with(asHead))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString();
        assertThat(html).contains(a.pupil.login(), a.parent.login());
        assertThat(html).doesNotContain(b.pupil.login(), b.parent.login());
    }

    @Test
    void operatorsSeeEverySchool() throws Exception {
        var a = school();
        var b = school();
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");

        mvc.perform(get("/admin/ecoles").with(TestSchool.as(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(a.uai)))
                .andExpect(content().string(containsString(b.uai)));
        mvc.perform(get("/admin/ecoles/" + b.schoolId + "/classes/" + b.classId).with(TestSchool.as(operator)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(b.pupil.login())));
    }

    @Test
    void homeLinksSchoolsSearchAndImports() throws Exception {
        var s = school();
        var doc = Jsoup.parse(mvc.perform(get("/admin").with(TestSchool.as(s.head)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        // Imports and the surge console are the operator's: a head of school is not shown links that refuse them.
        assertThat(doc.select("main a").eachAttr("href"))
                .contains("/admin/ecoles", "/admin/ecoles/" + s.schoolId + "/utilisateurs")
                .doesNotContain("/admin/imports", "/admin/surge");
        assertThat(doc.select("h1").text()).isEqualTo("Administration");
    }

    @Test
    void schoolPageListsClassesAndGroups() throws Exception {
        var s = school();
        var doc = Jsoup.parse(mvc.perform(get("/admin/ecoles/" + s.schoolId).with(TestSchool.as(s.head)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(doc.select("main a").eachAttr("href"))
                .contains(
                        "/admin/ecoles/" + s.schoolId + "/classes/" + s.classId,
                        "/admin/ecoles/" + s.schoolId + "/groupes/" + s.groupId,
                        "/admin/ecoles/" + s.schoolId + "/regles");
        assertThat(doc.select("h1").text()).isEqualTo("Collège Test " + s.suffix);
    }

    @Test
    void classPageShowsPupilsWithTheirParentsAndTeachers() throws Exception {
        var s = school();
        var doc = Jsoup.parse(mvc.perform(get("/admin/ecoles/" + s.schoolId + "/classes/" + s.classId)
                        .with(TestSchool.as(s.head)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        var rows = doc.select("tbody tr");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).select("th").text()).isEqualTo("Hugo Bernard");
        assertThat(rows.get(1).select("th").text()).isEqualTo("Louise Martin");
        assertThat(rows.get(1).text()).contains("Claire Martin", s.parent.login());
        assertThat(doc.text()).contains("Ada Lovelace").doesNotContain("Marc Bloch");
        assertThat(doc.select("a[href$=/codes]")).hasSize(1);
    }

    @Test
    void searchPagesByKeyThroughEveryPersonOfTheSchool() throws Exception {
        var s = school();
        for (int i = 0; i < 30; i++) {
            var pupil = DirectoryFixtures.account(jdbc, Profile.PUPIL, "Pupil" + i, "Nombreux");
            DirectoryFixtures.member(jdbc, s.schoolId, pupil, "PUPIL", null);
        }
        DirectoryFixtures.indexNames(jdbc, s);

        var seen = new ArrayList<String>();
        String url = "/admin/ecoles/" + s.schoolId + "/utilisateurs?q=nombreux";
        int pages = 0;
        while (url != null) {
            var doc = Jsoup.parse(mvc.perform(get(url).with(TestSchool.as(s.head)))
                    .andExpect(status().isOk())
                    .andReturn()
                    .getResponse()
                    .getContentAsString());
            seen.addAll(doc.select("tbody th").eachText());
            var next = doc.selectFirst("a[rel=next]");
            url = next == null ? null : next.attr("href");
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(seen).hasSize(30).doesNotHaveDuplicates().isSorted();
    }

    @Test
    void directionChangesTheRulesAndMessagingFollows() throws Exception {
        var s = school();
        assertThat(rules.mayWrite(s.pupil.accountId(), s.otherPupil.accountId()))
                .isFalse();

        mvc.perform(post("/admin/ecoles/" + s.schoolId + "/regles")
                        .with(TestSchool.as(s.head))
                        .with(csrf())
                        .param("PUPIL.PUPIL", "OWN_CLASSES")
                        .param("PARENT.PARENT", "NOBODY"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/admin/ecoles/" + s.schoolId + "/regles?enregistre=1"));

        assertThat(rules.mayWrite(s.pupil.accountId(), s.otherPupil.accountId()))
                .isTrue();
        var doc = Jsoup.parse(mvc.perform(get("/admin/ecoles/" + s.schoolId + "/regles?enregistre=1")
                        .with(TestSchool.as(s.head)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(doc.select("#PUPIL-PUPIL option[selected]").val()).isEqualTo("OWN_CLASSES");
        assertThat(doc.select("#PUPIL-TEACHER option[selected]").val()).isEqualTo("OWN_CLASSES");
        assertThat(doc.select("#PARENT-PARENT option[selected]").val()).isEqualTo("NOBODY");
        assertThat(doc.select("label[for=PUPIL-PUPIL]")).hasSize(1);
        assertThat(doc.select("[role=status]").text()).contains("enregistrées");
    }

    @Test
    void staffWithoutTheDirectionFunctionSeeTheRulesButCannotChangeThem() throws Exception {
        var s = school();
        var cpe = DirectoryFixtures.account(jdbc, Profile.STAFF, "Vie", "Scolaire");
        DirectoryFixtures.member(jdbc, s.schoolId, cpe, "STAFF", "VIE_SCOLAIRE");

        var doc = Jsoup.parse(
                mvc.perform(get("/admin/ecoles/" + s.schoolId + "/regles").with(TestSchool.as(cpe)))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
        assertThat(doc.select("select")).isEmpty();
        mvc.perform(post("/admin/ecoles/" + s.schoolId + "/regles")
                        .with(TestSchool.as(cpe))
                        .with(csrf())
                        .param("PUPIL.PUPIL", "WHOLE_SCHOOL"))
                .andExpect(status().isForbidden());
        assertThat(rules.mayWrite(s.pupil.accountId(), s.otherPupil.accountId()))
                .isFalse();
    }

    @Test
    void aTamperedRuleValueChangesNothingAndSaysWhy() throws Exception {
        var s = school();
        var doc = Jsoup.parse(mvc.perform(post("/admin/ecoles/" + s.schoolId + "/regles")
                        .with(TestSchool.as(s.head))
                        .with(csrf())
                        .param("PUPIL.PUPIL", "WHOLE_SCHOOL")
                        .param("PUPIL.STAFF", "EVERYONE_EVER"))
                .andExpect(status().isBadRequest())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(doc.select("[role=alert] a").eachAttr("href")).containsExactly("#PUPIL-STAFF");
        assertThat(doc.select("[role=alert] a").text()).contains("Les élèves peuvent écrire aux personnels");
        assertThat(doc.select("#PUPIL-STAFF").attr("aria-invalid")).isEqualTo("true");
        assertThat(rules.mayWrite(s.pupil.accountId(), s.otherPupil.accountId()))
                .isFalse();
    }

    /** TestSchool's accounts are active; a class batch only gives codes to accounts not activated yet. */
    private void notActivatedYet(TestSchool s) {
        jdbc.sql("update account set status = 'PENDING', password_hash = null where id = any(?::uuid[])")
                .param(s.everyone().stream().map(u -> u.accountId().toString()).toArray(String[]::new))
                .update();
    }

    @Test
    void codesAskForConfirmationFirst() throws Exception {
        var s = school();
        notActivatedYet(s);
        var doc = Jsoup.parse(mvc.perform(get("/admin/ecoles/" + s.schoolId + "/classes/" + s.classId + "/codes")
                        .with(TestSchool.as(s.head)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(doc.select("main form[method=post]").attr("action"))
                .isEqualTo("/admin/ecoles/" + s.schoolId + "/classes/" + s.classId + "/codes");
        assertThat(doc.text()).contains("2 élèves", "1 responsable ");
    }

    @Test
    void pagesSpeakEnglishOnRequest() throws Exception {
        var s = school();
        mvc.perform(get("/admin/ecoles/" + s.schoolId + "/classes/" + s.classId + "?lang=en")
                        .with(TestSchool.as(s.head)))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Activation codes for this class")))
                .andExpect(content().string(containsString("Teachers")));
    }

    @Test
    void codesForAClassArePrintedOnceForEachPupilAndParent() throws Exception {
        var s = school();
        notActivatedYet(s);
        var doc = Jsoup.parse(mvc.perform(post("/admin/ecoles/" + s.schoolId + "/classes/" + s.classId + "/codes")
                        .with(TestSchool.as(s.head))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());

        var cards = doc.select(".code-card");
        assertThat(cards).hasSize(3);
        assertThat(cards.eachText())
                .anySatisfy(t -> assertThat(t).contains("Hugo Bernard", s.otherPupil.login()))
                .anySatisfy(t -> assertThat(t).contains("Louise Martin", s.pupil.login()))
                .anySatisfy(t -> assertThat(t).contains("Claire Martin", s.parent.login(), "Louise Martin"));
        assertThat(doc.select("link[rel=stylesheet]").eachAttr("href"))
                .anySatisfy(href -> assertThat(href).contains("/assets/admin/print"));
        int codes = jdbc.sql("select count(*) from activation_code where issued_by = ? and revoked_at is null")
                .param(s.head.accountId())
                .query(Integer.class)
                .single();
        assertThat(codes).isEqualTo(3);
        // Codes are stored only as hashes: the clear code on the page is nowhere in the database.
        String shown = cards.first().select(".code-value").get(1).text();
        assertThat(shown).isNotBlank();
        assertThat(jdbc.sql("select count(*) from activation_code where encode(code_hash, 'escape') like ?")
                        .param("%" + shown + "%")
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    @Test
    void staffResetAPasswordAfterConfirmingAndSeeTheNewCode() throws Exception {
        var s = school();
        String url = "/admin/ecoles/" + s.schoolId + "/utilisateurs/" + s.pupil.accountId() + "/mot-de-passe";
        var confirm = Jsoup.parse(mvc.perform(get(url).with(TestSchool.as(s.head)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(confirm.select("main form[method=post]").attr("action")).isEqualTo(url);

        var done = Jsoup.parse(mvc.perform(post(url).with(TestSchool.as(s.head)).with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(done.select(".code-value").eachText()).hasSize(2).first().isEqualTo(s.pupil.login());
        assertThat(jdbc.sql("select password_hash is null from account where id = ?")
                        .param(s.pupil.accountId())
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void onlyTheDirectionResetsAStaffPassword() throws Exception {
        var s = school();
        var cpe = DirectoryFixtures.account(jdbc, Profile.STAFF, "Vie", "Scolaire");
        DirectoryFixtures.member(jdbc, s.schoolId, cpe, "STAFF", "VIE_SCOLAIRE");
        DirectoryFixtures.indexNames(jdbc, s);

        mvc.perform(post("/admin/ecoles/" + s.schoolId + "/utilisateurs/" + s.head.accountId() + "/mot-de-passe")
                        .with(TestSchool.as(cpe))
                        .with(csrf()))
                .andExpect(status().isForbidden());
        mvc.perform(get("/admin/ecoles/" + s.schoolId + "/utilisateurs/" + s.parent.accountId() + "/mot-de-passe")
                        .with(TestSchool.as(cpe)))
                .andExpect(status().isOk());
        mvc.perform(get("/admin/ecoles/" + s.schoolId + "/utilisateurs/" + cpe.accountId() + "/mot-de-passe")
                        .with(TestSchool.as(s.head)))
                .andExpect(status().isOk());
    }
}
