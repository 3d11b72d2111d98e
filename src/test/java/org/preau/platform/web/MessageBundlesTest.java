package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every bundle in French and English: the same keys, texts MessageFormat can read, the same placeholders on both
 * sides, and no ASCII apostrophe (MessageFormat eats it in a message with arguments and keeps it doubled in one
 * without: "Imports de l''annuaire", "Salle dattente : 3 personnes"). French uses the typographic ’.
 */
class MessageBundlesTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[^}]*}");

    @Test
    void bundlesAreFoundByPatternForEveryModule() {
        assertThat(Messages.basenames())
                .contains("i18n/platform", "i18n/identity", "i18n/homework", "i18n/surge", "i18n/admin")
                .allSatisfy(b -> assertThat(b).doesNotContain("_en"));
    }

    @Test
    void frenchAndEnglishHaveTheSameKeys() throws IOException {
        var problems = new ArrayList<String>();
        for (String base : Messages.basenames()) {
            var fr = load(base + ".properties");
            var en = load(base + "_en.properties");
            var missingEn = new TreeSet<>(fr.keySet());
            missingEn.removeAll(en.keySet());
            var missingFr = new TreeSet<>(en.keySet());
            missingFr.removeAll(fr.keySet());
            missingEn.forEach(k -> problems.add(base + "_en lacks " + k));
            missingFr.forEach(k -> problems.add(base + " (French) lacks " + k));
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void noMessageHasAnAsciiApostropheOrABrokenPattern() throws IOException {
        var problems = new ArrayList<String>();
        for (String base : Messages.basenames()) {
            for (String file : List.of(base + ".properties", base + "_en.properties")) {
                for (var e : load(file).entrySet()) {
                    String text = e.getValue();
                    if (text.indexOf('\'') >= 0) {
                        problems.add(file + " " + e.getKey() + ": ASCII apostrophe (write ’)");
                    }
                    try {
                        new MessageFormat(text);
                    } catch (IllegalArgumentException ex) {
                        problems.add(file + " " + e.getKey() + ": " + ex.getMessage());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void bothLanguagesUseTheSamePlaceholders() throws IOException {
        var problems = new ArrayList<String>();
        for (String base : Messages.basenames()) {
            var fr = load(base + ".properties");
            var en = load(base + "_en.properties");
            fr.forEach((key, text) -> {
                if (en.containsKey(key) && !placeholders(text).equals(placeholders(en.get(key)))) {
                    problems.add(base + " " + key + ": " + placeholders(text) + " vs " + placeholders(en.get(key)));
                }
            });
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theCheckCatchesWhatItIsFor() {
        // The rule must be able to fail: the very defect seen on the operator pages.
        assertThat("Imports de l''annuaire".indexOf('\'')).isPositive();
        assertThat(MessageFormat.format("Salle d'attente : {0} personnes", 3))
                .isEqualTo("Salle dattente : {0} personnes");
    }

    private static TreeSet<String> placeholders(String text) {
        var out = new TreeSet<String>();
        var m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static Map<String, String> load(String resource) throws IOException {
        var in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as(resource).isNotNull();
        var props = new Properties();
        try (var reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            props.load(reader);
        }
        var out = new LinkedHashMap<String, String>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }
}
