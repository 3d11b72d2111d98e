package org.preau.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The message bundles, found by pattern: every {@code i18n/<module>.properties} on the classpath (French, the
 * default) with its {@code _en} sibling, so that a new module adds its bundle without editing a central list.
 * Every message goes through {@link java.text.MessageFormat} (arguments or not), so a message reads the same in
 * both cases; French texts use the typographic apostrophe ’, which MessageFormat leaves alone. What a lookup
 * finds is kept per language and key ({@link KeptMessages}).
 */
@Configuration(proxyBeanMethods = false)
public class Messages {

    static final String PATTERN = "classpath*:i18n/*.properties";
    private static final Pattern LOCALE_SUFFIX = Pattern.compile("_[a-z]{2}(_[A-Z]{2})?$");

    @Bean
    MessageSource messageSource() {
        var source = new KeptMessages();
        source.setBasenames(basenames());
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }

    /** {@code i18n/<module>} for every bundle on the classpath, sorted. */
    public static String[] basenames() {
        try {
            var names = new TreeSet<String>();
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(PATTERN)) {
                String file = r.getFilename();
                if (file == null || !file.endsWith(".properties")) {
                    continue;
                }
                String base = file.substring(0, file.length() - ".properties".length());
                names.add("i18n/" + LOCALE_SUFFIX.matcher(base).replaceAll(""));
            }
            return names.toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not list the message bundles", e);
        }
    }
}
