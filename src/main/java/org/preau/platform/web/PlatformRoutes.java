package org.preau.platform.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The platform's own public paths: every module's static assets, the error page, the health probe. */
@Configuration(proxyBeanMethods = false)
class PlatformRoutes {

    /** Static assets of every module live under this prefix (cacheable forever, fingerprinted). */
    static final String ASSETS = "/assets/";

    @Bean
    ModuleRoutes platformModuleRoutes() {
        return ModuleRoutes.publicPaths("platform", "/assets/**", "/favicon.ico", "/error", "/actuator/health/**");
    }
}
