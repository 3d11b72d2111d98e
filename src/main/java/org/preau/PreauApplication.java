package org.preau;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Préau: one modular monolith, run as many identical stateless nodes.
 *
 * <p>Started by {@code ./preau run}; the launcher passes the port and data directory. Command-line tools
 * ({@code ./preau generate}, {@code ./preau import}) start the same application without a web server and run
 * one {@link org.preau.platform.PreauCommand} before exiting.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PreauApplication {

    public static void main(String[] args) {
        var app = new SpringApplication(PreauApplication.class);
        if (args.length > 0 && !args[0].startsWith("-")) {
            // A sub-command: no web server, run the command, exit with its status.
            app.setWebApplicationType(org.springframework.boot.WebApplicationType.NONE);
            app.setAdditionalProfiles("command");
        }
        app.run(args);
    }
}
