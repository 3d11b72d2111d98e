package org.preau.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * A class's activation-code sheet (issue 9): codes only for accounts not activated yet, so that whoever picks up a
 * slip never takes over an account in use; the address of the service on every card; French elision.
 */
@PreauIntegrationTest
class ActivationCodeSheetTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    private TestSchool school() {
        var s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);
        return s;
    }

    private void pending(CurrentUser... users) {
        for (var u : users) {
            jdbc.sql("update account set status = 'PENDING', password_hash = null where id = ?")
                    .param(u.accountId())
                    .update();
        }
    }

    private void active(CurrentUser user, String hash) {
        jdbc.sql("update account set status = 'ACTIVE', password_hash = ? where id = ?")
                .params(hash, user.accountId())
                .update();
    }

    private int codesOf(CurrentUser user) {
        return jdbc.sql("select count(*) from activation_code where account_id = ?")
                .param(user.accountId())
                .query(Integer.class)
                .single();
    }

    private Document sheet(TestSchool s, String query) throws Exception {
        return Jsoup.parse(mvc.perform(post("/admin/ecoles/" + s.schoolId + "/classes/" + s.classId + "/codes" + query)
                        .with(TestSchool.as(s.head))
                        .with(csrf()))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    @Test
    void aClassBatchNeverGivesACodeToAnActiveAccount() throws Exception {
        var s = school();
        // Louise has activated her account; Hugo and Louise's parent have not yet.
        active(s.pupil, "$argon2id$in-use");
        pending(s.otherPupil, s.parent);

        var doc = sheet(s, "");

        var cards = doc.select(".code-card");
        assertThat(cards).hasSize(2);
        assertThat(cards.eachText())
                .anySatisfy(t -> assertThat(t).contains("Hugo Bernard", s.otherPupil.login()))
                .anySatisfy(t -> assertThat(t).contains("Claire Martin", s.parent.login()))
                .noneSatisfy(t -> assertThat(t).contains(s.pupil.login()));
        assertThat(codesOf(s.pupil)).isZero();
        assertThat(codesOf(s.otherPupil)).isEqualTo(1);
        assertThat(jdbc.sql("select password_hash from account where id = ?")
                        .param(s.pupil.accountId())
                        .query(String.class)
                        .single())
                .isEqualTo("$argon2id$in-use");
        // The page says why Louise has no card, and how to give her one.
        assertThat(doc.select("main").text()).contains("1 compte déjà activé");
    }

    @Test
    void theConfirmationCountsOnlyAccountsThatWillGetACode() throws Exception {
        var s = school();
        active(s.pupil, "$argon2id$in-use");
        pending(s.otherPupil, s.parent);

        var text = Jsoup.parse(mvc.perform(get("/admin/ecoles/" + s.schoolId + "/classes/" + s.classId + "/codes")
                                .with(TestSchool.as(s.head)))
                        .andExpect(status().isOk())
                        .andReturn()
                        .getResponse()
                        .getContentAsString())
                .select("main")
                .text();

        assertThat(text).contains("1 élève", "1 responsable", "1 compte déjà activé");
    }

    @Test
    void everyCardCarriesTheAddressOfTheServiceAndTheActivationPath() throws Exception {
        var s = school();
        pending(s.pupil, s.otherPupil, s.parent);

        var cards = sheet(s, "").select(".code-card");

        assertThat(cards)
                .hasSize(3)
                .allSatisfy(
                        card -> assertThat(card.select(".code-address").text()).matches("https?://[^ ]+/activation"));
    }

    @Test
    void aParentCardElidesBeforeAVowelInFrenchAndSaysParentOfInEnglish() throws Exception {
        var s = school();
        var agathe = DirectoryFixtures.account(jdbc, Profile.PUPIL, "Agathe", "Roux");
        var mother = DirectoryFixtures.account(jdbc, Profile.PARENT, "Inès", "Roux");
        DirectoryFixtures.member(jdbc, s.schoolId, agathe, "PUPIL", null);
        DirectoryFixtures.member(jdbc, s.schoolId, mother, "PARENT", null);
        DirectoryFixtures.enrolInClass(jdbc, s.schoolId, s.classId, agathe.accountId());
        DirectoryFixtures.parentOf(jdbc, mother.accountId(), agathe.accountId());
        DirectoryFixtures.indexNames(jdbc, s);
        pending(s.pupil, s.otherPupil, s.parent, agathe, mother);

        List<String> french = sheet(s, "").select(".code-card").eachText();
        assertThat(french).anySatisfy(t -> assertThat(t).contains("responsable d’Agathe Roux"));
        assertThat(french).anySatisfy(t -> assertThat(t).contains("responsable de Louise Martin"));
        assertThat(french).noneSatisfy(t -> assertThat(t).contains("de Agathe"));

        pending(s.pupil, s.otherPupil, s.parent, agathe, mother);
        List<String> english = sheet(s, "?lang=en").select(".code-card").eachText();
        assertThat(english).anySatisfy(t -> assertThat(t).contains("parent of Agathe Roux"));
    }
}
