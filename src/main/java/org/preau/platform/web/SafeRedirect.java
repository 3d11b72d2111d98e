package org.preau.platform.web;

/**
 * The one check of a "return to" address taken from a request (a {@code retour} parameter, a saved request, a
 * Referer): only a path on this site, never another host, so that Préau cannot be used to send people to a phishing
 * page. Everything else becomes the fallback.
 */
public final class SafeRedirect {

    static final int MAX_LENGTH = 1000;

    private SafeRedirect() {}

    /**
     * {@code wanted} when it is a path on this site ({@code /...}, not {@code //host} nor {@code /\host}, no control
     * characters, no backslash, not too long), else {@code fallback}.
     */
    public static String path(String wanted, String fallback) {
        return isSafe(wanted) ? wanted : fallback;
    }

    /** {@link #path} that also refuses paths under any of {@code refused} (e.g. the log-in page itself). */
    public static String path(String wanted, String fallback, String... refused) {
        if (!isSafe(wanted)) {
            return fallback;
        }
        for (String prefix : refused) {
            if (wanted.equals(prefix) || wanted.startsWith(prefix + "/") || wanted.startsWith(prefix + "?")) {
                return fallback;
            }
        }
        return wanted;
    }

    private static boolean isSafe(String wanted) {
        if (wanted == null
                || wanted.isEmpty()
                || wanted.length() > MAX_LENGTH
                || wanted.charAt(0) != '/'
                || wanted.startsWith("//")
                || wanted.indexOf('\\') >= 0) {
            return false;
        }
        for (int i = 0; i < wanted.length(); i++) {
            char c = wanted.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
