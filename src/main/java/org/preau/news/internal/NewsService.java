package org.preau.news.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.Directory;
import org.preau.directory.Membership;
import org.preau.directory.Rights;
import org.preau.directory.Role;
import org.preau.identity.CurrentUser;
import org.preau.news.NewsBoard;
import org.preau.news.NewsItem;
import org.preau.news.NewsPublished;
import org.preau.platform.Ids;
import org.preau.platform.SchoolTime;
import org.preau.platform.text.RichText;
import org.preau.platform.web.Problem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Publishing and reading news, with every rule in one place for pages and API: staff of a school publish to it or to
 * any of its classes and groups; a teacher publishes only to a class or group they teach; nobody else publishes
 * (ADR 0050). An item is managed (pinned, withdrawn) by its author and by the staff of its school. Reads go through
 * the per-school {@link NewsCache}.
 */
@Service
class NewsService implements NewsBoard {

    static final int MAX_TITLE = 200;
    static final int MAX_TEXT = 20_000;

    private final NewsRepository repository;
    private final NewsCache cache;
    private final Readership readership;
    private final Directory directory;
    private final Rights rights;
    private final ApplicationEventPublisher events;
    private final Clock clock;

    NewsService(
            NewsRepository repository,
            NewsCache cache,
            Readership readership,
            Directory directory,
            Rights rights,
            ApplicationEventPublisher events,
            Clock clock) {
        this.repository = repository;
        this.cache = cache;
        this.readership = readership;
        this.directory = directory;
        this.rights = rights;
        this.events = events;
        this.clock = clock;
    }

    // ---- Reading

    @Override
    public List<NewsItem> forPupil(org.preau.directory.PupilPlacement pupil, Instant now, int limit) {
        var scope = Readership.ofPupil(pupil);
        return sorted(
                cache.of(scope.schoolId()).stream()
                        .filter(i -> i.liveAt(now) && scope.reads(i))
                        .toList(),
                limit);
    }

    @Override
    public List<NewsItem> visibleTo(CurrentUser user, Instant now, int limit) {
        var out = new ArrayList<NewsItem>();
        for (var scope : readership.of(user)) {
            cache.of(scope.schoolId()).stream()
                    .filter(i -> i.liveAt(now) && scope.reads(i))
                    .forEach(out::add);
        }
        return sorted(out, limit);
    }

    @Override
    public long version(UUID schoolId) {
        return cache.version(schoolId);
    }

    @Override
    public Optional<Instant> nextChange(org.preau.directory.PupilPlacement pupil, Instant now) {
        var scope = Readership.ofPupil(pupil);
        Instant next = null;
        for (NewsItem i : cache.of(scope.schoolId())) {
            if (!scope.reads(i)) {
                continue;
            }
            next = earliestAfter(now, next, i.publishAt());
            if (i.expiresAt().isPresent()) {
                next = earliestAfter(now, next, i.expiresAt().get());
            }
        }
        return Optional.ofNullable(next);
    }

    private static Instant earliestAfter(Instant now, Instant current, Instant candidate) {
        if (!candidate.isAfter(now)) {
            return current;
        }
        return current == null || candidate.isBefore(current) ? candidate : current;
    }

    private static List<NewsItem> sorted(List<NewsItem> items, int limit) {
        return items.stream()
                .sorted(Comparator.comparing(NewsItem::pinned)
                        .reversed()
                        .thenComparing(NewsItem::publishAt, Comparator.reverseOrder()))
                .limit(limit)
                .toList();
    }

    // ---- Publishing

    /** Where this person may publish: empty for pupils, parents and the operator. */
    List<Target> targetsFor(CurrentUser user) {
        Map<String, Target> out = new LinkedHashMap<>();
        for (Membership m : directory.membershipsOf(user.accountId())) {
            UUID schoolId = m.school().id();
            String schoolName = m.school().name();
            if (m.role() == Role.STAFF && rights.isStaffOf(user, schoolId)) {
                put(out, new Target("ecole:" + schoolId, schoolId, Optional.empty(), schoolName));
                directory
                        .classes(schoolId)
                        .forEach(c -> put(
                                out,
                                audienceTarget(
                                        new Audience(schoolId, Audience.Kind.CLASS, c.id(), c.name()), schoolName)));
                directory
                        .groups(schoolId)
                        .forEach(g -> put(
                                out,
                                audienceTarget(
                                        new Audience(schoolId, Audience.Kind.GROUP, g.id(), g.name()), schoolName)));
            } else if (m.role() == Role.TEACHER) {
                directory.assignmentsOf(user.accountId()).stream()
                        .filter(a -> a.schoolId().equals(schoolId)
                                && rights.teaches(user, a.audience().id()))
                        .forEach(a -> put(out, audienceTarget(a.audience(), schoolName)));
            }
        }
        return List.copyOf(out.values());
    }

    private static Target audienceTarget(Audience audience, String schoolName) {
        return new Target("audience:" + audience.id(), audience.schoolId(), Optional.of(audience), schoolName);
    }

