package org.preau;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation a reader reaches from the README is all in this repository and points at things that exist:
 * every relative link of README.md and docs/ resolves to a file inside the repository (and to a heading of it, when
 * it names one), and every ADR that code, build files or docs cite by path or number exists.
 */
class DocumentationLinksTest {

    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern ADR = Pattern.compile("docs/adr/(\\d{4})([A-Za-z0-9-]*\\.md)?");
    /** "ADR 0013", and every number of a list: "ADRs 0013, 0022 and 0024". */
    private static final Pattern ADR_NUMBER =
            Pattern.compile("\\bADRs? (\\d{4}(?:(?:, | and | or |, and )\\d{4})*)\\b");

    private static final Pattern FOUR_DIGITS = Pattern.compile("\\d{4}");

    @Test
    void everyRelativeLinkOfTheReadmeAndTheDocsResolvesInsideTheRepository() throws IOException {
        var broken = new ArrayList<String>();
        for (Path doc : markdown()) {
            String text = Files.readString(doc);
            Matcher m = LINK.matcher(withoutCode(text));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z][a-z0-9+.-]*:.*")) {
                    continue; // https:, mailto: ...
                }
                String where = ROOT.relativize(doc) + " → " + target;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? "" : target.substring(hash + 1);
                Path resolved =
                        file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT)) {
                    broken.add(where + ": outside the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(where + ": no such file");
                } else if (!anchor.isEmpty()
                        && resolved.toString().endsWith(".md")
                        && !anchors(Files.readString(resolved)).contains(anchor)) {
                    broken.add(where + ": no heading #" + anchor);
                }
            }
        }
        assertThat(broken).as("broken documentation links").isEmpty();
    }

    @Test
    void everyCitedDecisionRecordExists() throws IOException {
        Set<String> numbers = new HashSet<>();
        Set<String> files = new HashSet<>();
        try (Stream<Path> adrs = Files.list(ROOT.resolve("docs/adr"))) {
            adrs.map(p -> p.getFileName().toString()).forEach(name -> {
                files.add(name);
                numbers.add(name.substring(0, 4));
            });
        }
        var broken = new ArrayList<String>();
        for (Path source : cited()) {
            String text = Files.readString(source);
            String where = ROOT.relativize(source).toString();
            Matcher path = ADR.matcher(text);
            while (path.find()) {
                if (path.group(2) != null && !path.group(2).isEmpty()) {
                    String name = path.group(1) + path.group(2);
                    if (!files.contains(name)) {
                        broken.add(where + ": docs/adr/" + name + " does not exist");
                    }
                } else if (!numbers.contains(path.group(1))) {
                    broken.add(where + ": no ADR " + path.group(1));
                }
            }
            Matcher number = ADR_NUMBER.matcher(text);
            while (number.find()) {
                Matcher each = FOUR_DIGITS.matcher(number.group(1));
                while (each.find()) {
                    if (!numbers.contains(each.group())) {
                        broken.add(where + ": no ADR " + each.group());
                    }
                }
            }
        }
        assertThat(broken).as("cited ADRs that do not exist").isEmpty();
    }

    /** README.md and the hand-written docs (not the generated benchmark reports). */
    private static List<Path> markdown() throws IOException {
        var docs = new ArrayList<Path>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> walk = Files.walk(ROOT.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !isBenchmarkRun(p))
                    .forEach(docs::add);
        }
        return docs;
    }

    private static boolean isBenchmarkRun(Path p) {
        Path rel = ROOT.resolve("docs/benchmarks").relativize(p);
        return p.startsWith(ROOT.resolve("docs/benchmarks")) && rel.getNameCount() > 1;
    }

    /** Everything that may cite an ADR: sources, build files, configuration, docs. */
    private static List<Path> cited() throws IOException {
        var out = new ArrayList<Path>(markdown());
        // The build and the scripts a reader runs, which cite decisions in their comments.
        for (String file : List.of("pom.xml", "preau", ".ci/run", "bench/run")) {
            if (Files.exists(ROOT.resolve(file))) {
                out.add(ROOT.resolve(file));
            }
        }
        for (String dir : List.of("src", "bench")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> p.toString().matches(".*\\.(java|jte|properties|xml|sql|md|sh)$"))
                        .filter(p -> !p.toString().contains("/target/"))
                        .forEach(out::add);
            }
        }
        return out;
    }

    /** The text with fenced and inline code removed: links in code are examples, not links. */
    private static String withoutCode(String markdown) {
        return markdown.replaceAll("(?s)```.*?```", "").replaceAll("`[^`\n]*`", "");
    }

    /** The anchors GitHub gives a Markdown file's headings. */
    static Set<String> anchors(String markdown) {
        var anchors = new HashSet<String>();
        for (String line : withoutCode(markdown).split("\n")) {
            if (line.startsWith("#")) {
                String heading = line.replaceFirst("^#+\\s*", "").strip();
                anchors.add(heading.toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "")
                        .replace(' ', '-'));
            }
        }
        return anchors;
    }
}
