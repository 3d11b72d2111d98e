package org.preau.platform;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The help of the command-line sub-commands, kept as text resources ({@code commands/<name>.txt}) and not in the
 * command beans: {@code ./preau <command> --help} is answered by {@code PreauApplication.main} before anything
 * starts (no Spring context, no database, no migration of {@code ./data}). A module adds a command with its
 * {@link PreauCommand} bean and its help file; nothing central lists them.
 */
public final class CommandHelp {

    private static final String FOLDER = "commands/";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private CommandHelp() {}

    /** True when the arguments after the command name ask for help. */
    public static boolean asked(String[] args) {
        return Arrays.stream(args).skip(1).anyMatch(a -> a.equals("--help") || a.equals("-h"));
    }

    /** The help text of a command, if it has one. */
    public static Optional<String> of(String command) {
        if (!NAME.matcher(command).matches()) {
            return Optional.empty();
        }
        try (InputStream in = CommandHelp.class.getClassLoader().getResourceAsStream(FOLDER + command + ".txt")) {
            return in == null
                    ? Optional.empty()
                    : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The commands that have a help file, sorted. */
    public static List<String> commands() {
        try {
            return Arrays.stream(
                            new PathMatchingResourcePatternResolver().getResources("classpath*:" + FOLDER + "*.txt"))
                    .map(r -> Objects.requireNonNullElse(r.getFilename(), ""))
                    .filter(n -> n.endsWith(".txt"))
                    .map(n -> n.substring(0, n.length() - ".txt".length()))
                    .sorted()
                    .distinct()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Prints the help of {@code command}, or says it is unknown.
     *
     * @return the process exit status: 0, or 2 for an unknown command
     */
    public static int print(String command, PrintStream out, PrintStream err) {
        var help = of(command);
        if (help.isPresent()) {
            out.println(help.get());
            return 0;
        }
        err.println("Unknown command: " + command + ". Known: " + commands());
        return 2;
    }
}
