package org.preau.homework.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import org.preau.platform.SignedInUser;
import org.preau.platform.web.Ui;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/**
 * Turns a {@link Problem} into what the reader understands: a page with the message in their language, or, under
 * {@code /api/}, a ProblemDetail whose {@code detail} is that message (and {@code fields} for form errors).
 */
@ControllerAdvice(basePackageClasses = ProblemAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProblemAdvice {

    private final MessageSource messages;
    private final ObjectProvider<ResourceUrlProvider> assets;

    ProblemAdvice(MessageSource messages, ObjectProvider<ResourceUrlProvider> assets) {
        this.messages = messages;
        this.assets = assets;
    }

    @ExceptionHandler(Problem.class)
    Object problem(Problem problem, HttpServletRequest request, HttpServletResponse response, Locale locale) {
        String message = messages.getMessage(problem.key(), problem.args(), problem.key(), locale);
        if (request.getRequestURI().startsWith("/api/")) {
            ProblemDetail body = problem.getBody();
            body.setDetail(message);
            if (problem instanceof Invalid invalid) {
                var fields = new LinkedHashMap<String, String>();
                invalid.fields().forEach((f, k) -> fields.put(f, messages.getMessage(k, null, k, locale)));
                body.setProperty("fields", fields);
            }
            return ResponseEntity.status(problem.getStatusCode()).body(body);
        }
        var mav = new ModelAndView("homework/problem");
        mav.setStatus(problem.getStatusCode());
        mav.addObject("message", message);
        // Model attributes of controller advice are not applied to exception views: build the page helper here.
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
        mav.addObject(
                "ui", new Ui(messages, locale, param, token, user, request.getRequestURI(), assets.getIfAvailable()));
        return mav;
    }
}
