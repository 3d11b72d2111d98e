package org.preau.status.internal;

import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.preau.platform.web.Ui;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.resource.ResourceUrlProvider;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public page, its JSON and its feed as bytes, rendered once per board version, day and language and kept until
 * the board changes (docs/adr/0071): the page is the same for everyone, so under a surge (a crowd reloading
 * {@code /statut} during an outage) a request costs a map lookup and a write, never a render. Only the latest
 * rendering of each format and language is kept, so the memory is a few copies of a page of some kilobytes.
 */
@Component
class StatusPages {

    /** What is served. */
    enum Format {
        PAGE,
        JSON,
        FEED
    }

    /**
     * One rendering: what it was made from, its bytes and the same bytes gzip-compressed once (never modified once
     * kept), so that a browser that accepts gzip gets a few kilobytes instead of the whole page without anything
     * being compressed per request.
     */
    record Kept(long version, LocalDate day, byte[] body, byte[] gzip) {
        boolean of(BoardView view) {
            return version == view.version() && day.equals(view.days().getLast());
        }

        /** Made from a later board than {@code other}. */
        boolean newerThan(Kept other) {
            int byDay = day.compareTo(other.day);
            return byDay != 0 ? byDay > 0 : version > other.version;
        }
    }

    private record Key(Format format, String language) {}

    /** Languages are few (French, English); a bound all the same, since the locale comes from the request. */
    private static final int MAX_KEPT = 16;

    private final Map<Key, Kept> kept = new ConcurrentHashMap<>();
    private final StatusRuntime runtime;
    private final TemplateEngine templates;
    private final MessageSource messages;
    private final JsonMapper json;
    private final ObjectProvider<ResourceUrlProvider> assets;

    StatusPages(
            StatusRuntime runtime,
            TemplateEngine templates,
            MessageSource messages,
            JsonMapper json,
            ObjectProvider<ResourceUrlProvider> assets) {
        this.runtime = runtime;
        this.templates = templates;
        this.messages = messages;
        this.json = json;
        this.assets = assets;
    }

    /** The bytes of {@code format} for this view and language: kept ones if made from this view, else rendered. */
    byte[] bytes(Format format, BoardView view, Locale locale) {
        return kept(format, view, locale).body();
    }

    /** The same, gzip-compressed (RFC 1952), for a client that accepts it. */
    byte[] gzip(Format format, BoardView view, Locale locale) {
        return kept(format, view, locale).gzip();
    }

    private Kept kept(Format format, BoardView view, Locale locale) {
        var key = new Key(format, locale.getLanguage());
        var k = kept.get(key);
        if (k != null && k.of(view)) {
            return k;
        }
        byte[] body = render(format, view, locale);
        var fresh = new Kept(view.version(), view.days().getLast(), body, compress(body));
        if (kept.size() >= MAX_KEPT && !kept.containsKey(key)) {
            kept.clear();
        }
        // A request holding an older view must not replace a newer rendering.
        kept.merge(key, fresh, (old, mine) -> mine.newerThan(old) ? mine : old);
        return fresh;
    }

    private static byte[] compress(byte[] body) {
        var out = new ByteArrayOutputStream(body.length / 4 + 64);
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private byte[] render(Format format, BoardView view, Locale locale) {
        return switch (format) {
            case PAGE -> {
                // The page as a signed-out visitor sees it: no user, no CSRF token (the status chain mints none).
                var ui = new Ui(messages, locale, "_csrf", "", null, StatusWebConfig.PAGE, assets.getIfAvailable());
                var out = new StringOutput(16 * 1024);
                templates.render(
                        "status/public.jte",
                        Map.of("ui", ui, "view", view, "interval", runtime.probeIntervalSeconds()),
                        out);
                yield out.toString().getBytes(StandardCharsets.UTF_8);
            }
            case JSON -> json.writeValueAsBytes(PublicStatusController.PublicJson.of(view, locale, messages));
            case FEED -> AtomFeed.of(view, locale, messages).getBytes(StandardCharsets.UTF_8);
        };
    }
}
