package org.preau.status.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadPoolExecutor;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.AbstractProtocol;
import org.preau.platform.web.NamedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The public status page on a listener of its own, {@code preau.status.port} (docs/adr/0083): a Tomcat connector with
 * its own acceptor, poller and two platform threads, beside the main one. On the attack morning the main listener's
 * threads are as busy as the core (every flood connection goes through them), and a look at {@code /statut} there
 * waited seconds at the peak even ahead of the shared queue (docs/adr/0082); threads that are idle until a reader
 * comes are scheduled at once. The operator points the status host name ({@code statut.example.fr}) at this port.
 *
 * <p>It serves the status page, its JSON, its feed and the assets the page uses, nothing else ({@code /} is sent to the
 * page): any other path is a 404, so that it is no way around the main listener's defences.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty("preau.status.port")
class StatusListener {

    private static final Logger log = LoggerFactory.getLogger(StatusListener.class);

    /** Threads that serve it: the page costs about 200 µs from memory, so two keep up with thousands of readers. */
    static final int THREADS = 2;

    /** Socket events waiting for those threads; beyond, Tomcat closes the connection (a reader retries). */
    static final int QUEUE = 512;

    /** The connector, shared by the factory customizer that adds it and the filter that keeps it to its paths. */
    static final class Listener {
        final Connector connector;
        final ThreadPoolExecutor threads;

        Listener(int port) {
            threads = NamedThreadPool.fixed("preau-status", THREADS, QUEUE);
            connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
            connector.setPort(port);
            var protocol = (AbstractProtocol<?>) connector.getProtocolHandler();
            protocol.setExecutor(threads);
            protocol.setMaxConnections(4_096);
            protocol.setConnectionTimeout(10_000);
            connector.setProperty("maxKeepAliveRequests", "1000");
        }

        /** The port it listens on (the one chosen when configured as 0), or -1 before it started. */
        int localPort() {
            return connector.getLocalPort();
        }

        void shutdown() {
            threads.shutdown();
        }
    }

    @Bean(destroyMethod = "shutdown")
    Listener statusListenerConnector(@Value("${preau.status.port}") int port) {
        return new Listener(port);
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> statusListenerCustomizer(Listener listener) {
        return factory -> {
            factory.addAdditionalConnectors(listener.connector);
            // Where the main listener binds (demo mode: the loopback only, DemoLoopbackBinding), this one does too:
            // the main connector's address is final once every factory customizer has run, when its own run.
            factory.addConnectorCustomizers(main -> {
                Object address = main.getProperty("address");
                if (address instanceof java.net.InetAddress a) {
                    listener.connector.setProperty("address", a.getHostAddress());
                }
            });
            log.info("Status page: a listener of its own on port {}", listener.connector.getPort());
        };
    }

    @Bean
    FilterRegistrationBean<OnlyTheStatusPage> statusListenerPaths(Listener listener, StatusAnswers answers) {
        var registration = new FilterRegistrationBean<>(new OnlyTheStatusPage(listener, answers));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /**
     * On the status listener, the status page and its assets only. The page, its JSON and its feed are answered here,
     * before any other filter (docs/adr/0084); the assets go on through the chain to the static resources.
     */
    static final class OnlyTheStatusPage extends OncePerRequestFilter {

        private final Listener listener;
        private final StatusAnswers answers;

        OnlyTheStatusPage(Listener listener, StatusAnswers answers) {
            this.listener = listener;
            this.answers = answers;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return request.getLocalPort() != listener.localPort();
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            if (read && request.getRequestURI().equals("/")) {
                // statut.example.fr/ is the page.
                response.setStatus(HttpServletResponse.SC_FOUND);
                response.setHeader("Location", StatusWebConfig.PAGE);
                return;
            }
            var format = read ? StatusAnswers.format(request.getRequestURI()) : null;
            if (format != null) {
                answers.answerFirst(format, request, response);
                return;
            }
            if (read && allowed(request.getRequestURI())) {
                chain.doFilter(request, response);
                return;
            }
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream()
                    .write("Page d'état seulement : /statut. Status page only: /statut.\n"
                            .getBytes(StandardCharsets.UTF_8));
        }

        static boolean allowed(String path) {
            return path.equals(StatusWebConfig.PAGE)
                    || path.equals(StatusWebConfig.JSON)
                    || path.equals(StatusWebConfig.FEED)
                    || path.equals("/favicon.ico")
                    || (path.startsWith("/assets/") && !path.contains(".."));
        }
    }
}
