package org.preau.platform;

import java.util.List;

/**
 * A command-line sub-command ({@code ./preau generate}, {@code ./preau import}, ...), run in the full application
 * on an ephemeral loopback port. Modules contribute commands as beans; {@link CommandDispatcher} picks one by name.
 */
public interface PreauCommand {

    /** The word after {@code ./preau}. */
    String name();

    /** One paragraph printed by {@code --help}. */
    String help();

    /**
     * Runs the command.
     *
     * @param args the arguments after the command name
     * @return the process exit status
     */
    int run(List<String> args) throws Exception;
}
