package org.preau.news.internal;

import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Audience;

/**
 * One place an author may publish to, as the form and the API offer it.
 *
 * @param key {@code ecole:<schoolId>} or {@code audience:<classOrGroupId>}, what the form posts back
 * @param audience the class or group; empty for the whole school
 */
public record Target(String key, UUID schoolId, Optional<Audience> audience, String schoolName) {

    public String kind() {
        return audience.map(a -> a.kind().name()).orElse("SCHOOL");
    }

    public String name() {
        return audience.map(Audience::name).orElse(schoolName);
    }
}
