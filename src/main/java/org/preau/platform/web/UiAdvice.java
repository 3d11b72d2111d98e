package org.preau.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.preau.platform.SignedInUser;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/** Adds the {@link Ui} helper to every page's model. */
@ControllerAdvice
class UiAdvice {

    private final MessageSource messages;
    private final ObjectProvider<ResourceUrlProvider> assets;

    UiAdvice(MessageSource messages, ObjectProvider<ResourceUrlProvider> assets) {
        this.messages = messages;
        this.assets = assets;
    }

    @ModelAttribute("ui")
    Ui ui(HttpServletRequest request, Locale locale) {
        return UiFactory.create(request, locale, messages, assets.getIfAvailable());
    }

    /** Builds the helper outside controllers too (error pages, filters that render a page). */
    static final class UiFactory {
        private UiFactory() {}

        static Ui create(
                HttpServletRequest request, Locale locale, MessageSource messages, ResourceUrlProvider assets) {
            String param = "_csrf";
            String token = "";
            if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
                param = csrf.getParameterName();
                token = csrf.getToken();
            }
            SignedInUser user = null;
            var auth = SecurityContextHolder.getContext().getAuthentication();
            if (auth != null && auth.getPrincipal() instanceof SignedInUser signedIn) {
                user = signedIn;
            }
            boolean readOnly = Boolean.TRUE.equals(request.getAttribute(Ui.READ_ONLY_ATTRIBUTE));
            return new Ui(messages, locale, param, token, user, request.getRequestURI(), assets, readOnly);
        }
    }
}
