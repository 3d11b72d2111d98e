package org.preau.documents.internal.space;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A folder or a file of a personal space. */
public record Node(
        UUID schoolId,
        UUID id,
        UUID ownerId,
        Optional<UUID> parentId,
        boolean folder,
        String name,
        String contentType,
        long sizeBytes,
        Optional<String> blobKey,
        Optional<Instant> trashedAt,
        Instant updatedAt) {

    public boolean trashed() {
        return trashedAt.isPresent();
    }

    /** "12 Ko" style size for people. */
    public String humanSize() {
        return SpaceRules.human(sizeBytes);
    }
}
