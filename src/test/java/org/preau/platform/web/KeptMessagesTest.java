package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.springframework.context.MessageSource;
import org.springframework.context.support.ResourceBundleMessageSource;

/**
 * Keeping what a lookup found changes nothing a reader sees: every key of every bundle reads the same, with and
 * without arguments, in French, in English and in a language Préau has no bundle for, as with Spring's own source
 * formatting every text through MessageFormat (what {@link Messages} used before, docs/adr/0077).
 */
class KeptMessagesTest {

    private static final Object[][] ARGUMENTS = {null, {}, {3}, {3, "deux", 1, 4, "cinq"}};
    private static final List<Locale> LOCALES =
            List.of(Locale.FRENCH, Locale.FRANCE, Locale.ENGLISH, Locale.UK, Locale.GERMAN, Locale.of("zh", "TW"));

    @Test
    void everyKeyReadsAsWithSpringsOwnSource() throws IOException {
        var kept = (MessageSource) new Messages().messageSource();
        var plain = new ResourceBundleMessageSource();
        plain.setBasenames(Messages.basenames());
        plain.setDefaultEncoding("UTF-8");
        plain.setFallbackToSystemLocale(false);
        plain.setAlwaysUseMessageFormat(true);

        var differences = new ArrayList<String>();
        int compared = 0;
        // Twice: the second round reads what the first one kept.
        for (int round = 0; round < 2; round++) {
            for (String key : keys()) {
                for (Locale locale : LOCALES) {
                    for (Object[] args : ARGUMENTS) {
                        String expected = read(plain, key, args, locale);
                        String actual = read(kept, key, args, locale);
                        compared++;
                        if (!expected.equals(actual)) {
                            differences.add(locale + " " + key + " " + java.util.Arrays.toString(args) + ": " + expected
                                    + " | " + actual);
                        }
                    }
                }
            }
        }
        assertThat(differences).isEmpty();
        assertThat(compared).isGreaterThan(10_000);
    }

    @Test
    void aMissingKeyComesBackAsItsDefault() {
        var kept = new Messages().messageSource();
        assertThat(kept.getMessage("platform.no.such.key", null, "platform.no.such.key", Locale.FRENCH))
                .isEqualTo("platform.no.such.key");
        assertThat(kept.getMessage("platform.no.such.key", new Object[] {2}, "platform.no.such.key", Locale.ENGLISH))
                .isEqualTo("platform.no.such.key");
    }

    @Test
    void theLanguagesKeptAreBounded() {
        var kept = new KeptMessages();
        kept.setBasenames(Messages.basenames());
        kept.setDefaultEncoding("UTF-8");
        kept.setFallbackToSystemLocale(false);
        String french = kept.getMessage("nav.skip", null, "?", Locale.FRENCH);
        for (int i = 0; i < 200; i++) {
            // A visitor can send any Accept-Language: made-up languages are read, but not kept past the bound.
            var locale = Locale.of("x" + (char) ('a' + i % 26) + (char) ('a' + i / 26));
            assertThat(kept.getMessage("nav.skip", null, "?", locale)).isEqualTo(french);
        }
        assertThat(kept.localesKept()).isEqualTo(KeptMessages.MAX_LOCALES);
    }

    /** The text, or the refusal (a text argument given to a number placeholder) that both must give alike. */
    private static String read(MessageSource source, String key, Object[] args, Locale locale) {
        try {
            return source.getMessage(key, args, key, locale);
        } catch (IllegalArgumentException e) {
            return "refused: " + e.getMessage();
        }
    }

    private static List<String> keys() throws IOException {
        var keys = new ArrayList<String>();
        for (String base : Messages.basenames()) {
            var in = KeptMessagesTest.class.getClassLoader().getResourceAsStream(base + ".properties");
            var props = new Properties();
            try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                props.load(reader);
            }
            keys.addAll(props.stringPropertyNames());
        }
        keys.add("platform.no.such.key");
        return keys;
    }
}
