package org.preau.surge.internal;

import org.preau.identity.CurrentUser;
import org.preau.surge.SurgeSettings;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The operator controls as JSON, for scripts and the benchmark (ADMIN only, checked in {@link SurgeConsole}). */
@RestController
@RequestMapping("/api/v1/surge")
class SurgeApiController {

    private final SurgeConsole console;

    SurgeApiController(SurgeConsole console) {
        this.console = console;
    }

    @GetMapping("/settings")
    SurgeSettings settings(@AuthenticationPrincipal CurrentUser user) {
        return console.settings(user);
    }

    /** Replaces the settings on every node (within about a second). */
    @PutMapping("/settings")
    SurgeSettings update(@AuthenticationPrincipal CurrentUser user, @RequestBody SurgeSettings settings) {
        return console.update(user, settings);
    }

    @GetMapping("/status")
    SurgeStatus status(@AuthenticationPrincipal CurrentUser user) {
        return console.status(user);
    }

    @ExceptionHandler(SurgeConsole.InvalidSettings.class)
    ResponseEntity<ProblemDetail> invalid(SurgeConsole.InvalidSettings e) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "Some settings are out of range");
        problem.setProperty("errors", e.problems);
        return ResponseEntity.badRequest().body(problem);
    }
}
