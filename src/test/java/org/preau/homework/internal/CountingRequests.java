package org.preau.homework.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Test helper: a request carrying {@code X-Count-Statements: <name>} has every SQL statement its thread prepares
 * counted, from the first filter to the last (the session's load and save included), under that name.
 */
@Configuration(proxyBeanMethods = false)
class CountingRequests {

    static final String HEADER = "X-Count-Statements";
    static final Map<String, Integer> COUNTS = new ConcurrentHashMap<>();

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> countingRequestsFilter() {
        var registration = new FilterRegistrationBean<OncePerRequestFilter>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                String name = request.getHeader(HEADER);
                if (name == null) {
                    chain.doFilter(request, response);
                    return;
                }
                QueryCounter.start();
                try {
                    chain.doFilter(request, response);
                } finally {
                    COUNTS.put(name, QueryCounter.stop());
                }
            }
        });
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
