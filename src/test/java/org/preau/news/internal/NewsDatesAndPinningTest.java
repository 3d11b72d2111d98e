package org.preau.news.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.Directory;
import org.preau.identity.CurrentUser;
import org.preau.news.NewsBoard;
import org.preau.platform.SchoolTime;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Publication and expiry dates, pinning, and the home page: a news item shows on "Aujourd'hui" as soon as it is
 * published, even though that page is kept per pupil with its ETag (ADR 0025), and leaves it when it expires.
 */
@PreauIntegrationTest
class NewsDatesAndPinningTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    NewsService news;

    @Autowired
    NewsBoard board;

    @Autowired
    Directory directory;

    @Autowired
    MockMvc mvc;

    @Autowired
    Clock clock;

    @Autowired
    ApplicationContext context;

    TestSchool school;
    final Cookie browser = new Cookie("XSRF-TOKEN", "news-page-" + UUID.randomUUID());

    @BeforeEach
    void setUp() {
        RealCsrf.restore(context);
        school = TestSchool.create(jdbc);
    }

    static LocalDateTime local(Instant at) {
        return LocalDateTime.ofInstant(at, SchoolTime.ZONE).withSecond(0).withNano(0);
    }

    void publish(String title, Optional<Instant> at, Optional<Instant> until, boolean pinned) {
        news.publish(
                school.head,
                new NewsDraft(
                        "ecole:" + school.schoolId,
                        title,
                        "Le texte de " + title,
                        at.map(NewsDatesAndPinningTest::local),
                        until.map(NewsDatesAndPinningTest::local),
                        pinned));
    }

    @Test
    void aScheduledItemShowsFromItsPublicationAndAnExpiredOneNoMore() {
        Instant now = clock.instant();
        publish("Programmée", Optional.of(now.plus(Duration.ofHours(2))), Optional.empty(), false);
        publish("Éphémère", Optional.empty(), Optional.of(now.plus(Duration.ofHours(5))), false);
        var pupil = directory.placementOf(school.pupil.accountId()).orElseThrow();
        now = clock.instant();

        assertThat(NewsRightsTest.titles(board.forPupil(pupil, now, 10))).containsExactly("Éphémère");
        assertThat(NewsRightsTest.titles(board.forPupil(pupil, now.plus(Duration.ofHours(3)), 10)))
                .containsExactly("Programmée", "Éphémère");
        assertThat(NewsRightsTest.titles(board.forPupil(pupil, now.plus(Duration.ofHours(6)), 10)))
                .containsExactly("Programmée");
        // The kept page must end when the scheduled one appears.
        Instant next = board.nextChange(pupil, now).orElseThrow();
        assertThat(next).isBetween(now.plus(Duration.ofMinutes(118)), now.plus(Duration.ofHours(2)));
    }

    @Test
    void pinnedItemsComeFirstThenTheNewest() {
        publish("Ancienne épinglée", Optional.empty(), Optional.empty(), true);
        publish("Récente", Optional.empty(), Optional.empty(), false);
        publish("Plus récente", Optional.empty(), Optional.empty(), false);
        var titles = NewsRightsTest.titles(
                board.visibleTo(school.pupil, clock.instant().plusSeconds(1), 10));
        assertThat(titles.getFirst()).isEqualTo("Ancienne épinglée");
        assertThat(titles).containsExactlyInAnyOrder("Ancienne épinglée", "Récente", "Plus récente");
    }

    @Test
    void newsPublishedShowsAtOnceOnTheKeptHomePageOfPupilsAndParents() throws Exception {
        var before = home(school.pupil, null);
        assertThat(before.getStatus()).isEqualTo(200);
        assertThat(home(school.pupil, before.getHeader("ETag")).getStatus())
                .as("the page is kept")
                .isEqualTo(304);
        var parentBefore = home(school.parent, null);

        mvc.perform(post("/actualites")
                        .with(csrf())
                        .with(as(school.mathsTeacher))
                        .param("cible", "audience:" + school.classId)
                        .param("titre", "Sortie au musée jeudi")
                        .param("texte", "Prévoir un pique-nique.")
                        .param("epingle", "true"))
                .andExpect(status().is3xxRedirection());

        var after = home(school.pupil, before.getHeader("ETag"));
        assertThat(after.getStatus()).isEqualTo(200);
        var section =
                Jsoup.parse(after.getContentAsString(StandardCharsets.UTF_8)).select("section.home-news");
        assertThat(section.text()).contains("Sortie au musée jeudi", "Prévoir un pique-nique.");
        assertThat(home(school.parent, parentBefore.getHeader("ETag")).getContentAsString(StandardCharsets.UTF_8))
                .contains("Sortie au musée jeudi");
        // The teacher's own home page shows it too; a pupil of another class does not.
        assertThat(home(school.mathsTeacher, null).getContentAsString(StandardCharsets.UTF_8))
                .contains("Sortie au musée jeudi");
        var other = TestSchool.create(jdbc);
        assertThat(home(other.pupil, null).getContentAsString(StandardCharsets.UTF_8))
                .doesNotContain("Sortie au musée jeudi");
    }

    MockHttpServletResponse home(CurrentUser user, String etag) throws Exception {
        var request = org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get("/")
                .cookie(browser)
                .with(as(user));
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return mvc.perform(request).andReturn().getResponse();
    }
}
