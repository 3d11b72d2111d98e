package org.preau.identity.internal;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;

/**
 * Stored in each signed-in session, so that the profile page can list the user's devices: a short description of
 * the browser, the address it signed in from, when, and whether it asked to stay signed in.
 */
record DeviceInfo(String summary, String address, Instant signedInAt, boolean remembered) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    static final String ATTRIBUTE = "preau.device";

    /** "Firefox · Android": enough to recognise one's own phone, no fingerprinting library needed. */
    static String summarise(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "?";
        }
        String ua = userAgent;
        String browser = ua.contains("Edg/")
                ? "Edge"
                : ua.contains("OPR/")
                        ? "Opera"
                        : ua.contains("Firefox/")
                                ? "Firefox"
                                : ua.contains("Chrome/") || ua.contains("Chromium/")
                                        ? "Chrome"
                                        : ua.contains("Safari/") ? "Safari" : ua.split("[/ ]")[0];
        String system = ua.contains("Android")
                ? "Android"
                : ua.contains("iPhone") || ua.contains("iPad")
                        ? "iOS"
                        : ua.contains("Windows")
                                ? "Windows"
                                : ua.contains("Mac OS X")
                                        ? "macOS"
                                        : ua.contains("CrOS") ? "ChromeOS" : ua.contains("Linux") ? "Linux" : "";
        String summary = system.isEmpty() ? browser : browser + " · " + system;
        return summary.length() > 60 ? summary.substring(0, 60) : summary;
    }
}
