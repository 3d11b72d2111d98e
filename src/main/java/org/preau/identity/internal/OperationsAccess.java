package org.preau.identity.internal;

import java.util.Set;
import java.util.function.Supplier;
import org.preau.platform.PreauProperties;
import org.preau.platform.web.ClientAddressResolver;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * Who may read the Prometheus metrics and the OpenAPI description: the lane limits, queues and degraded flag help an
 * attacker time a flood. The configured monitoring addresses ({@code preau.operations-addresses}) and signed-in
 * operators may; in demo mode (loopback only) everyone may.
 */
@Component
class OperationsAccess implements AuthorizationManager<RequestAuthorizationContext> {

    private final boolean demo;
    private final Set<String> addresses;
    private final ClientAddressResolver resolver;

    OperationsAccess(PreauProperties properties, ClientAddressResolver resolver) {
        this.demo = properties.demo();
        this.addresses = Set.copyOf(properties.operationsAddresses());
        this.resolver = resolver;
    }

    @Override
    public AuthorizationResult authorize(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        if (demo || addresses.contains(resolver.resolve(context.getRequest()))) {
            return new AuthorizationDecision(true);
        }
        Authentication auth = authentication.get();
        boolean operator = auth != null
                && auth.isAuthenticated()
                && auth.getAuthorities().stream().anyMatch(a -> "ROLE_ADMIN".equals(a.getAuthority()));
        return new AuthorizationDecision(operator);
    }
}
