package org.preau;

import java.util.Map;
import org.preau.platform.CommandHelp;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Préau: one modular monolith, run as many identical stateless nodes.
 *
 * <p>Started by {@code ./preau run}; the launcher passes the port and data directory. Command-line tools
 * ({@code ./preau generate}, {@code ./preau import}) start the same application on an ephemeral loopback port and
 * run one {@link org.preau.platform.PreauCommand} before exiting; {@code <command> --help} prints the command's help
 * without starting anything.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class PreauApplication {

    public static void main(String[] args) {
        boolean command = args.length > 0 && !args[0].startsWith("-");
        if (command && CommandHelp.asked(args)) {
            // Help is static text: printed before Spring, the database and its migrations start.
            int status = CommandHelp.print(args[0], System.out, System.err);
            if (status != 0) {
                System.exit(status);
            }
            return;
        }
        var app = new SpringApplication(PreauApplication.class);
        if (command) {
            // A sub-command runs in the same application as the server (every module's beans, sessions, security),
            // but on an ephemeral port reachable from this machine only, then exits with the command's status.
            app.setAdditionalProfiles("command");
            app.setDefaultProperties(Map.of("server.port", "0", "server.address", "127.0.0.1"));
        }
        app.run(args);
    }
}
