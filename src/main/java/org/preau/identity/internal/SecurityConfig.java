package org.preau.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.List;
import org.preau.platform.PreauProperties;
import org.preau.platform.web.ModuleRoutes;
import org.preau.platform.web.Problem;
import org.preau.platform.web.ProblemResponses;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderNotFoundException;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AnyRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.session.security.web.authentication.SpringSessionRememberMeServices;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.session.web.http.DefaultCookieSerializer;

/**
 * The web security chain. Log-in itself is our own controller ({@code LoginController}), not Spring Security's form
 * log-in, so that throttling, "busy" answers, the audit trail and equal work for unknown logins are in one place;
 * it stores the context with the same {@link SecurityContextRepository} the chain reads.
 *
 * <p>Nothing here creates a session for an anonymous visitor: the CSRF token and the page to return to after
 * log-in live in cookies (ADR 0003), so a flood on the log-in page writes no session rows.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final RequestMatcher API =
            PathPatternRequestMatcher.withDefaults().matcher("/api/**");

    /** Operations endpoints: what an attacker would like to read (lane limits, queues, the degraded flag, the API). */
    static final String[] OPERATIONS = {"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**"};

    @Bean
    ModuleRoutes identityModuleRoutes() {
        return new ModuleRoutes("identity", List.of("/connexion", "/activation"), List.of("/connexion", "/activation"));
    }

    @Bean
    SecurityFilterChain web(
            HttpSecurity http,
            CookieCsrfTokenRepository csrf,
            SecurityContextRepository contexts,
            CookieRequestCache requestCache,
            List<ModuleRoutes> routes,
            ProblemResponses problems,
            OperationsAccess operations)
            throws Exception {
        String[] publicPaths = routes.stream()
                .flatMap(r -> r.publicPaths().stream())
                .distinct()
                .toArray(String[]::new);
        http.authorizeHttpRequests(auth -> auth.requestMatchers(OPERATIONS)
                        .access(operations)
                        .requestMatchers(publicPaths)
                        .permitAll()
                        .requestMatchers("/admin/**")
                        .hasAnyRole("STAFF", "ADMIN")
                        .anyRequest()
                        .authenticated())
                // The plain (unmasked) token: the same page for the same visitor, so that a failed log-in page
                // is byte-identical whether the account exists. BREACH needs cross-site requests carrying the
                // cookies, which SameSite=Lax refuses.
                .csrf(c -> c.csrfTokenRepository(csrf).csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler()))
                .securityContext(c -> c.securityContextRepository(contexts))
                .requestCache(c -> c.requestCache(requestCache))
                // Content-Security-Policy, Referrer-Policy, framing and sniffing are set for every response by the
                // platform (SecurityHeaders), also for answers given before this chain; only caching is left here.
                .headers(h -> h.defaultsDisabled().cacheControl(Customizer.withDefaults()))
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                (request, response, ex) -> problems.write(request, response, Problem.unauthorized()),
                                API)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint("/connexion"), AnyRequestMatcher.INSTANCE)
                        // A forbidden page, an expired CSRF token: the same page as every other refusal, except
                        // for the log-in form itself, which nobody can "reload and send again" (its token went with
                        // the session it was for): back to a fresh form that says why, as no harm is done.
                        .accessDeniedHandler((request, response, ex) -> {
                            boolean staleToken = ex instanceof org.springframework.security.web.csrf.CsrfException;
                            if (staleToken && isLoginFormPost(request)) {
                                response.setStatus(HttpServletResponse.SC_SEE_OTHER);
                                response.setHeader("Location", "/connexion?" + LoginController.EXPIRED_FORM);
                                return;
                            }
                            problems.write(
                                    request,
                                    response,
                                    staleToken ? Problem.forbidden("problem.csrf") : Problem.forbidden());
                        }))
                .logout(l -> l.logoutUrl("/deconnexion")
                        .logoutSuccessUrl("/connexion?deconnexion")
                        .deleteCookies("REDIRECT_URI"))
                .formLogin(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable);
        return http.build();
    }

    /** The log-in form posted by a browser (not an API client, which gets the problem details). */
    static boolean isLoginFormPost(HttpServletRequest request) {
        return "POST".equals(request.getMethod())
                && "/connexion".equals(request.getRequestURI())
                && !ProblemResponses.wantsJson(request);
    }

    /**
     * Passwords are checked by {@code LoginService} only; this bean keeps Spring Boot from creating an in-memory
     * user with a generated password that nothing should ever accept.
     */
    @Bean
    AuthenticationManager noOtherAuthentication() {
        return authentication -> {
            throw new ProviderNotFoundException("Log-in goes through /connexion");
        };
    }

    /**
     * No Micrometer observation around each Spring Security filter (docs/adr/0075). The property
     * {@code management.observations.enable.spring.security=false} only makes those observations no-ops: Spring
     * Security still wraps every filter of every chain in an {@code ObservationFilterChainDecorator}, paid by every
     * request, the refused flood included. With this bean it builds the chains undecorated.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    CookieCsrfTokenRepository csrfTokenRepository(PreauProperties properties) {
        // Readable by scripts so that API writes can echo it in X-XSRF-TOKEN.
        var repository = CookieCsrfTokenRepository.withHttpOnlyFalse();
        repository.setCookieCustomizer(c -> c.secure(properties.secureCookies()).sameSite("Lax"));
        return repository;
    }

    @Bean
    SecurityContextRepository securityContextRepository() {
        return new HttpSessionSecurityContextRepository();
    }

    /** Where to go back after log-in, kept in a cookie rather than a session; pages only, never the API. */
    @Bean
    CookieRequestCache requestCache(PreauProperties properties) {
        var cache = new CookieRequestCache();
        cache.setRequestMatcher(
                request -> HttpMethod.GET.matches(request.getMethod()) && !API.matches(request) && !isAsset(request));
        cache.setCookieCustomizer(c -> {
            c.setSecure(properties.secureCookies());
            c.setAttribute("SameSite", "Lax");
        });
        return cache;
    }

    private static boolean isAsset(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return uri.startsWith("/actuator") || uri.contains(".");
    }

    @Bean
    SpringSessionRememberMeServices rememberMeServices(IdentityProperties properties) {
        var services = new SpringSessionRememberMeServices();
        // SignIn calls it only when the box was ticked.
        services.setAlwaysRemember(true);
        services.setValiditySeconds((int) properties.rememberMe().toSeconds());
        return services;
    }

    @Bean
    CookieSerializer cookieSerializer(
            PreauProperties preau,
            IdentityProperties identity,
            @Value("${server.servlet.session.cookie.name:PREAU_SESSION}") String name) {
        var serializer = new RememberingCookieSerializer(identity.rememberMe());
        serializer.setCookieName(name);
        serializer.setUseHttpOnlyCookie(true);
        serializer.setSameSite("Lax");
        serializer.setUseSecureCookie(preau.secureCookies());
        serializer.setCookiePath("/");
        serializer.setRememberMeRequestAttribute(SpringSessionRememberMeServices.REMEMBER_ME_LOGIN_ATTR);
        return serializer;
    }

    /**
     * A session cookie that lasts as long as "stay signed in" when it was asked for, and ends with the browser
     * otherwise. (Spring Session's own remember-me cookie never expires and relies on the server-side expiry.)
     */
    static final class RememberingCookieSerializer extends DefaultCookieSerializer {
        private final int rememberSeconds;

        RememberingCookieSerializer(Duration remember) {
            this.rememberSeconds = (int) remember.toSeconds();
        }

        @Override
        public void writeCookieValue(CookieValue cookieValue) {
            if (cookieValue.getCookieMaxAge() < 0
                    && !cookieValue.getCookieValue().isEmpty()
                    && cookieValue.getRequest().getAttribute(SpringSessionRememberMeServices.REMEMBER_ME_LOGIN_ATTR)
                            != null) {
                cookieValue.setCookieMaxAge(rememberSeconds);
            }
            super.writeCookieValue(cookieValue);
        }
    }
}
