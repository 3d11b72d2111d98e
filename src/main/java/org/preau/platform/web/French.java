package org.preau.platform.web;

import java.text.Normalizer;
import java.util.Locale;

/**
 * French grammar that message bundles cannot express alone. Elision: "de" and "le" become "d’" and "l’" before a
 * word that starts with a vowel sound, "responsable d’Agathe", "responsable d’Hugo", but "responsable de Louise". A
 * bundle holds both forms under two keys (for example {@code ...parentOf} and {@code ...parentOf.elided}; English
 * gives the same text to both), and the template picks one with {@link #elides}.
 */
public final class French {

    private static final String VOWELS = "aeiouœæ";

    private French() {}

    /**
     * Whether a word (a first name) takes the elided form: it starts with a vowel, accented or not ("Émile",
     * "Œdipe"), with an h (treated as mute, as for nearly every first name: "d’Hélène", "d’Hugo"), or with a y
     * sounded as a vowel, that is followed by a consonant ("d’Yves", but "de Yann", "de Yasmine").
     */
    public static boolean elides(String word) {
        if (word == null) {
            return false;
        }
        String letters = Normalizer.normalize(word.strip(), Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT);
        if (letters.isEmpty()) {
            return false;
        }
        char first = letters.charAt(0);
        if (VOWELS.indexOf(first) >= 0 || first == 'h') {
            return true;
        }
        if (first == 'y' && letters.length() > 1) {
            char second = letters.charAt(1);
            return Character.isLetter(second) && VOWELS.indexOf(second) < 0 && second != 'y';
        }
        return false;
    }
}
