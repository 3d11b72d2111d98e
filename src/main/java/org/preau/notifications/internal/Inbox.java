package org.preau.notifications.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.preau.directory.Directory;
import org.preau.directory.Person;
import org.preau.homework.HandinReopened;
import org.preau.homework.HandinReturned;
import org.preau.homework.WorkAssigned;
import org.preau.news.NewsPublished;
import org.preau.notifications.NotificationKind;
import org.preau.notifications.NotificationRequested;
import org.preau.platform.web.SafeRedirect;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' events into notifications, called by {@link EventListeners} (and by tests, synchronously).
 * An event may come more than once (the event publication registry redelivers after a failure or a restart), so each
 * handling is idempotent: each notification has a source key derived from the event alone ({@code work:<id>},
 * {@code news:<id>}...), and writing one that exists adds nothing (ADR 0051). Who is told is decided from the directory's facts here; what they may then open is decided by
 * the page they open.
 */
@Component
class Inbox {

    private static final DateTimeFormatter DUE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final NotificationFeed feed;
    private final Directory directory;

    Inbox(NotificationFeed feed, Directory directory) {
        this.feed = feed;
        this.directory = directory;
    }

    /** New work: its class's or group's pupils, and their parents (a link per child). */
    void on(WorkAssigned e) {
        String subject = subjectName(e.schoolId(), e.subjectId());
        String audience = audienceName(e.schoolId(), e.audienceId());
        List<String> args = List.of(subject, audience, DUE.format(e.dueDate()));
        String link = "/travail/" + e.workId();
        var out = new ArrayList<FeedRepository.Delivery>();
        var parents = directory.parentsOfPupilsOf(e.schoolId(), e.audienceId());
        for (Person pupil : directory.pupilsOf(e.schoolId(), e.audienceId())) {
            out.add(delivery(pupil.accountId(), "work:" + e.workId(), NotificationKind.NEW_WORK, args, link, e));
            for (Person parent : parents.getOrDefault(pupil.accountId(), List.of())) {
                out.add(delivery(
                        parent.accountId(),
                        "work:" + e.workId() + ":" + pupil.accountId(),
                        NotificationKind.NEW_WORK,
                        args,
                        link + "?enfant=" + pupil.accountId(),
                        e));
            }
        }
        feed.deliver(out);
    }

    private static FeedRepository.Delivery delivery(
            UUID account, String key, NotificationKind kind, List<String> args, String link, WorkAssigned e) {
        return new FeedRepository.Delivery(account, key, kind, args, link, Optional.of(e.schoolId()), e.publishAt());
    }

    /** A returned hand-in: the pupil and their parents. */
    void on(HandinReturned e) {
        var args = List.of(subjectName(e.schoolId(), e.subjectId()));
        String key = "returned:" + e.handinId() + ":" + e.returnedAt().toEpochMilli();
        toPupilAndParents(
                e.schoolId(),
                e.pupilId(),
                e.workId(),
                key,
                NotificationKind.HANDIN_RETURNED,
                args,
                e.returnedAt(),
                true);
    }

    /** A reopened hand-in: the pupil, who has something to do. */
    void on(HandinReopened e) {
        var args = List.of(subjectName(e.schoolId(), e.subjectId()));
        String key = "reopened:" + e.handinId() + ":" + e.reopenedAt().toEpochMilli();
        toPupilAndParents(
                e.schoolId(),
                e.pupilId(),
                e.workId(),
                key,
                NotificationKind.HANDIN_REOPENED,
                args,
                e.reopenedAt(),
                false);
    }

    private void toPupilAndParents(
            UUID schoolId,
            UUID pupilId,
            UUID workId,
            String key,
            NotificationKind kind,
            List<String> args,
            java.time.Instant at,
            boolean parentsToo) {
        var out = new ArrayList<FeedRepository.Delivery>();
        String link = "/travail/" + workId;
        out.add(new FeedRepository.Delivery(pupilId, key, kind, args, link, Optional.of(schoolId), at));
        if (parentsToo) {
            for (Person parent : directory.parentsOf(pupilId)) {
                out.add(new FeedRepository.Delivery(
                        parent.accountId(), key, kind, args, link + "?enfant=" + pupilId, Optional.of(schoolId), at));
            }
        }
        feed.deliver(out);
    }

    /**
     * New news: for a class or group, its pupils, their parents and its teachers; for the whole school, those of every
     * class and group. Pinning or withdrawing is not news.
     */
    void on(NewsPublished e) {
        if (!e.created()) {
            return;
        }
        List<UUID> audiences = e.audienceId().map(List::of).orElseGet(() -> everyAudience(e.schoolId()));
        String where = e.audienceId()
                .map(a -> audienceName(e.schoolId(), a))
                .orElseGet(
                        () -> directory.school(e.schoolId()).map(s -> s.name()).orElse(""));
        Set<UUID> people = new LinkedHashSet<>();
        for (UUID audience : audiences) {
            directory.pupilsOf(e.schoolId(), audience).forEach(p -> people.add(p.accountId()));
            directory.parentsOfPupilsOf(e.schoolId(), audience).values().stream()
                    .flatMap(List::stream)
                    .forEach(p -> people.add(p.accountId()));
            directory.teachersOf(e.schoolId(), audience).forEach(p -> people.add(p.accountId()));
        }
        var args = List.of(e.title(), where);
        String link = "/actualites#n-" + e.newsId();
        feed.deliver(people.stream()
                .map(p -> new FeedRepository.Delivery(
                        p,
                        "news:" + e.newsId(),
                        NotificationKind.NEWS,
                        args,
                        link,
                        Optional.of(e.schoolId()),
                        e.publishAt()))
                .toList());
    }

    /** Any module's request (messages, live classes): the publisher chose the recipients. */
    void on(NotificationRequested e) {
        String key = e.sourceKey().length() <= 200 ? e.sourceKey() : "sha256:" + sha256(e.sourceKey());
        String link = SafeRedirect.path(e.link(), "/nouveautes");
        feed.deliver(e.recipients().stream()
                .distinct()
                .map(p -> new FeedRepository.Delivery(p, key, e.kind(), e.args(), link, e.schoolId(), e.visibleAt()))
                .toList());
    }

    private List<UUID> everyAudience(UUID schoolId) {
        var out = new ArrayList<UUID>();
        directory.classes(schoolId).forEach(c -> out.add(c.id()));
        directory.groups(schoolId).forEach(g -> out.add(g.id()));
        return out;
    }

    private String subjectName(UUID schoolId, UUID subjectId) {
        return directory.subjects(schoolId).stream()
                .filter(s -> s.id().equals(subjectId))
                .map(s -> s.label())
                .findFirst()
                .orElse("");
    }

    private String audienceName(UUID schoolId, UUID audienceId) {
        return directory.classes(schoolId).stream()
                .filter(c -> c.id().equals(audienceId))
                .map(c -> c.name())
                .findFirst()
                .or(() -> directory.groups(schoolId).stream()
                        .filter(g -> g.id().equals(audienceId))
                        .map(g -> g.name())
                        .findFirst())
                .orElse("");
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
