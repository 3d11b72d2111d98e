package org.preau.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Accessibility check with axe-core (from the npm registry, installed by {@code ./preau test} into .tools/), run
 * inside the page for the WCAG 2.1 A and AA rules. Fails with the violated rules and the offending elements.
 */
public final class Axe {

    private static String script;

    private Axe() {}

    private static synchronized String script() {
        if (script == null) {
            Path path = Path.of(System.getProperty(
                    "preau.axe.path",
                    Path.of(".tools/node_modules/axe-core/axe.min.js").toString()));
            try {
                script = Files.readString(path);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "axe-core not found at " + path + ": run the tests with ./preau test (it installs it)", e);
            }
        }
        return script;
    }

    /** Asserts that the current page has no WCAG 2.1 A/AA violation that axe-core can detect. */
    @SuppressWarnings("unchecked")
    public static void assertAccessible(Page page) {
        page.evaluate(script());
        Object result = page.evaluate("""
                async () => {
                  const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
                  return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
                }
                """);
        List<Map<String, Object>> violations = (List<Map<String, Object>>) result;
        assertThat(violations)
                .as("axe-core WCAG 2.1 AA violations on " + page.url())
                .isEmpty();
    }
}
