package org.preau.platform.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.preau.platform.SignedInUser;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/**
 * Builds the {@link Ui} page helper for any request: in controllers (through {@link UiAdvice}), and in filters and
 * error pages that answer before or outside Spring MVC. It reads only what the request already holds (the security
 * context, the CSRF token or its cookie, the language cookie or {@code ?lang=}), never the database, so an error page
 * can be shown while PostgreSQL is down.
 */
@Component
public class UiFactory {

    /**
     * Request attribute with the {@link SignedInUser}, for code that answers before Spring Security has set the
     * security context (the surge filter sets it from the session it already read).
     */
    public static final String USER_ATTRIBUTE = "preau.user";

    private final MessageSource messages;
    private final LocaleResolver locales;
    private final ObjectProvider<ResourceUrlProvider> assets;
    /** The provider once found: resolving it in the bean factory on every page was ~4 % of a log-in's CPU outside the hash. */
    private volatile ResourceUrlProvider resolvedAssets;

    private final String statusPage;

    public UiFactory(MessageSource messages, LocaleResolver locales, ObjectProvider<ResourceUrlProvider> assets) {
        this(messages, locales, assets, "");
    }

    /**
     * {@code statusPublicUrl}: {@code preau.status.public-url}, the status host (such as
     * {@code https://statut.example.fr}) that the footer links to; empty: this site's {@code /statut}.
     */
    @org.springframework.beans.factory.annotation.Autowired
    public UiFactory(
            MessageSource messages,
            LocaleResolver locales,
            ObjectProvider<ResourceUrlProvider> assets,
            @org.springframework.beans.factory.annotation.Value("${preau.status.public-url:}") String statusPublicUrl) {
        this.messages = messages;
        this.locales = locales;
        this.assets = assets;
        this.statusPage = statusPage(statusPublicUrl);
    }

    /** The footer's link for a configured status host: its page, {@code <url>/statut}; blank: {@code /statut}. */
    static String statusPage(String publicUrl) {
        if (publicUrl == null || publicUrl.isBlank()) {
            return Ui.DEFAULT_STATUS_PAGE;
        }
        // The host's page: whatever path the setting carries, the page is its /statut.
        String url = PublicUrl.parse(publicUrl, "preau.status.public-url").orElseThrow();
        return url.replaceFirst("(?i)^(https?://[^/]+).*$", "$1") + Ui.DEFAULT_STATUS_PAGE;
    }

    public Ui create(HttpServletRequest request) {
        return create(request, locale(request));
    }

    public Ui create(HttpServletRequest request, Locale locale) {
        String param = "_csrf";
        String token = "";
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
            param = csrf.getParameterName();
            token = csrf.getToken();
        } else {
            // Answering before Spring Security: the token is the cookie's value (plain, unmasked: see SecurityConfig).
            token = cookie(request, "XSRF-TOKEN");
        }
        SignedInUser user = null;
        var auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof SignedInUser signedIn) {
            user = signedIn;
        } else if (request.getAttribute(USER_ATTRIBUTE) instanceof SignedInUser early) {
            user = early;
        }
        boolean readOnly = Boolean.TRUE.equals(request.getAttribute(Ui.READ_ONLY_ATTRIBUTE));
        return new Ui(messages, locale, param, token, user, request.getRequestURI(), assets(), readOnly, statusPage);
    }

    private ResourceUrlProvider assets() {
        ResourceUrlProvider found = resolvedAssets;
        if (found == null) {
            found = assets.getIfAvailable();
            resolvedAssets = found;
        }
        return found;
    }

    /** The reader's language: {@code ?lang=fr|en} first (as the interceptor would), then the cookie, else French. */
    public Locale locale(HttpServletRequest request) {
        // From the query string only: reading parameters here would parse a form's body (or its multipart parts)
        // before the application does.
        String lang = queryParameter(request, "lang");
        if ("en".equals(lang)) {
            return Locale.ENGLISH;
        }
        if ("fr".equals(lang)) {
            return Locale.FRENCH;
        }
        try {
            return locales.resolveLocale(request);
        } catch (RuntimeException e) {
            return Locale.FRENCH;
        }
    }

    static String queryParameter(HttpServletRequest request, String name) {
        String query = request.getQueryString();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : pair.substring(eq + 1);
            }
        }
        return null;
    }

    private static String cookie(HttpServletRequest request, String name) {
        if (request.getCookies() == null) {
            return "";
        }
        for (Cookie c : request.getCookies()) {
            if (name.equals(c.getName())) {
                return c.getValue();
            }
        }
        return "";
    }
}
