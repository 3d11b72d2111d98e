package org.preau.homework.internal;

import java.util.Map;
import java.util.Optional;
import org.preau.platform.web.Problem;

/**
 * The short confirmation a page shows after an action that changed something (saved, copied, handed in...): the
 * action redirects with {@code ?fait=<what>} and the page shows the matching text in a {@code role="status"} notice.
 * Only the flags listed here are shown, so a link cannot make a page say something else.
 */
public final class Notices {

    private static final Map<String, String> KEYS = Map.ofEntries(
            Map.entry("enregistre", "homework.notice.saved"),
            Map.entry("copie", "homework.notice.copied"),
            Map.entry("brouillon", "homework.notice.draft"),
            Map.entry("rendu", "homework.notice.handedIn"),
            Map.entry("corrige", "homework.notice.returned"),
            Map.entry("rouvert", "homework.notice.reopened"),
            Map.entry("prolonge", "homework.notice.extended"),
            Map.entry("fait", "homework.notice.done"),
            Map.entry("nonfait", "homework.notice.undone"),
            Map.entry("retire", "homework.notice.fileRemoved"));

    private Notices() {}

    /** The notice for a flag of the query, with the page's own arguments (a count, a name, a date). */
    public static Optional<Problem.Message> of(Optional<String> flag, Object... args) {
        return flag.map(KEYS::get).map(key -> Problem.Message.of(key, args));
    }

    /** Whether a flag names a notice (to check what a redirect is about to carry). */
    public static boolean known(String flag) {
        return KEYS.containsKey(flag);
    }
}
