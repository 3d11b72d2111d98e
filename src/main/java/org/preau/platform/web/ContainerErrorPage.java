package org.preau.platform.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * What Tomcat answers itself, for the few refusals that never reach the application (a malformed request line, a
 * request refused before the servlet): a short page of ours in French and English instead of Tomcat's "HTTP Status"
 * report with its version. Everything the application sees goes through {@link ErrorPageController} instead.
 */
@Component
class ContainerErrorPage implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(Valve.class.getName());
            }
        });
    }

    /** Tomcat's error report valve, writing our page. Public: Tomcat instantiates it by name. */
    public static final class Valve extends ErrorReportValve {

        static String page(int status) {
            return """
                    <!DOCTYPE html>
                    <html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>Erreur %1$d — Préau</title></head>
                    <body><main>
                    <h1>La demande n’a pas pu être traitée (erreur %1$d)</h1>
                    <p>Vérifiez l’adresse, puis réessayez. <a href="/">Revenir à l’accueil</a></p>
                    <div lang="en"><h2>The request could not be handled (error %1$d)</h2>
                    <p>Check the address, then try again. <a href="/">Back to the home page</a></p></div>
                    </main></body></html>
                    """.formatted(status);
        }

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0) {
                return;
            }
            var ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (!ioAllowed.get()) {
                return;
            }
            try {
                response.setContentType("text/html");
                response.setCharacterEncoding("utf-8");
                response.setHeader("Cache-Control", "no-store");
                response.setHeader("Content-Security-Policy", SecurityHeaders.POLICY);
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(page(status));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // The client is gone or the response cannot be written: nothing more to do.
            }
        }
    }
}
