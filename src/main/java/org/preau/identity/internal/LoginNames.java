package org.preau.identity.internal;

import java.text.Normalizer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Derives logins as {@code prenom.nom}: lower case, accents stripped, anything but a-z removed, so that a pupil can
 * type it on any keyboard. Clashes get a number: {@code jean.martin}, {@code jean.martin2}, {@code jean.martin3}.
 */
final class LoginNames {

    static final int MAX_PART = 30;

    private LoginNames() {}

    /** {@code Élodie-Anne} {@code N'Diaye} → {@code elodieanne.ndiaye}. */
    static String stem(String givenName, String familyName) {
        String given = letters(givenName);
        String family = letters(familyName);
        if (given.isEmpty() && family.isEmpty()) {
            return "compte";
        }
        if (given.isEmpty()) {
            return family;
        }
        if (family.isEmpty()) {
            return given;
        }
        return given + "." + family;
    }

    /** The stem of a login: without its trailing number, as the database index computes it. */
    static String stemOf(String login) {
        return login.toLowerCase(Locale.ROOT).replaceAll("[0-9]+$", "");
    }

    /** Lower-case ASCII letters only; "Œ" and "Æ" become "oe" and "ae". */
    static String letters(String name) {
        if (name == null) {
            return "";
        }
        String s = name.toLowerCase(Locale.ROOT)
                .replace("œ", "oe")
                .replace("æ", "ae")
                .replace("ß", "ss");
        s = Normalizer.normalize(s, Normalizer.Form.NFD).replaceAll("[^a-z]", "");
        return s.length() > MAX_PART ? s.substring(0, MAX_PART) : s;
    }

    /**
     * Chooses free logins in order: {@code taken} holds every login (lower case) already used that shares a stem
     * with the wanted ones; it is updated with each choice so that one batch never hands out the same login twice.
     */
    static final class Allocator {
        private final Set<String> taken;

        Allocator(Collection<String> taken) {
            this.taken = new HashSet<>(taken);
        }

        String allocate(String wanted) {
            String base = wanted.toLowerCase(Locale.ROOT);
            String candidate = base;
            // A wanted login that itself ends in digits keeps them; numbering starts at 2 for readability.
            for (int n = 2; taken.contains(candidate); n++) {
                candidate = base + n;
            }
            taken.add(candidate);
            return candidate;
        }
    }
}
