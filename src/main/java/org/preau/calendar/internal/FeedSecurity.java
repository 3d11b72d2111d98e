package org.preau.calendar.internal;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Calendar apps fetch the feed without a session or cookies: its URL carries the secret. This chain covers only
 * {@code /calendrier/*.ics}, stateless, read-only; everything else stays under the application's main chain.
 */
@Configuration(proxyBeanMethods = false)
class FeedSecurity {

    @Bean
    @Order(10)
    SecurityFilterChain calendarFeed(HttpSecurity http) throws Exception {
        http.securityMatcher(request -> "GET".equals(request.getMethod())
                        && request.getRequestURI().matches("/calendrier/[A-Za-z0-9_-]{43}\\.ics"))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .requestCache(cache -> cache.disable());
        return http.build();
    }
}
