package org.preau.directory.internal.calendar;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.preau.directory.HolidayZone;

/**
 * Where a school's holiday zone comes from when nobody set it: its académie, which the national feed names
 * ({@code ENTServAcAcademie}) and a UAI implies (its first three characters are the département: {@code 031}
 * Haute-Garonne → académie de Toulouse → zone C). The zones are those of the calendar arrêtés since 2016 (Caen and
 * Rouen, now Normandie, in zone B). Corse ({@code 620}, {@code 720}) and the overseas départements ({@code 97x}) have
 * their own calendars and get no zone.
 */
public final class HolidayZones {

    private static final Map<String, HolidayZone> ACADEMIES = new HashMap<>();
    private static final Map<Integer, HolidayZone> DEPARTMENTS = new HashMap<>();

    static {
        academy(HolidayZone.A, "Besançon", 25, 39, 70, 90);
        academy(HolidayZone.A, "Bordeaux", 24, 33, 40, 47, 64);
        academy(HolidayZone.A, "Clermont-Ferrand", 3, 15, 43, 63);
        academy(HolidayZone.A, "Dijon", 21, 58, 71, 89);
        academy(HolidayZone.A, "Grenoble", 7, 26, 38, 73, 74);
        academy(HolidayZone.A, "Limoges", 19, 23, 87);
        academy(HolidayZone.A, "Lyon", 1, 42, 69);
        academy(HolidayZone.A, "Poitiers", 16, 17, 79, 86);
        academy(HolidayZone.B, "Aix-Marseille", 4, 5, 13, 84);
        academy(HolidayZone.B, "Amiens", 2, 60, 80);
        academy(HolidayZone.B, "Lille", 59, 62);
        academy(HolidayZone.B, "Nancy-Metz", 54, 55, 57, 88);
        academy(HolidayZone.B, "Nantes", 44, 49, 53, 72, 85);
        academy(HolidayZone.B, "Nice", 6, 83);
        academy(HolidayZone.B, "Normandie", 14, 27, 50, 61, 76);
        academy(HolidayZone.B, "Caen"); // merged into Normandie in 2020; older feeds still name them
        academy(HolidayZone.B, "Rouen");
        academy(HolidayZone.B, "Orléans-Tours", 18, 28, 36, 37, 41, 45);
        academy(HolidayZone.B, "Reims", 8, 10, 51, 52);
        academy(HolidayZone.B, "Rennes", 22, 29, 35, 56);
        academy(HolidayZone.B, "Strasbourg", 67, 68);
        academy(HolidayZone.C, "Créteil", 77, 93, 94);
        academy(HolidayZone.C, "Montpellier", 11, 30, 34, 48, 66);
        academy(HolidayZone.C, "Paris", 75);
        academy(HolidayZone.C, "Toulouse", 9, 12, 31, 32, 46, 65, 81, 82);
        academy(HolidayZone.C, "Versailles", 78, 91, 92, 95);
    }

    private HolidayZones() {}

    private static void academy(HolidayZone zone, String name, int... departments) {
        ACADEMIES.put(key(name), zone);
        for (int d : departments) {
            DEPARTMENTS.put(d, zone);
        }
    }

    /** The zone of the département a UAI starts with ({@code 0DD…}); empty for Corse, overseas or a malformed UAI. */
    public static Optional<HolidayZone> fromUai(String uai) {
        if (uai == null || uai.length() < 3 || uai.charAt(0) != '0') {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(DEPARTMENTS.get(Integer.parseInt(uai.substring(1, 3))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * The zone of an académie by name, as the feed writes it ("TOULOUSE", "Clermont-Ferrand", "ac-nancy-metz"):
     * case, accents, spaces and an "ac-"/"académie de" prefix are ignored.
     */
    public static Optional<HolidayZone> fromAcademie(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String k = key(name);
        for (String prefix : new String[] {"academiede", "academied", "academie", "ac"}) {
            if (k.startsWith(prefix) && ACADEMIES.containsKey(k.substring(prefix.length()))) {
                return Optional.of(ACADEMIES.get(k.substring(prefix.length())));
            }
        }
        return Optional.ofNullable(ACADEMIES.get(k));
    }

    /** A zone as an operator writes it: {@code A}, {@code b}, {@code zone C}; empty if it is none of them. */
    public static Optional<HolidayZone> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String k = key(value);
        if (k.startsWith("zone")) {
            k = k.substring(4);
        }
        return switch (k) {
            case "a" -> Optional.of(HolidayZone.A);
            case "b" -> Optional.of(HolidayZone.B);
            case "c" -> Optional.of(HolidayZone.C);
            default -> Optional.empty();
        };
    }

    private static String key(String s) {
        return Normalizer.normalize(s, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z]", "");
    }
}
