package org.preau.surge.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.preau.platform.SignedInUser;
import org.preau.surge.Lane;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;

/**
 * Decides a request's lane from what is already at hand: the method and path, whether the address or account is
 * suspect, and the principal stored in the session. No query of its own: the session is the one Spring Session
 * loads for Spring Security anyway (and caches on the request), and a request without a session cookie never
 * touches the database.
 */
final class LaneClassifier {

    private final List<String> loginPaths;

    LaneClassifier(List<String> loginPaths) {
        this.loginPaths = List.copyOf(loginPaths);
    }

    Lane classify(HttpServletRequest request, Optional<SignedInUser> user, boolean suspect) {
        if (suspect) {
            return Lane.SUSPECT;
        }
        if (isLoginAttempt(request)) {
            return Lane.LOGIN;
        }
        if (user.isEmpty()) {
            return Lane.ANONYMOUS;
        }
        return "PARENT".equals(user.get().profileName()) ? Lane.SIGNED_IN_PARENT : Lane.SIGNED_IN_PRIORITY;
    }

    /** A POST to the log-in or activation form: the requests that hash a password. */
    boolean isLoginAttempt(HttpServletRequest request) {
        if (!"POST".equals(request.getMethod())) {
            return false;
        }
        String path = request.getRequestURI();
        for (String p : loginPaths) {
            if (path.equals(p) || path.startsWith(p + "/")) {
                return true;
            }
        }
        return false;
    }

    /** The signed-in user if something already set the security context (tests, a nested dispatch). */
    static Optional<SignedInUser> fromSecurityContext() {
        var current = SecurityContextHolder.getContext().getAuthentication();
        if (current != null && current.getPrincipal() instanceof SignedInUser user) {
            return Optional.of(user);
        }
        return Optional.empty();
    }

    /**
     * The signed-in user, if any: from the security context when something already set it, else from the session
     * (the attribute Spring Security's session repository writes). Never creates a session.
     */
    static Optional<SignedInUser> principal(HttpServletRequest request) {
        var current = fromSecurityContext();
        if (current.isPresent()) {
            return current;
        }
        try {
            var session = request.getSession(false);
            if (session == null) {
                return Optional.empty();
            }
            Object context = session.getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
            if (context instanceof SecurityContext sc
                    && sc.getAuthentication() != null
                    && sc.getAuthentication().getPrincipal() instanceof SignedInUser user) {
                return Optional.of(user);
            }
        } catch (RuntimeException e) {
            // The session store is unreachable (degraded mode): treat the request as anonymous rather than fail here.
            return Optional.empty();
        }
        return Optional.empty();
    }
}
