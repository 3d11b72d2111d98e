package org.preau.identity.internal.sessions;

import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.preau.platform.ClusterBus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.session.config.annotation.web.http.EnableSpringHttpSession;
import org.springframework.session.jdbc.JdbcIndexedSessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Puts {@link CachingSessionRepository} in front of Spring Session JDBC: the session filter and identity's services
 * use it. Spring Boot's own JDBC session configuration steps back when a session repository is defined, so the JDBC
 * store is built here with the same settings (the {@code spring_session} tables of the platform's migration, the
 * session timeout, the expired-session cleanup).
 */
@Configuration(proxyBeanMethods = false)
@EnableSpringHttpSession
class SessionCacheConfig {

    @Bean
    @Primary
    CachingSessionRepository cachingSessionRepository(
            DataSource dataSource,
            PlatformTransactionManager transactions,
            JdbcClient sql,
            ClusterBus bus,
            Clock clock,
            @Value("${server.servlet.session.timeout:30m}") Duration timeout,
            @Value("${spring.session.jdbc.cleanup-cron:0 * * * * *}") String cleanupCron) {
        var jdbc =
                new JdbcIndexedSessionRepository(new JdbcTemplate(dataSource), new TransactionTemplate(transactions));
        jdbc.setDefaultMaxInactiveInterval(timeout);
        jdbc.setCleanupCron(cleanupCron);
        jdbc.afterPropertiesSet();
        return new CachingSessionRepository(jdbc, sql, bus, clock);
    }

    /** Writes the collected last-access times every few seconds, and once more when the node stops. */
    @Component
    static class LastAccessWriter implements org.springframework.beans.factory.DisposableBean {
        private final CachingSessionRepository sessions;

        LastAccessWriter(CachingSessionRepository sessions) {
            this.sessions = sessions;
        }

        @Scheduled(fixedDelay = 5000, initialDelay = 5000)
        void flush() {
            sessions.flushLastAccess();
        }

        @Override
        public void destroy() {
            sessions.flushLastAccess();
        }
    }
}
