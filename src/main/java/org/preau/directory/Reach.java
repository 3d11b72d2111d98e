package org.preau.directory;

/**
 * How far a sender of one role reaches recipients of another role in a school (one cell of the communication
 * rules).
 */
public enum Reach {
    /** Nobody of that role. */
    NOBODY,
    /**
     * People of that role around the sender's classes and groups: the teachers of a pupil's (or a parent's
     * children's) classes and groups, the pupils of those classes and groups, their parents. Staff have no class:
     * for them this means the whole school.
     */
    OWN_CLASSES,
    /** Everybody of that role in the school. */
    WHOLE_SCHOOL
}
