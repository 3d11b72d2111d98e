package org.preau.directory;

import java.util.Optional;
import java.util.UUID;

/**
 * "The directory of this school changed: forget what you cached." Publish it (Spring's
 * {@code ApplicationEventPublisher}) inside the transaction that wrote schools, classes, enrolments, assignments,
 * parent links or accounts' names — the imports do after every file. The directory then signals every node through
 * the cluster bus once the transaction commits, refreshes its copy of names, and drops its caches.
 *
 * @param schoolId the school that changed; empty when several or unknown (everything is dropped)
 */
public record DirectoryChanged(Optional<UUID> schoolId) {

    public static DirectoryChanged of(UUID schoolId) {
        return new DirectoryChanged(Optional.of(schoolId));
    }

    public static DirectoryChanged everything() {
        return new DirectoryChanged(Optional.empty());
    }
}
