package org.preau.platform.db;

import org.preau.platform.PreauProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** An external PostgreSQL ({@code PREAU_DB_URL}, {@code PREAU_DB_USER}, {@code PREAU_DB_PASSWORD}). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${preau.db.url:}'.isBlank()")
class ExternalDatabaseConfig {

    @Bean
    ConnectionSettings connectionSettings(PreauProperties properties) {
        var db = properties.db();
        return new ConnectionSettings(
                db.url(), db.user(), db.password(), db.timeouts().driverProperties());
    }
}
