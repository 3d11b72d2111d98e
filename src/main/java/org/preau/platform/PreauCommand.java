package org.preau.platform;

import java.util.List;

/**
 * A command-line sub-command ({@code ./preau generate}, {@code ./preau import}, ...), run in the full application
 * on an ephemeral loopback port. Modules contribute commands as beans; {@link CommandDispatcher} picks one by name.
 */
public interface PreauCommand {

    /** The word after {@code ./preau}. */
    String name();

    /**
     * What {@code --help} prints: the resource {@code commands/<name>.txt} (see {@link CommandHelp}), which is read
     * without starting the application.
     */
    default String help() {
        return CommandHelp.of(name())
                .orElseThrow(() -> new IllegalStateException(
                        "command " + name() + " has no help: add src/main/resources/commands/" + name() + ".txt"));
    }

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @return the process exit status
     */
    int run(List<String> args) throws Exception;
}
