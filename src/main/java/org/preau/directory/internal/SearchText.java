package org.preau.directory.internal;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns names and search terms into the accent- and case-free form stored in {@code directory_person}. */
final class SearchText {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");

    private SearchText() {}

    /** "Hélène Dupré" → "helene dupre". */
    static String fold(String text) {
        String decomposed = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFD);
        return MARKS.matcher(decomposed).replaceAll("").toLowerCase(Locale.ROOT).strip();
    }

    /** A LIKE pattern matching the folded term anywhere, with LIKE's wildcards in the term taken literally. */
    static String containsPattern(String query) {
        String folded = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + folded + "%";
    }
}
