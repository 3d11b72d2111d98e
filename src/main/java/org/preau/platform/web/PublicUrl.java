package org.preau.platform.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import org.preau.platform.PreauProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The address of the service as people type it, for what is printed or sent outside the site (activation-code
 * sheets; later e-mails): a printed slip must say where to go. From {@code preau.public-url} when set; in demo mode
 * otherwise the loopback URL the server listens on ({@code http://127.0.0.1:8080}); outside demo mode with nothing
 * set, the address of the current request, as the staff member's browser reached the server (behind a proxy this may
 * be an internal name: set {@code PREAU_PUBLIC_URL}). Never ends with a slash.
 */
@Component
public class PublicUrl {

    private static final Logger log = LoggerFactory.getLogger(PublicUrl.class);

    private final Optional<String> configured;
    private final boolean demo;
    private volatile int port = -1;

    PublicUrl(PreauProperties properties) {
        this.configured = parse(properties.publicUrl());
        this.demo = properties.demo();
    }

    /** The configured address, checked: an absolute http(s) URL with a host, without a trailing slash. */
    static Optional<String> parse(String value) {
        return parse(value, "preau.public-url");
    }

    /** The same check for another setting of the same kind, named in its error messages. */
    static Optional<String> parse(String value, String setting) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.strip();
        try {
            URI uri = new URI(trimmed);
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null
                    || uri.getQuery() != null
                    || uri.getFragment() != null) {
                throw new IllegalStateException(
                        setting + " must be an http or https address such as https://ent.example.fr: " + value);
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(setting + " is not a URL: " + value, e);
        }
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return Optional.of(trimmed);
    }

    @EventListener
    void on(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
        if (configured.isEmpty() && !demo) {
            log.warn("preau.public-url (PREAU_PUBLIC_URL) is not set: printed activation codes will show the address"
                    + " each staff member's browser used to reach the server");
        }
    }

    /** The service's address, without a trailing slash. Call it while serving a request when nothing is set. */
    public String base() {
        if (configured.isPresent()) {
            return configured.get();
        }
        if (demo && port > 0) {
            return "http://127.0.0.1:" + port;
        }
        return ServletUriComponentsBuilder.fromCurrentContextPath().build().toUriString();
    }
}
