package org.preau.bench;

/** Benchmark parameters, passed by bench/run as system properties ({@code -Dbench.x=...}). */
final class Params {

    private Params() {}

    static String str(String name, String def) {
        String v = System.getProperty("bench." + name);
        return v == null || v.isBlank() ? def : v;
    }

    static int integer(String name, int def) {
        return Integer.parseInt(str(name, String.valueOf(def)));
    }

    static long longer(String name, long def) {
        return Long.parseLong(str(name, String.valueOf(def)));
    }

    static boolean bool(String name, boolean def) {
        String v = str(name, String.valueOf(def));
        return v.equals("true") || v.equals("on") || v.equals("1") || v.equals("yes");
    }
}
