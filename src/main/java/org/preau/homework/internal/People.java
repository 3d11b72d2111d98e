package org.preau.homework.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.DirectoryChanged;
import org.preau.directory.Person;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Names of the people homework pages mention (who wrote a version, the teacher of an entry, the pupil of a hand-in),
 * from the directory: pages name people, never show their ids. Read on every such page, so kept for a few minutes
 * per school and account: dropped when the directory of the school changes on this node (an import), and at most ten
 * minutes old otherwise (a rename made on another node, or through identity).
 */
@Component
public class People {

    private final Directory directory;
    private final Cache<Key, Optional<String>> names = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    People(Directory directory) {
        this.directory = directory;
    }

    /** The display name of someone of the school (a member, or a parent of one of its pupils), if they are one. */
    public Optional<String> nameOf(UUID schoolId, UUID accountId) {
        return names.get(
                new Key(schoolId, accountId),
                k -> directory.personOf(k.schoolId(), k.accountId()).map(Person::displayName));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void on(DirectoryChanged event) {
        event.schoolId()
                .ifPresentOrElse(
                        school -> names.asMap()
                                .keySet()
                                .removeIf(k -> k.schoolId().equals(school)),
                        names::invalidateAll);
    }

    private record Key(UUID schoolId, UUID accountId) {}
}
