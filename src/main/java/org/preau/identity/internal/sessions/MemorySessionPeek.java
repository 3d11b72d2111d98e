package org.preau.identity.internal.sessions;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import org.preau.platform.SignedInUser;
import org.preau.platform.web.SessionPeek;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.web.http.CookieSerializer;
import org.springframework.stereotype.Component;

/** {@link SessionPeek} from {@link CachingSessionRepository}'s memory and the session cookie. */
@Component
class MemorySessionPeek implements SessionPeek {

    private final CachingSessionRepository sessions;
    private final CookieSerializer cookies;

    MemorySessionPeek(CachingSessionRepository sessions, CookieSerializer cookies) {
        this.sessions = sessions;
        this.cookies = cookies;
    }

    @Override
    public Result peek(HttpServletRequest request) {
        if (request.getCookies() == null) {
            return Result.NONE;
        }
        boolean unknown = false;
        for (String id : cookies.readCookieValues(request)) {
            var held = sessions.peek(id);
            if (held.isPresent()) {
                Object context =
                        held.get().getAttribute(HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
                if (context instanceof SecurityContext sc
                        && sc.getAuthentication() != null
                        && sc.getAuthentication().getPrincipal() instanceof SignedInUser user) {
                    return new Result(Kind.KNOWN, Optional.of(user));
                }
                return Result.NONE;
            }
            if (!sessions.ended(id)) {
                unknown = true;
            }
        }
        return unknown ? Result.UNKNOWN : Result.NONE;
    }
}
