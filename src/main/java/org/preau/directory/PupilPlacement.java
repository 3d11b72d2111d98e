package org.preau.directory;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where a pupil is taught: their school, class and groups (the audiences whose homework they see). */
public record PupilPlacement(
        UUID pupilId, School school, Optional<SchoolClass> schoolClass, List<TeachingGroup> groups) {

    /** The class and the groups, as audiences. */
    public List<Audience> audiences() {
        var result = new java.util.ArrayList<Audience>();
        schoolClass.ifPresent(c -> result.add(new Audience(c.schoolId(), Audience.Kind.CLASS, c.id(), c.name())));
        groups.forEach(g -> result.add(new Audience(g.schoolId(), Audience.Kind.GROUP, g.id(), g.name())));
        return List.copyOf(result);
    }
}
