package org.preau.identity.internal.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Seen in a log-in's statements (bench/login-cost, JDBC debug log): Spring Session's filter saves the session when a
 * response is committed early (the log-in's redirect) and again when the request ends. The second save rewrote the
 * row it had just inserted (an UPDATE and a commit per log-in) because the last-access time was set again, unchanged.
 * The row's {@code xmin} (the transaction that wrote its current version) shows whether a save wrote it.
 */
@PreauIntegrationTest
class SessionSavedTwiceTest {

    @Autowired
    CachingSessionRepository sessions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSessionSavedAgainWithNothingChangedIsNotWrittenAgain() {
        var session = sessions.createSession();
        session.setAttribute("who", "someone");
        sessions.save(session);
        String written = version(session.getId());

        sessions.save(session);

        assertThat(version(session.getId())).isEqualTo(written);
        sessions.deleteById(session.getId());
    }

    @Test
    void aChangeAfterTheFirstSaveIsStillWritten() {
        var session = sessions.createSession();
        session.setAttribute("who", "someone");
        sessions.save(session);
        String written = version(session.getId());

        session.setMaxInactiveInterval(session.getMaxInactiveInterval().plusMinutes(5));
        sessions.save(session);

        assertThat(version(session.getId())).isNotEqualTo(written);
        assertThat(jdbc.sql("select max_inactive_interval from spring_session where session_id = ?")
                        .param(session.getId())
                        .query(Integer.class)
                        .single())
                .isEqualTo((int) session.getMaxInactiveInterval().toSeconds());
        sessions.deleteById(session.getId());
    }

    /** The one case where the guard sets the time: a later request changes a session read back from the database. */
    @Test
    void aLaterAccessIsWrittenWithTheChangeThatLoadsTheStoredSession() {
        var session = sessions.createSession();
        session.setAttribute("who", "someone");
        sessions.save(session);
        var later = session.getLastAccessedTime().plusSeconds(90).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);

        var next = sessions.findById(session.getId());
        next.setLastAccessedTime(later);
        next.setAttribute("what", "something");
        sessions.save(next);

        assertThat(jdbc.sql("select last_access_time from spring_session where session_id = ?")
                        .param(session.getId())
                        .query(Long.class)
                        .single())
                .isEqualTo(later.toEpochMilli());
        sessions.deleteById(session.getId());
    }

    private String version(String sessionId) {
        return jdbc.sql("select xmin::text from spring_session where session_id = ?")
                .param(sessionId)
                .query(String.class)
                .single();
    }
}
