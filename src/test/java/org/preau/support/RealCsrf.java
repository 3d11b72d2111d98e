package org.preau.support;

import org.springframework.context.ApplicationContext;
import org.springframework.security.web.FilterChainProxy;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * Spring Security's MockMvc {@code csrf()} post-processor swaps the shared context's CSRF repository for a test one
 * backed by the HTTP session, for good: every later test of the same context that posts a real form over HTTP is
 * then refused. Tests that talk real HTTP call {@link #restore} first, putting back the application's cookie
 * repository.
 */
public final class RealCsrf {

    private RealCsrf() {}

    public static void restore(ApplicationContext context) {
        var repository = context.getBean(CookieCsrfTokenRepository.class);
        for (var chain : context.getBean(FilterChainProxy.class).getFilterChains()) {
            for (var filter : chain.getFilters()) {
                if (filter instanceof CsrfFilter csrf) {
                    ReflectionTestUtils.setField(csrf, "tokenRepository", repository);
                }
            }
        }
    }
}
