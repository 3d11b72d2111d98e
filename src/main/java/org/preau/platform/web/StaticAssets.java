package org.preau.platform.web;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.resource.VersionResourceResolver;

/**
 * Static files, from their own prefixes only: {@code /assets/<module>/…} (each module's folder under
 * {@code static/assets/}) and the two files a browser asks for at the root, {@code /sw.js} and
 * {@code /manifest.webmanifest} ({@code /favicon.ico} is served from memory, {@link IconController}). Fingerprinted by content ({@code preau-<md5>.css}, through
 * {@link org.springframework.web.servlet.resource.ResourceUrlProvider}) and cached for a year.
 *
 * <p>Spring Boot's default mapping ({@code spring.web.resources.add-mappings}, off in application.properties) sends
 * every path no controller takes to the resource handler, which then looks it up in four classpath folders: under a
 * flood of random URLs that lookup was 17 % of the server's CPU (attack run of 2026-12-01T1713Z, JFR). Now such a
 * path finds no handler and gets the platform's 404 page at once.
 */
@Configuration(proxyBeanMethods = false)
class StaticAssets implements WebMvcConfigurer {

    private static final CacheControl A_YEAR =
            CacheControl.maxAge(Duration.ofDays(365)).cachePublic();

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler("/assets/**")
                .addResourceLocations("classpath:/static/assets/")
                .setCacheControl(A_YEAR)
                .resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
        registry.addResourceHandler("/sw.js", "/manifest.webmanifest")
                .addResourceLocations("classpath:/static/")
                .setCacheControl(A_YEAR)
                .resourceChain(true)
                .addResolver(new VersionResourceResolver().addContentVersionStrategy("/**"));
    }
}
