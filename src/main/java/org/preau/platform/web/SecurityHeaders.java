package org.preau.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.preau.platform.PreauProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security headers on every response, set first thing so that answers given before Spring Security (the surge
 * filter's refusals, error pages) carry them too: a strict Content-Security-Policy (only our own scripts, styles and
 * images, no inline script, no framing), {@code Referrer-Policy: same-origin} (a pupil's page address never leaves
 * for another site), no MIME sniffing, no framing, and HSTS when Préau runs behind TLS ({@code preau.secure-cookies}).
 * A response may replace the policy with a stricter one (downloads are sandboxed, see the homework module).
 */
@Configuration(proxyBeanMethods = false)
public class SecurityHeaders {

    /** No third party, nothing inline: pages work without JavaScript, and scripts are our own files. */
    public static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

    /** For files served as downloads: nothing runs, even if a browser were to render one. */
    public static final String SANDBOX = "default-src 'none'; sandbox; frame-ancestors 'none'";

    @Bean
    FilterRegistrationBean<Filter> securityHeadersFilter(PreauProperties properties) {
        var registration = new FilterRegistrationBean<>(new Filter(properties.secureCookies()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("securityHeaders");
        return registration;
    }

    /**
     * The headers, for an answer given before this filter runs (the status page's listener answers first thing,
     * docs/adr/0084); {@code https}: as {@code preau.secure-cookies}.
     */
    public static void write(HttpServletResponse response, boolean https) {
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        response.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
        if (https) {
            response.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }

    static final class Filter extends OncePerRequestFilter {
        private final boolean https;

        Filter(boolean https) {
            this.https = https;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            write(response, https);
            chain.doFilter(request, response);
        }
    }
}
