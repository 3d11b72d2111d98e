package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.EntryService;
import org.preau.identity.Accounts;
import org.preau.support.HttpUser;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.RealCsrf;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The first morning's hottest request, over real HTTP with a real signed-in session: once warm, "Aujourd'hui" costs
 * no SQL at all (the session from the node's memory, its last-access time written off the request path, the day and
 * the pupil's own states from caches), and a browser that has the page gets a 304 built from the kept page.
 */
@PreauIntegrationTest
class SignedInHotPathTest {

    static final String PASSWORD = "une phrase de passe pour le matin";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    EntryService entries;

    @Autowired
    Clock clock;

    @Autowired
    ApplicationContext context;

    TestSchool school;
    HttpUser pupil;

    @BeforeEach
    void signIn() throws Exception {
        RealCsrf.restore(context);
        school = TestSchool.create(jdbc);
        LocalDate today = EntryService.today(clock);
        entries.create(
                school.mathsTeacher,
                Fixtures.draft(
                        school.classId, school.mathsId, today, "Fractions", Fixtures.work("Ex. 3", today.plusDays(1))));
        accounts.setPassword(school.pupil.accountId(), PASSWORD);
        pupil = new HttpUser(port);
        assertThat(pupil.logIn(school.pupil.login(), PASSWORD, false).statusCode())
                .isEqualTo(302);
    }

    private int statements(String path, String ifNoneMatch) throws Exception {
        String name = UUID.randomUUID().toString();
        var response = pupil.send(path, r -> {
            var b = r.GET()
                    .header("Accept", "text/html")
                    .header("Accept-Encoding", "gzip")
                    .header(CountingRequests.HEADER, name);
            return ifNoneMatch == null ? b : b.header("If-None-Match", ifNoneMatch);
        });
        assertThat(response.statusCode()).isIn(200, 304);
        // The server thread records the count after the response has left: wait for it (not a timing assertion).
        for (int i = 0; i < 200 && !CountingRequests.COUNTS.containsKey(name); i++) {
            Thread.sleep(10);
        }
        return CountingRequests.COUNTS.get(name);
    }

    @Test
    void aWarmTodayPageMakesNoQuery() throws Exception {
        statements("/", null); // cold: session, directory, day and states are read once
        statements("/", null);
        int warm = Math.min(statements("/", null), statements("/", null));
        System.out.printf("[hot path] statements for a warm signed-in \"Aujourd'hui\" over HTTP: %d%n", warm);
        assertThat(warm).isZero();
    }

    @Test
    void aRepeatVisitIsA304WithoutRenderingAndTheKeptBytesAreGzipped() throws Exception {
        var first = pupil.send("/", r -> r.GET().header("Accept", "text/html").header("Accept-Encoding", "gzip"));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Content-Encoding")).hasValue("gzip");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        var again = pupil.send("/", r -> r.GET().header("Accept", "text/html").header("If-None-Match", etag));
        assertThat(again.statusCode()).isEqualTo(304);

        // A tick by the pupil changes what the page shows: a new ETag, at once.
        var work = jdbc.sql("select id from homework_work where school_id = ?")
                .param(school.schoolId)
                .query(UUID.class)
                .single();
        var tick = pupil.post("/travail/" + work + "/fait", java.util.Map.of("done", "true"));
        assertThat(tick.statusCode()).isEqualTo(302);
        var after = pupil.send("/", r -> r.GET().header("Accept", "text/html").header("If-None-Match", etag));
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.headers().firstValue("ETag")).isNotEqualTo(java.util.Optional.of(etag));
    }
}
