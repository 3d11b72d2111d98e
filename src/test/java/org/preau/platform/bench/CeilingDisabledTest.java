package org.preau.platform.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
 * Without {@code preau.bench.ceiling=true} (every default, demo included) the benchmark's ceiling does not exist: a
 * signed-in pupil gets the not-found page, and its public twin is not public.
 */
@PreauIntegrationTest
class CeilingDisabledTest {

    private static final String PASSWORD = "une phrase de passe assez longue";

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @BeforeEach
    void realCsrf() {
        RealCsrf.restore(context);
    }

    @Test
    void theCeilingIsNotThere() throws Exception {
        assertThat(context.getBeanNamesForType(CeilingController.class)).isEmpty();
        var who = TestSchool.create(jdbc).pupil;
        accounts.setPassword(who.accountId(), PASSWORD);
        var pupil = new HttpUser(port);
        assertThat(pupil.logIn(who.login(), PASSWORD, false).statusCode()).isEqualTo(302);

        assertThat(pupil.get("/bench/plafond").statusCode()).isEqualTo(404);
        assertThat(pupil.get("/bench/plafond-public").statusCode()).isEqualTo(404);

        var anonymous = new HttpUser(port).get("/bench/plafond-public");
        assertThat(anonymous.statusCode()).isEqualTo(302);
        assertThat(anonymous.headers().firstValue("Location").orElse("")).contains("/connexion");
    }
}