    private static void put(Map<String, Target> out, Target t) {
        out.putIfAbsent(t.key(), t);
    }

    boolean mayPublish(CurrentUser user) {
        return !targetsFor(user).isEmpty();
    }

    @Transactional
    public NewsItem publish(CurrentUser user, NewsDraft draft) {
        var targets = targetsFor(user);
        if (targets.isEmpty()) {
            throw Problem.forbidden("news.publish.forbidden");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String title = draft.title() == null ? "" : draft.title().strip();
        if (title.isEmpty()) {
            errors.put("titre", "news.title.required");
        } else if (title.length() > MAX_TITLE) {
            errors.put("titre", "news.title.tooLong");
        }
        String source =
                draft.body() == null ? "" : draft.body().replace("\r\n", "\n").strip();
        String html = RichText.render(source);
        if (source.isEmpty()) {
            errors.put("texte", "news.body.required");
        } else if (source.length() > MAX_TEXT) {
            errors.put("texte", "news.body.tooLong");
        } else if (RichText.showsNothing(html)) {
            errors.put("texte", "news.body.nothing");
        }
        Instant now = clock.instant();
        Instant publishAt = draft.publishAt()
                .map(NewsService::atSchool)
                .filter(p -> p.isAfter(now))
                .orElse(now);
        Optional<Instant> expiresAt = draft.expiresAt().map(NewsService::atSchool);
        if (expiresAt.isPresent() && !expiresAt.get().isAfter(publishAt)) {
            errors.put("expiration", "news.expiry.beforePublication");
        }
        String key = draft.target() == null ? "" : draft.target().strip();
        if (key.isEmpty()) {
            errors.put("cible", "news.target.required");
        }
        if (!errors.isEmpty()) {
            throw Problem.invalidKeys(errors);
        }
        // Not among the places offered: someone else's class, another school, a made-up id.
        Target target = targets.stream()
                .filter(t -> t.key().equals(key))
                .findFirst()
                .orElseThrow(() -> Problem.forbidden("news.target.forbidden"));
        requireMayPublishTo(user, target);
        var item = new NewsItem(
                target.schoolId(),
                Ids.newId(),
                target.audience().map(Audience::id),
                target.name(),
                title,
                html,
                user.displayName(),
                publishAt,
                expiresAt,
                draft.pinned());
        repository.insert(item, target.kind(), source, user.accountId(), now);
        events.publishEvent(
                new NewsPublished(item.schoolId(), item.id(), item.audienceId(), item.title(), item.publishAt(), true));
        return item;
    }

    /** The rights API's own answer for this target, asked again at the moment of writing. */
    private void requireMayPublishTo(CurrentUser user, Target target) {
        boolean staff = rights.isStaffOf(user, target.schoolId());
        boolean allowed = target.audience().isEmpty()
                ? staff
                : staff || rights.teaches(user, target.audience().get().id());
        if (!allowed) {
            throw Problem.forbidden("news.target.forbidden");
        }
    }

    // ---- Managing

    /** What this person may pin or withdraw: their own items, and every item of schools they are staff of. */
    List<Managed> managed(CurrentUser user) {
        var schools = directory.membershipsOf(user.accountId()).stream()
                .filter(m -> m.role() == Role.STAFF
                        && rights.isStaffOf(user, m.school().id()))
                .map(m -> m.school().id())
                .toList();
        return repository.managed(schools, user.accountId(), 100).stream()
                .map(st -> new Managed(st.item(), st.withdrawnAt()))
                .toList();
    }

    @Transactional
    public void pin(CurrentUser user, UUID newsId, boolean pinned) {
        var stored = managedItem(user, newsId);
        if (repository.pin(stored.item().schoolId(), newsId, pinned, clock.instant()) == 0) {
            throw Problem.conflict("news.withdrawn");
        }
        changed(stored.item());
    }

    @Transactional
    public void withdraw(CurrentUser user, UUID newsId) {
        var stored = managedItem(user, newsId);
        if (repository.withdraw(stored.item().schoolId(), newsId, user.accountId(), clock.instant()) == 0) {
            throw Problem.conflict("news.withdrawn");
        }
        changed(stored.item());
    }

    private void changed(NewsItem item) {
        events.publishEvent(new NewsPublished(
                item.schoolId(), item.id(), item.audienceId(), item.title(), item.publishAt(), false));
    }

    private NewsRepository.Stored managedItem(CurrentUser user, UUID newsId) {
        var stored = repository.find(newsId).orElseThrow(Problem::notFound);
        boolean mine = stored.authorId().equals(user.accountId());
        if (!mine && !rights.isStaffOf(user, stored.item().schoolId())) {
            // Whether it exists is not theirs to know either.
            throw Problem.notFound();
        }
        return stored;
    }

    private static Instant atSchool(LocalDateTime local) {
        return local.atZone(SchoolTime.ZONE).toInstant();
    }
}
