package org.preau.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Adds the {@link Ui} helper to every page's model. */
@ControllerAdvice
class UiAdvice {

    private final UiFactory uis;

    UiAdvice(UiFactory uis) {
        this.uis = uis;
    }

    @ModelAttribute("ui")
    Ui ui(HttpServletRequest request, Locale locale) {
        return uis.create(request, locale);
    }
}
