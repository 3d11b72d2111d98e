package org.preau.platform.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.preau.platform.PreauProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * The connection pool, the same for the embedded and the external PostgreSQL, with the timeouts of
 * {@link DatabaseTimeouts}; migrations get connections of their own with the long limits, so that a migration that
 * rewrites a big table is not cut by the limits meant for requests (and does not leave its settings on a pooled
 * connection).
 */
@Configuration(proxyBeanMethods = false)
class DataSourceConfig {

    @Bean
    HikariDataSource dataSource(ConnectionSettings settings, PreauProperties properties, Environment env) {
        var config = new HikariConfig();
        // Pool sizing and the like keep Spring Boot's names (spring.datasource.hikari.*); timeouts are typed.
        Binder.get(env).bind("spring.datasource.hikari", Bindable.ofInstance(config));
        var timeouts = properties.db().timeouts();
        config.setPoolName("preau");
        config.setJdbcUrl(settings.url());
        config.setUsername(settings.user());
        config.setPassword(settings.password());
        config.setConnectionTimeout(timeouts.poolWait().toMillis());
        config.setValidationTimeout(timeouts.validation().toMillis());
        settings.driverProperties().forEach(config::addDataSourceProperty);
        config.addDataSourceProperty("ApplicationName", "preau");
        return new HikariDataSource(config);
    }

    @Bean
    LongStatements longStatements(DataSource dataSource, PreauProperties properties) {
        return new LongStatements(dataSource, properties.db().timeouts().longStatement());
    }

    @Bean
    FlywayConfigurationCustomizer migrationsWithLongTimeouts(ConnectionSettings settings, PreauProperties properties) {
        var longSettings = new ConnectionSettings(
                settings.url(),
                settings.user(),
                settings.password(),
                properties.db().timeouts().longDriverProperties());
        return configuration -> {
            var migrations = new SimpleDriverDataSource(
                    new org.postgresql.Driver(), settings.url(), longSettings.properties("preau-migrations"));
            configuration.dataSource(migrations);
        };
    }
}
