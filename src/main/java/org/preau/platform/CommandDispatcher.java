package org.preau.platform;

import java.util.Arrays;
import java.util.List;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Runs the sub-command named by the first argument, then ends the process with its status. {@code --help} never
 * gets here: {@code PreauApplication.main} answers it before the application starts ({@link CommandHelp}).
 */
@Component
@Profile("command")
class CommandDispatcher implements ApplicationRunner {

    private final List<PreauCommand> commands;
    private final ConfigurableApplicationContext context;

    CommandDispatcher(List<PreauCommand> commands, ConfigurableApplicationContext context) {
        this.commands = commands;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        String[] raw = arguments.getSourceArgs();
        String name = raw[0];
        List<String> rest = Arrays.stream(raw)
                .skip(1)
                .filter(a -> !a.startsWith("--spring.") && !a.startsWith("--preau."))
                .toList();
        var command = commands.stream().filter(c -> c.name().equals(name)).findFirst();
        int status;
        if (command.isEmpty()) {
            System.err.println("Unknown command: " + name + ". Known: "
                    + commands.stream().map(PreauCommand::name).sorted().toList());
            status = 2;
        } else {
            status = command.get().run(rest);
        }
        int exit = status;
        System.exit(org.springframework.boot.SpringApplication.exit(context, (ExitCodeGenerator) () -> exit));
    }
}
