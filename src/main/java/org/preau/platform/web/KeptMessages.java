package org.preau.platform.web;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * The message bundles, with what a lookup found kept per language and key. Spring's source looks a key up bundle by
 * bundle (one per module, the key is in one of them), and formats every text, arguments or not, through a
 * synchronized {@link MessageFormat}: on the attack morning that was about a twentieth of the server's samples
 * (docs/adr/0077). Here a text without arguments is formatted once and kept as a string, and a text with arguments
 * keeps its one {@link MessageFormat}, so a page's texts cost a map lookup each.
 *
 * <p>What a reader sees is unchanged: a text without arguments still goes through {@link MessageFormat} (once), so
 * it reads the same with and without arguments, and a missing key still comes back as the key. The languages kept
 * are bounded (a visitor chooses the {@code Accept-Language} header), and so are the keys per language: past either
 * bound a lookup is simply not kept.
 */
final class KeptMessages extends ResourceBundleMessageSource {

    static final int MAX_LOCALES = 16;
    static final int MAX_KEYS_PER_LOCALE = 20_000;
    private static final Object[] NO_ARGUMENTS = {};

    private final ConcurrentMap<Locale, Kept> kept = new ConcurrentHashMap<>();

    KeptMessages() {
        // Texts without arguments come to resolveCodeWithoutArguments, which formats them (below), so that they
        // still read as MessageFormat reads them.
        setAlwaysUseMessageFormat(false);
    }

    @Override
    protected MessageFormat resolveCode(String code, Locale locale) {
        var forLocale = kept(locale);
        if (forLocale == null) {
            return super.resolveCode(code, locale);
        }
        var found = forLocale.formats.get(code);
        if (found == null) {
            found = Optional.ofNullable(super.resolveCode(code, locale));
            if (forLocale.formats.size() < MAX_KEYS_PER_LOCALE) {
                forLocale.formats.putIfAbsent(code, found);
            }
        }
        return found.orElse(null);
    }

    @Override
    protected String resolveCodeWithoutArguments(String code, Locale locale) {
        var forLocale = kept(locale);
        if (forLocale == null) {
            return format(super.resolveCode(code, locale)).orElse(null);
        }
        var found = forLocale.texts.get(code);
        if (found == null) {
            found = format(resolveCode(code, locale));
            if (forLocale.texts.size() < MAX_KEYS_PER_LOCALE) {
                forLocale.texts.putIfAbsent(code, found);
            }
        }
        return found.orElse(null);
    }

    private static Optional<String> format(MessageFormat format) {
        if (format == null) {
            return Optional.empty();
        }
        synchronized (format) {
            return Optional.of(format.format(NO_ARGUMENTS));
        }
    }

    private Kept kept(Locale locale) {
        var forLocale = kept.get(locale);
        if (forLocale == null && kept.size() < MAX_LOCALES) {
            forLocale = kept.computeIfAbsent(locale, l -> new Kept());
        }
        return forLocale;
    }

    /** Number of languages kept, for tests. */
    int localesKept() {
        return kept.size();
    }

    private static final class Kept {
        final ConcurrentMap<String, Optional<MessageFormat>> formats = new ConcurrentHashMap<>();
        final ConcurrentMap<String, Optional<String>> texts = new ConcurrentHashMap<>();
    }
}
