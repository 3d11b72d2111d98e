package org.preau.platform.web;

import java.time.Duration;

/** Waits shown to people ("réessayez dans 45 s"): whole seconds under two minutes, whole minutes above. */
public final class Waits {

    private Waits() {}

    public static String human(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return seconds < 120 ? seconds + " s" : ((seconds + 59) / 60) + " min";
    }
}
