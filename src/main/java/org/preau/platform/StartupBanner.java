package org.preau.platform;

import java.lang.management.ManagementFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Tells whoever ran {@code ./preau run} where to go and how to sign in, once everything is ready. */
@Component
@Profile("!command")
class StartupBanner {

    private final PreauProperties properties;

    StartupBanner(PreauProperties properties) {
        this.properties = properties;
    }

    @EventListener
    @Order(Ordered.LOWEST_PRECEDENCE)
    void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        int port = web.getWebServer().getPort();
        long uptime = ManagementFactory.getRuntimeMXBean().getUptime();
        var out = new StringBuilder();
        out.append("\n================================================================\n");
        out.append(" Préau is ready (started in ").append(uptime).append(" ms)\n\n");
        out.append("   Open: http://127.0.0.1:").append(port).append("/\n");
        // The status page's listener of its own (docs/adr/0083), when one is set to a fixed port.
        int statusPort =
                event.getApplicationContext().getEnvironment().getProperty("preau.status.port", Integer.class, 0);
        if (statusPort > 0) {
            out.append("   Status page (its own listener): http://127.0.0.1:")
                    .append(statusPort)
                    .append("/statut\n");
        }
        if (properties.demo()) {
            out.append("\n Demo accounts (password: demo) — demo mode listens on 127.0.0.1 only:\n");
            out.append("   eleve        a pupil\n");
            out.append("   parent       one of that pupil's parents\n");
            out.append("   enseignant   one of that pupil's teachers\n");
            out.append("   direction    the head of that pupil's school\n");
            out.append("   admin        the operator\n");
        }
        out.append("\n Data: ")
                .append(
                        properties.db().external()
                                ? properties.db().url()
                                : properties.dataDir().toAbsolutePath())
                .append("\n Stop: Ctrl+C\n");
        out.append("================================================================\n");
        System.out.println(out);
    }
}
