package org.preau.surge.internal;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.preau.platform.web.ClientAddressResolver;
import org.preau.platform.web.ConnectionPriority;
import org.preau.platform.web.ModuleRoutes;
import org.preau.platform.web.SessionPeek;
import org.preau.surge.SurgeSettings;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the surge filter right after Spring Session's filter and right before Spring Security's (so the session,
 * and with it the principal, can be read, but no security work is spent on traffic that will be refused), and
 * declares the pages anybody must reach while others are signed out: the waiting room and the proof-of-work
 * challenge.
 */
@Configuration(proxyBeanMethods = false)
class SurgeWebConfig {

    /**
     * Before Spring Security's filter chain (whose order is {@link SecurityFilterProperties.DEFAULT_FILTER_ORDER}),
     * leaving one place between them: the live classroom's handshake gate (docs/adr/0088) runs after the surge's
     * refusals and before the security chain.
     */
    static final int FILTER_ORDER = SecurityFilterProperties.DEFAULT_FILTER_ORDER - 2;

    @Bean
    FilterRegistrationBean<SurgeFilter> surgeFilter(
            SurgeProperties properties,
            Lanes lanes,
            RateLimits limits,
            Suspects suspects,
            WaitingRoom room,
            ProofOfWork pow,
            DatabaseWatch database,
            SettingsStore settings,
            ClientAddressResolver addresses,
            SurgeResponses responses,
            List<ModuleRoutes> routes,
            org.springframework.beans.factory.ObjectProvider<SessionPeek> sessions,
            Tarpit tarpit,
            org.springframework.beans.factory.ObjectProvider<ConnectionPriority> priority) {
        // POSTs that hash a password or a code, as every module declares them: the log-in lane, proof-of-work.
        List<String> passwordEndpoints = routes.stream()
                .flatMap(r -> r.passwordEndpoints().stream())
                .distinct()
                .toList();
        var filter = new SurgeFilter(
                properties,
                passwordEndpoints,
                lanes,
                limits,
                suspects,
                room,
                pow,
                database,
                settings,
                addresses,
                responses,
                sessions.getIfAvailable(),
                tarpit,
                priority.getIfAvailable(ConnectionPriority::disabled));
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(FILTER_ORDER);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        registration.setName("surgeFilter");
        registration.setEnabled(properties.enabled());
        return registration;
    }

    @Bean
    RateLimits rateLimits(SettingsStore settings) {
        var limits = new RateLimits(settings.current());
        settings.onChange(limits::configure);
        return limits;
    }

    @Bean
    Suspects suspects(SettingsStore settings) {
        var suspects =
                new Suspects(java.time.Duration.ofMinutes(settings.current().suspectMinutes()));
        settings.onChange(new java.util.function.Consumer<SurgeSettings>() {
            private int minutes = settings.current().suspectMinutes();

            @Override
            public void accept(SurgeSettings s) {
                if (s.suspectMinutes() != minutes) {
                    minutes = s.suspectMinutes();
                    suspects.resize(java.time.Duration.ofMinutes(minutes));
                }
            }
        });
        return suspects;
    }

    /** Anyone must reach the waiting room and the proof-of-work challenge, signed in or not. */
    @Bean
    ModuleRoutes surgeModuleRoutes() {
        return ModuleRoutes.publicPaths(
                "surge", SurgeResponses.ROOM_PATH, SurgeResponses.ROOM_PATH + "/**", "/api/v1/surge/pow/**");
    }
}
