package org.preau.identity.internal.sessions;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.preau.support.PreauIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Seen in the attack benchmark (run 2026-12-02T0256Z): a log-in's new session was inserted, the commit's answer was
 * lost on a saturated core, and Spring Session's filter saved the session again at the end of the request. The second
 * insert hit the primary key and the visitor got a 500. The row is the same session's: it is replaced.
 */
@PreauIntegrationTest
class LostCommitSessionTest {

    @Autowired
    CachingSessionRepository sessions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aNewSessionSavedAgainAfterALostCommitReplacesItsRow() {
        var session = sessions.createSession();
        session.setAttribute("first", "1");
        sessions.save(session);
        // The first save committed, but as far as Spring Session knows it failed: the session is still "new".
        var live = ((CachedSession) session).live();
        ReflectionTestUtils.setField(live, "isNew", true);
        session.setAttribute("second", "2");

        sessions.save(session);

        assertThat(jdbc.sql("select count(*) from spring_session where session_id = ?")
                        .param(session.getId())
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
        assertThat(jdbc.sql("select attribute_name from spring_session_attributes a join spring_session s"
                                + " on a.session_primary_id = s.primary_id where s.session_id = ? order by 1")
                        .param(session.getId())
                        .query(String.class)
                        .list())
                .containsExactly("first", "second");
        sessions.deleteById(session.getId());
    }
}
