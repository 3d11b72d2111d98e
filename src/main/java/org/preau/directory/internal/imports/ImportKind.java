package org.preau.directory.internal.imports;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of import file, in the order they must be imported: what a file refers to must exist first (schools,
 * then subjects, classes, parents, staff, pupils who name their parents, then the timetable).
 */
enum ImportKind {
    XML_SCHOOLS(true, 0, "EtabEducNat"),
    CSV_SCHOOLS(false, 0, "schools"),
    XML_SUBJECTS(true, 1, "MatiereEducNat"),
    XML_LEVELS(true, 1, "MefEducNat"),
    CSV_SUBJECTS(false, 1, "subjects"),
    CSV_CLASSES(false, 2, "classes"),
    XML_PARENTS(true, 3, "PersRelEleve"),
    CSV_PEOPLE(false, 3, "people"),
    XML_STAFF(true, 4, "PersEducNat"),
    XML_PUPILS(true, 5, "Eleve"),
    CSV_TIMETABLE(false, 6, "timetable");

    private final boolean xml;
    private final int rank;
    private final String label;

    ImportKind(boolean xml, int rank, String label) {
        this.xml = xml;
        this.rank = rank;
        this.label = label;
    }

    boolean xml() {
        return xml;
    }

    int rank() {
        return rank;
    }

    /** The name shown in reports: the national file kind, or the CSV file name. */
    String label() {
        return label;
    }

    /** From the feed's category value ({@code categoriePersonne} etc.). */
    static Optional<ImportKind> fromCategory(String category) {
        if (category == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(
                switch (category.trim()) {
                    case "EtabEducNat", "Etablissement", "Structure" -> XML_SCHOOLS;
                    case "MatiereEducNat", "Matiere" -> XML_SUBJECTS;
                    case "MefEducNat", "Mef" -> XML_LEVELS;
                    case "PersRelEleve" -> XML_PARENTS;
                    case "PersEducNat" -> XML_STAFF;
                    case "Eleve" -> XML_PUPILS;
                    default -> null;
                });
    }

    /** From a national file name such as {@code ENT_IT_Complet_Eleve_0001.xml}. */
    static Optional<ImportKind> fromXmlFileName(String name) {
        // PersRelEleve contains "Eleve": test the longer names first.
        for (var kind : new ImportKind[] {XML_PARENTS, XML_STAFF, XML_SCHOOLS, XML_SUBJECTS, XML_LEVELS, XML_PUPILS}) {
            if (name.contains(kind.label)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** From the header of a CSV file (lower-cased column names). */
    static Optional<ImportKind> fromCsvHeader(java.util.Collection<String> columns) {
        if (columns.contains("profile")) {
            return Optional.of(CSV_PEOPLE);
        }
        if (columns.contains("weekday")) {
            return Optional.of(CSV_TIMETABLE);
        }
        if (columns.contains("type") && columns.contains("code")) {
            return Optional.of(CSV_CLASSES);
        }
        if (columns.contains("label") && columns.contains("code")) {
            return Optional.of(CSV_SUBJECTS);
        }
        if (columns.contains("uai") && columns.contains("name")) {
            return Optional.of(CSV_SCHOOLS);
        }
        return Optional.empty();
    }

    static String normalise(String column) {
        return column.trim().toLowerCase(Locale.ROOT).replace(' ', '_');
    }
}
