package org.preau.directory;

/**
 * The demo district: two small collèges generated (through the importers) on the first start of an empty
 * database in demo mode, with the accounts {@code eleve}, {@code parent}, {@code enseignant}, {@code direction}
 * and {@code admin}, password {@code demo}. The start-up banner asks whether it is there.
 */
public interface DemoDistrict {

    /** Whether the demo accounts exist in this database (loaded now or on an earlier start). */
    boolean loaded();
}
