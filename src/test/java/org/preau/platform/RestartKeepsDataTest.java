package org.preau.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preau.PreauApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The product path, not the test database: the embedded PostgreSQL under a data directory, stopped and started
 * again by the application, keeps what was written.
 */
class RestartKeepsDataTest {

    @TempDir
    Path data;

    @Test
    void dataWrittenBeforeARestartIsThereAfterIt() {
        try (var first = start()) {
            first.getBean(JdbcClient.class)
                    .sql("insert into school (id, uai, name) values (?, '0319999Z', 'Collège du Redémarrage')")
                    .param(Ids.newId())
                    .update();
        }
        assertThat(Files.exists(data.resolve("postgresql/PG_VERSION"))).isTrue();
        try (var second = start()) {
            var names = second.getBean(JdbcClient.class)
                    .sql("select name from school where uai = '0319999Z'")
                    .query(String.class)
                    .list();
            assertThat(names).containsExactly("Collège du Redémarrage");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(PreauApplication.class)
                .properties(
                        "server.port=0", "preau.demo=false", "preau.db.url=", "preau.data-dir=" + data.toAbsolutePath())
                .run();
    }
}
