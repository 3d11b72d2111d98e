package org.preau.platform.web;

import java.util.List;

/**
 * What one module adds to the web edge, declared as a bean by the module itself so that no central list has to know
 * every module's paths: the paths anyone may reach without signing in, and the POST endpoints that check a password
 * or a code (they travel in the surge module's log-in lane and may require proof-of-work under attack).
 *
 * <p>Paths are Spring path patterns ({@code /salle-attente/**}). Static assets need no entry: each module keeps them
 * under {@code /assets/<module>/} ({@code src/main/resources/static/assets/<module>/}), public as a whole.
 *
 * @param module the module's name, for logs and docs
 * @param publicPaths reachable signed out (the log-in page, the waiting room, a public feed...)
 * @param passwordEndpoints POSTs here (and below) hash a password or a code
 */
public record ModuleRoutes(String module, List<String> publicPaths, List<String> passwordEndpoints) {

    public ModuleRoutes {
        publicPaths = List.copyOf(publicPaths);
        passwordEndpoints = List.copyOf(passwordEndpoints);
    }

    public static ModuleRoutes publicPaths(String module, String... paths) {
        return new ModuleRoutes(module, List.of(paths), List.of());
    }
}
