package org.preau.status.internal;

import org.preau.platform.web.ModuleRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * The public status page answers from memory, for everyone alike, without reading a session (docs/adr/0031): its
 * own stateless chain (no session read or written, no CSRF token minted, so no Set-Cookie and a response any cache
 * may keep), and the surge filter lets {@code /statut} through untouched (its bypass paths), so that the page
 * answers in the waiting room, in read-only mode and while PostgreSQL, and with it the session store, is down.
 */
@Configuration(proxyBeanMethods = false)
class StatusWebConfig {

    static final String PAGE = "/statut";
    static final String JSON = "/statut.json";
    static final String FEED = "/statut.atom";

    @Bean
    ModuleRoutes statusModuleRoutes() {
        return ModuleRoutes.publicPaths("status", PAGE, JSON, FEED);
    }

    @Bean
    @Order(11)
    SecurityFilterChain statusPage(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                        && switch (request.getRequestURI()) {
                            case PAGE, JSON, FEED -> true;
                            default -> false;
                        })
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable())
                // Caching is the page's own business (a short public max-age and an ETag).
                .headers(h -> h.disable());
        return http.build();
    }
}
