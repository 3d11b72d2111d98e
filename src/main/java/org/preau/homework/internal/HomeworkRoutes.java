package org.preau.homework.internal;

import org.preau.platform.web.ModuleRoutes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The offline copy's service worker and web app manifest must be reachable signed out (a browser fetches them on
 * its own), and the worker must sit at the root to control "Aujourd'hui" ({@code /}).
 */
@Configuration(proxyBeanMethods = false)
public class HomeworkRoutes {

    @Bean
    ModuleRoutes homeworkModuleRoutes() {
        return ModuleRoutes.publicPaths("homework", "/sw.js", "/manifest.webmanifest");
    }
}
