package org.preau.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Set;

/**
 * The address a request really comes from. {@code X-Forwarded-For} is believed only when the connection comes from
 * one of the configured trusted proxies ({@code preau.trusted-proxies}); then the right-most address that is not a
 * trusted proxy is the client. Anyone else could write any address in that header, so it is ignored.
 */
public final class ClientAddress {

    private ClientAddress() {}

    public static String of(HttpServletRequest request, Set<String> trustedProxies) {
        String remote = request.getRemoteAddr();
        if (trustedProxies.isEmpty() || !trustedProxies.contains(remote)) {
            return remote;
        }
        String header = request.getHeader("X-Forwarded-For");
        if (header == null || header.isBlank()) {
            return remote;
        }
        List<String> hops = List.of(header.split(","));
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i).trim();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return remote;
    }
}
