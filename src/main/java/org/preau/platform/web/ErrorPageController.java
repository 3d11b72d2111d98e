package org.preau.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * {@code /error}, where the servlet container sends what it refused or what failed outside Spring MVC (a filter's
 * {@code sendError}, an exception no advice handled): the same page or problem details as every other refusal,
 * instead of Spring Boot's or Tomcat's own. Replaces Boot's {@code BasicErrorController}.
 */
@Controller
class ErrorPageController implements ErrorController {

    private final ProblemResponses responses;

    ErrorPageController(ProblemResponses responses) {
        this.responses = responses;
    }

    @RequestMapping("/error")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        if (failure instanceof Throwable t && ProblemAdvice.databaseNotAnswering(t)) {
            // A filter's database work failed after the controller (Spring Session saving a new session at a log-in
            // while PostgreSQL was starved of CPU): the database-busy answer with its Retry-After, as inside MVC.
            responses.write(request, response, ProblemAdvice.databaseBusy());
            return;
        }
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : response.getStatus() >= 400 ? response.getStatus() : 404;
        responses.write(request, response, ProblemAdvice.forStatus(status));
    }
}
