package org.preau.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import org.preau.identity.CurrentUser;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.security.web.authentication.SpringSessionRememberMeServices;
import org.springframework.stereotype.Component;

/**
 * Opens the signed-in session after a successful log-in or activation: a new session id (no fixation), the
 * {@link CurrentUser} principal with its {@code ROLE_<PROFILE>} authority, the account id as the session's principal
 * name (so that sessions can be listed and ended per account), the device description, a fresh CSRF token, and
 * for "stay signed in" a 30-day session with a persistent cookie (Spring Session's remember-me), and the browser's
 * known-device cookie for this login ({@link KnownDevices}).
 */
@Component
class SignIn {

    private final SecurityContextRepository contexts;
    private final CsrfTokenRepository csrf;
    private final SpringSessionRememberMeServices rememberMe;
    private final KnownDevices devices;
    private final Clock clock;

    SignIn(
            SecurityContextRepository contexts,
            CsrfTokenRepository csrf,
            SpringSessionRememberMeServices rememberMe,
            KnownDevices devices,
            Clock clock) {
        this.contexts = contexts;
        this.csrf = csrf;
        this.rememberMe = rememberMe;
        this.devices = devices;
        this.clock = clock;
    }

    void signIn(
            CurrentUser user,
            boolean remember,
            String address,
            HttpServletRequest request,
            HttpServletResponse response) {
        if (request.getSession(false) != null) {
            request.changeSessionId();
        }
        var session = request.getSession(true);
        var authentication = UsernamePasswordAuthenticationToken.authenticated(
                user,
                null,
                List.of(new SimpleGrantedAuthority("ROLE_" + user.profile().name())));
        var context = SecurityContextHolder.getContextHolderStrategy().createEmptyContext();
        context.setAuthentication(authentication);
        SecurityContextHolder.getContextHolderStrategy().setContext(context);
        contexts.saveContext(context, request, response);
        session.setAttribute(
                FindByIndexNameSessionRepository.PRINCIPAL_NAME_INDEX_NAME,
                user.accountId().toString());
        session.setAttribute(
                DeviceInfo.ATTRIBUTE,
                new DeviceInfo(
                        DeviceInfo.summarise(request.getHeader("User-Agent")), address, clock.instant(), remember));
        if (remember) {
            rememberMe.loginSuccess(request, response, authentication);
        }
        // This browser is now a known device for this login: an attack on the account from elsewhere lets it through.
        devices.remember(request, response, user.login());
        // A new token for the signed-in session: one seen before log-in must not keep working after it.
        csrf.saveToken(null, request, response);
    }
}
