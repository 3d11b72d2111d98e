package org.preau.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.ModelAndView;

/**
 * The answer when the hashing pool is full: 503 with {@code Retry-After}, a page saying how long to wait, or
 * problem details for API clients. Cheap on purpose: this is what a surge gets.
 */
@Component
class Busy {

    ModelAndView answer(HttpServletRequest request, HttpServletResponse response, HashingBusyException e)
            throws IOException {
        long seconds = e.retryAfter().toSeconds();
        if (ApiProblems.wantsJson(request)) {
            ApiProblems.write(response, request, 503, "identity.busy", seconds);
            return null;
        }
        response.setHeader("Retry-After", Long.toString(seconds));
        var mav = new ModelAndView("identity/busy");
        mav.addObject("seconds", seconds);
        mav.setStatus(HttpStatus.SERVICE_UNAVAILABLE);
        return mav;
    }
}
