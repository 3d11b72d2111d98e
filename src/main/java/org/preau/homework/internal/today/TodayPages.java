package org.preau.homework.internal.today;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.preau.directory.Directory;
import org.preau.directory.PupilPlacement;
import org.preau.homework.internal.handins.PersonalStates;
import org.preau.news.NewsBoard;
import org.springframework.stereotype.Component;

/**
 * The rendered "Aujourd'hui" of each pupil (and parent looking at a child), kept with its ETag and its gzipped bytes
 * while nothing it shows can have changed: a repeat visit is a 304 and a first visit is a copy of bytes, neither
 * rendering nor compressing. The key holds everything the page depends on: who, which child, the day, the
 * language, read-only mode, the CSRF token it carries, and the versions of the data it was built from (the
 * directory, the pupil's audiences' days, the pupil's own states, the school's news); the page also ends when something it shows
 * changes with time ({@link TodayService#pageValidUntil}).
 */
@Component
class TodayPages {

    record Key(
            UUID account,
            UUID pupil,
            LocalDate day,
            String lang,
            boolean readOnly,
            String csrf,
            long directory,
            List<Long> audiences,
            List<Long> live,
            long personal,
            long news) {}

    record Page(String etag, byte[] html, byte[] gzip, Instant validUntil) {}

    private final Directory directory;
    private final TodayCache days;
    private final PersonalStates personal;
    private final NewsBoard news;
    private final Cache<Key, Page> pages = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(10))
            .build();

    private final org.preau.homework.LiveLessons live;

    TodayPages(
            Directory directory,
            TodayCache days,
            PersonalStates personal,
            NewsBoard news,
            org.springframework.beans.factory.ObjectProvider<org.preau.homework.LiveLessons> live) {
        this.news = news;
        this.live = live.getIfAvailable(() -> org.preau.homework.LiveLessons.NONE);
        this.directory = directory;
        this.days = days;
        this.personal = personal;
    }

    Key key(UUID account, PupilPlacement pupil, LocalDate day, String lang, boolean readOnly, String csrf) {
        // Read the versions before the data: a change landing in between makes the key older, never the page.
        List<Long> audiences =
                pupil.audiences().stream().map(a -> days.version(a.id())).toList();
        // The "en direct" marks: a room of one of these audiences opening or closing makes a new page.
        List<Long> rooms =
                pupil.audiences().stream().map(a -> live.version(a.id())).toList();
        return new Key(
                account,
                pupil.pupilId(),
                day,
                lang,
                readOnly,
                csrf,
                directory.version(),
                audiences,
                rooms,
                personal.version(pupil.pupilId()),
                news.version(pupil.school().id()));
    }

    Page find(Key key, Instant now) {
        Page page = pages.getIfPresent(key);
        if (page != null && !now.isBefore(page.validUntil())) {
            pages.invalidate(key);
            return null;
        }
        return page;
    }

    Page keep(Key key, String html, Instant validUntil) {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        var page = new Page(etag(bytes), bytes, gzip(bytes), validUntil);
        pages.put(key, page);
        return page;
    }

    private static String etag(byte[] bytes) {
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
            return "W/\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream(bytes.length / 3);
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
