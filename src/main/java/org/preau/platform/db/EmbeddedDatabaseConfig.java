package org.preau.platform.db;

import java.io.IOException;
import org.preau.platform.PreauProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the embedded PostgreSQL 17 (binaries shipped through Maven) when no external database is configured, so
 * that {@code ./preau run} works on a fresh machine with only a JDK. Its data directory lives under
 * {@code preau.data-dir} and is kept between runs: a restart keeps all data, and so does a crash (see
 * {@link EmbeddedCluster} for what makes that hold).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("'${preau.db.url:}'.isBlank()")
class EmbeddedDatabaseConfig {

    @Bean(destroyMethod = "close")
    EmbeddedCluster embeddedCluster(PreauProperties properties) throws IOException {
        var cluster = EmbeddedCluster.start(properties.dataDir());
        DatabaseFirst.ofThisProcess().apply(properties.db().embeddedServerNice());
        return cluster;
    }

    @Bean
    ConnectionSettings connectionSettings(EmbeddedCluster cluster, PreauProperties properties) {
        return new ConnectionSettings(
                cluster.jdbcUrl(),
                cluster.user(),
                cluster.password(),
                properties.db().timeouts().driverProperties());
    }
}
