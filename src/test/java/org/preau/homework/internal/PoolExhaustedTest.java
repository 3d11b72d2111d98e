package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.preau.support.TestSchool.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.entries.EntryService;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Seen in the no-attack benchmark run 2026-12-02T0205Z: on the saturated core every one of the pool's 20 connections
 * was in use with 50 to 70 requests waiting, and a teacher's entry, a hand-in or a log-in whose transaction could
 * not get a connection within the pool's wait got "Erreur inattendue" (500, a reference, no Retry-After): 52
 * legitimate 500s. Nothing was written (the transaction never began), so it is the database-busy answer: 503 with
 * its Retry-After, which the client honours, and the form's text is not lost to a dead end.
 */
@PreauIntegrationTest
class PoolExhaustedTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MockMvc mvc;

    @Autowired
    DataSource dataSource;

    @Autowired
    Clock clock;

    @Test
    void aTransactionThatGetsNoConnectionIsTheDatabaseBusyAnswer() throws Exception {
        var school = TestSchool.create(jdbc);
        LocalDate today = EntryService.today(clock);
        var pool = dataSource.unwrap(HikariDataSource.class);
        long entriesBefore = entries(school);
        var held = new ArrayList<Connection>();
        int status;
        String retryAfter;
        String body;
        try {
            // Every connection of the pool taken, as by the requests of the saturated morning.
            while (held.size() < pool.getMaximumPoolSize()) {
                held.add(dataSource.getConnection());
            }
            var response = mvc.perform(multipart("/cahier-de-textes")
                            .param("cible", school.classId + "|" + school.mathsId)
                            .param("date", today.toString())
                            .param("seance", "Séance du matin")
                            .accept(MediaType.TEXT_HTML)
                            .with(csrf())
                            .with(as(school.mathsTeacher)))
                    .andReturn()
                    .getResponse();
            status = response.getStatus();
            retryAfter = response.getHeader("Retry-After");
            body = response.getContentAsString();
        } finally {
            for (var c : held) {
                c.close();
            }
        }
        assertThat(status).as(body.substring(0, Math.min(400, body.length()))).isEqualTo(503);
        assertThat(retryAfter).isNotBlank();
        assertThat(body).contains("base de données");
        assertThat(entries(school)).as("nothing written").isEqualTo(entriesBefore);
    }

    private long entries(TestSchool school) {
        return jdbc.sql("select count(*) from homework_entry where school_id = ?")
                .param(school.schoolId)
                .query(Long.class)
                .single();
    }
}
