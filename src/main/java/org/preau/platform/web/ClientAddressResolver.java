package org.preau.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.preau.platform.PreauProperties;
import org.springframework.stereotype.Component;

/** {@link ClientAddress} with the configured trusted proxies: inject this where the client's address matters. */
@Component
public class ClientAddressResolver {

    private final Set<String> trustedProxies;

    public ClientAddressResolver(PreauProperties properties) {
        this.trustedProxies = Set.copyOf(properties.trustedProxies());
    }

    public String resolve(HttpServletRequest request) {
        return ClientAddress.of(request, trustedProxies);
    }
}
