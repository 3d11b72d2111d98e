package org.preau.news.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.identity.CurrentUser;
import org.preau.news.NewsBoard;
import org.preau.news.NewsItem;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Who publishes news where, and who reads it (issue 11 §3): asked of the directory's rights in the service, for the
 * pages and the API alike.
 */
@PreauIntegrationTest
class NewsRightsTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NewsService news;

    @Autowired
    NewsBoard board;

    @Autowired
    MockMvc mvc;

    @Autowired
    Clock clock;

    TestSchool school;

    @BeforeEach
    void setUp() {
        school = TestSchool.create(jdbc);
    }

    static NewsDraft draft(String target, String title) {
        return new NewsDraft(target, title, "Texte de **l’actualité**.", Optional.empty(), Optional.empty(), false);
    }

    NewsItem publish(CurrentUser user, String target, String title) {
        return news.publish(user, draft(target, title));
    }

    @Test
    void aPupilOrAParentCannotPublish() throws Exception {
        for (CurrentUser who : new CurrentUser[] {school.pupil, school.parent}) {
            assertThat(news.targetsFor(who)).isEmpty();
            assertThatThrownBy(() -> publish(who, "audience:" + school.classId, "Fête"))
                    .isInstanceOfSatisfying(
                            Problem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.FORBIDDEN));
        }
        mvc.perform(post("/api/v1/news")
                        .with(csrf())
                        .with(as(school.pupil))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"target\":\"audience:" + school.classId + "\",\"title\":\"Fête\",\"body\":\"x\"}"))
                .andExpect(status().isForbidden());
        mvc.perform(get("/actualites/nouvelle").with(as(school.pupil))).andExpect(status().isForbidden());
        assertThat(count(school)).isZero();
    }

    @Test
    void aTeacherPublishesOnlyToTheClassesAndGroupsTheyTeach() throws Exception {
        // The maths teacher teaches the class, not the group, and is not staff: neither the group nor the school.
        assertThat(news.targetsFor(school.mathsTeacher))
                .extracting(Target::key)
                .containsExactly("audience:" + school.classId);
        for (String target : new String[] {"audience:" + school.groupId, "ecole:" + school.schoolId}) {
            assertThatThrownBy(() -> publish(school.mathsTeacher, target, "Sortie"))
                    .isInstanceOfSatisfying(
                            Problem.class, p -> assertThat(p.key()).isEqualTo("news.target.forbidden"));
        }
        mvc.perform(post("/api/v1/news")
                        .with(csrf())
                        .with(as(school.mathsTeacher))
                        .header("Accept-Language", "fr")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"target\":\"audience:" + school.groupId
                                + "\",\"title\":\"Sortie\",\"body\":\"Texte\"}"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("enseigne")));
        assertThat(count(school)).isZero();

        var item = publish(school.mathsTeacher, "audience:" + school.classId, "Contrôle de maths vendredi");
        assertThat(item.audienceName()).isEqualTo("3e B");
        assertThat(item.bodyHtml()).startsWith("<p>Texte de <strong>").doesNotContain("**");
        assertThat(count(school)).isOne();
    }

    @Test
    void theTeacherOfAnotherSchoolCannotPublishHere() {
        var other = TestSchool.create(jdbc);
        assertThatThrownBy(() -> publish(other.mathsTeacher, "audience:" + school.classId, "Intrus"))
                .isInstanceOf(Problem.class);
        assertThatThrownBy(() -> publish(other.head, "ecole:" + school.schoolId, "Intrus"))
                .isInstanceOf(Problem.class);
        assertThat(count(school)).isZero();
    }

    @Test
    void staffPublishToTheWholeSchoolAndToAnyClassOrGroup() {
        assertThat(news.targetsFor(school.head))
                .extracting(Target::key)
                .contains("ecole:" + school.schoolId, "audience:" + school.classId, "audience:" + school.groupId);
        publish(school.head, "ecole:" + school.schoolId, "Réunion parents-professeurs");
        publish(school.head, "audience:" + school.groupId, "Voyage en Espagne");
        assertThat(count(school)).isEqualTo(2);
    }

    @Test
    void readersSeeTheirSchoolsAndTheirOwnClassesAndGroupsNewsOnly() throws Exception {
        publish(school.head, "ecole:" + school.schoolId, "Réunion parents-professeurs");
        publish(school.head, "audience:" + school.groupId, "Voyage en Espagne");
        publish(school.mathsTeacher, "audience:" + school.classId, "Contrôle de maths vendredi");
        var other = TestSchool.create(jdbc);
        publish(other.head, "ecole:" + other.schoolId, "Nouvelles d’un autre collège");

        var now = clock.instant();
        // The pupil is in the class and the group; the other pupil only in the class.
        assertThat(titles(board.visibleTo(school.pupil, now, 50)))
                .containsExactlyInAnyOrder(
                        "Réunion parents-professeurs", "Voyage en Espagne", "Contrôle de maths vendredi");
        assertThat(titles(board.visibleTo(school.otherPupil, now, 50)))
                .containsExactlyInAnyOrder("Réunion parents-professeurs", "Contrôle de maths vendredi");
        // The parent reads their child's; the maths teacher their class's and the school's; the head everything.
        assertThat(titles(board.visibleTo(school.parent, now, 50)))
                .containsExactlyInAnyOrder(
                        "Réunion parents-professeurs", "Voyage en Espagne", "Contrôle de maths vendredi");
        assertThat(titles(board.visibleTo(school.mathsTeacher, now, 50)))
                .containsExactlyInAnyOrder("Réunion parents-professeurs", "Contrôle de maths vendredi");
        assertThat(titles(board.visibleTo(school.head, now, 50))).hasSize(3);
        // Nobody reads another school's news, on the page either.
        String page = mvc.perform(get("/actualites").with(as(school.otherPupil)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(page).contains("Contrôle de maths vendredi").doesNotContain("Voyage en Espagne", "autre collège");
        mvc.perform(get("/api/v1/news").with(as(school.otherPupil)))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2));
    }

    @Test
    void onlyTheAuthorAndTheSchoolsStaffManageAnItem() throws Exception {
        var item = publish(school.mathsTeacher, "audience:" + school.classId, "Contrôle de maths vendredi");
        // Another teacher of the school, a pupil: not theirs (and not even said to exist).
        for (CurrentUser who : new CurrentUser[] {school.historyTeacher, school.pupil}) {
            assertThatThrownBy(() -> news.withdraw(who, item.id()))
                    .isInstanceOfSatisfying(
                            Problem.class, p -> assertThat(p.status()).isEqualTo(HttpStatus.NOT_FOUND));
        }
        mvc.perform(post("/actualites/" + item.id() + "/retrait").with(csrf()).with(as(school.historyTeacher)))
                .andExpect(status().isNotFound());
        news.pin(school.head, item.id(), true);
        assertThat(board.visibleTo(school.pupil, clock.instant(), 5).getFirst().pinned())
                .isTrue();
        news.withdraw(school.mathsTeacher, item.id());
        assertThat(board.visibleTo(school.pupil, clock.instant(), 5)).isEmpty();
    }

    @Test
    void badInputIsRefusedFieldByFieldAndNothingIsWritten() {
        var empty = new NewsDraft(
                "audience:" + school.classId,
                " ",
                "<script>alert(1)</script>",
                Optional.empty(),
                Optional.of(java.time.LocalDateTime.now().minusDays(1)),
                false);
        assertThatThrownBy(() -> news.publish(school.mathsTeacher, empty))
                .isInstanceOfSatisfying(
                        Problem.class, p -> assertThat(p.fields()).containsOnlyKeys("titre", "texte", "expiration"));
        assertThat(count(school)).isZero();
    }

    static java.util.List<String> titles(java.util.List<NewsItem> items) {
        return items.stream().map(NewsItem::title).toList();
    }

    int count(TestSchool s) {
        return jdbc.sql("select count(*) from news_item where school_id = ?")
                .param(s.schoolId)
                .query(Integer.class)
                .single();
    }
}
