package org.preau;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Controller;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Each module describes itself at the end of its {@code package-info.java}, in a fixed "module card" (routes, events
 * published and consumed, templates, bundle, assets, migration range), and this test keeps every card true: the
 * routes are the module's controllers' mappings, the events are the ones its code publishes and listens to, its
 * templates, bundles, assets and migrations sit under its own name, in both languages, and no two modules share a
 * migration range or a route. A new module copies a card, and this test says what it got wrong.
 */
class ModuleConventionsTest {

    private static final Path MAIN = Path.of("src/main");
    private static final Path JAVA = MAIN.resolve("java/org/preau");
    private static final Path RESOURCES = MAIN.resolve("resources");
    private static final List<String> LINES =
            List.of("Routes", "Events published", "Events consumed", "Templates", "Bundle", "Assets", "Migrations");
    private static final Pattern TOKEN = Pattern.compile("\\{@(?:code|link)\\s+((?:[^{}]|\\{[^{}]*})+)}");
    private static final Pattern MIGRATION = Pattern.compile("V(\\d+)_(\\d+)__[a-z0-9_]+\\.sql");

    /**
     * Templates a module may use from another module besides the platform's, each with the reason. Known and left
     * as they are: the log-in and activation forms embed the surge module's proof-of-work field, which surge alone
     * decides to require.
     */
    private static final Map<String, Set<String>> TEMPLATES_SHARED = Map.of("identity", Set.of("surge"));

    /** One module's card, as written in its package-info.java. */
    record Card(String module, Map<String, List<String>> lines) {
        List<String> get(String line) {
            return lines.getOrDefault(line, List.of());
        }
    }

    private static Map<String, Card> cards;
    private static JavaClasses classes;

    @BeforeAll
    static void read() throws IOException {
        cards = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(JAVA)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                Path info = dir.resolve("package-info.java");
                if (Files.exists(info)) {
                    String module = dir.getFileName().toString();
                    cards.put(module, parse(module, Files.readString(info)));
                }
            }
        }
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.preau");
    }

    /** The card: the lines {@code <li>Name: ...} of the package's Javadoc, each with its {@code @code} values. */
    static Card parse(String module, String source) {
        String doc = source.replaceAll("(?m)^\\s*\\*\\s?", " ").replaceAll("\\s+", " ");
        var lines = new LinkedHashMap<String, List<String>>();
        Matcher m = Pattern.compile("<li>\\s*(" + String.join("|", LINES) + "):(.*?)(?=<li>|</ul>)")
                .matcher(doc);
        while (m.find()) {
            var values = new ArrayList<String>();
            Matcher t = TOKEN.matcher(m.group(2));
            while (t.find()) {
                values.add(t.group(1).strip());
            }
            lines.put(m.group(1), values);
        }
        return new Card(module, lines);
    }

    @Test
    void everyModuleHasACompleteCard() {
        var missing = new ArrayList<String>();
        cards.values()
                .forEach(card -> LINES.stream()
                        .filter(line -> !card.lines().containsKey(line))
                        .forEach(line -> missing.add(card.module() + ": no «<li>" + line + ":» line")));
        assertThat(cards).as("modules with a package-info.java").hasSizeGreaterThanOrEqualTo(7);
        assertThat(missing).as("incomplete module cards").isEmpty();
    }

    @Test
    void theRoutesOnTheCardAreTheModulesMappings() {
        var matcher = new AntPathMatcher();
        var actual = mappings();
        var defects = new ArrayList<String>();
        for (var card : cards.values()) {
            var declared = card.get("Routes");
            var mine = actual.getOrDefault(card.module(), new TreeSet<>());
            for (String route : mine) {
                if (declared.stream().noneMatch(p -> matcher.match(p, route))) {
                    defects.add(card.module() + ": maps " + route + ", which its card does not list");
                }
            }
            for (String pattern : declared) {
                if (mine.stream().noneMatch(r -> matcher.match(pattern, r))) {
                    defects.add(card.module() + ": its card lists " + pattern + ", which none of its controllers maps");
                }
            }
            for (var other : actual.entrySet()) {
                if (other.getKey().equals(card.module())) {
                    continue;
                }
                for (String route : other.getValue()) {
                    declared.stream()
                            .filter(p -> matcher.match(p, route))
                            .forEach(p -> defects.add(
                                    card.module() + "'s " + p + " also covers " + other.getKey() + "'s " + route));
                }
            }
        }
        assertThat(defects).as("routes on the module cards").isEmpty();
    }

    @Test
    void theEventsOnTheCardAreTheOnesTheModulePublishesAndListensTo() {
        var defects = new ArrayList<String>();
        var published = published();
        var consumed = consumed();
        for (var card : cards.values()) {
            compare(defects, card.module(), "Events published", card.get("Events published"), published);
            compare(defects, card.module(), "Events consumed", card.get("Events consumed"), consumed);
        }
        assertThat(defects).as("events on the module cards").isEmpty();
    }

    @Test
    void templatesBundlesAndAssetsLiveUnderTheModulesOwnName() throws IOException {
        var defects = new ArrayList<String>();
        var templateDirs = subdirectories(MAIN.resolve("jte"));
        var assetDirs = subdirectories(RESOURCES.resolve("static/assets"));
        var bundles = new TreeSet<String>();
        try (Stream<Path> files = Files.list(RESOURCES.resolve("i18n"))) {
            files.map(p -> p.getFileName().toString()).forEach(bundles::add);
        }
        var claimedBundles = new TreeSet<String>();
        for (var card : cards.values()) {
            String m = card.module();
            for (String t : card.get("Templates")) {
                if (!t.equals("jte/" + m + "/")) {
                    defects.add(m + ": templates must be under jte/" + m + "/, not " + t);
                } else if (!templateDirs.contains(m)) {
                    defects.add(m + ": its card lists " + t + ", which does not exist");
                }
            }
            if (templateDirs.contains(m) && card.get("Templates").isEmpty()) {
                defects.add(m + ": has templates under jte/" + m + "/ that its card does not list");
            }
            for (String a : card.get("Assets")) {
                if (!a.equals("/assets/" + m + "/")) {
                    defects.add(m + ": assets must be under /assets/" + m + "/, not " + a);
                } else if (!assetDirs.contains(m)) {
                    defects.add(m + ": its card lists " + a + ", which does not exist");
                }
            }
            for (String b : card.get("Bundle")) {
                Matcher name = Pattern.compile("i18n/([a-z]+)\\.properties").matcher(b);
                if (!name.matches()) {
                    defects.add(m + ": a bundle is written i18n/<name>.properties, not " + b);
                    continue;
                }
                for (String file : List.of(name.group(1) + ".properties", name.group(1) + "_en.properties")) {
                    claimedBundles.add(file);
                    if (!bundles.contains(file)) {
                        defects.add(m + ": its bundle i18n/" + file + " does not exist (French and English both)");
                    }
                }
            }
            defects.addAll(viewsOutsideTheModule(m));
        }
        templateDirs.stream()
                .filter(d -> !cards.containsKey(d))
                .forEach(d -> defects.add("jte/" + d + "/ belongs to no module"));
        assetDirs.stream()
                .filter(d -> !cards.containsKey(d))
                .forEach(d -> defects.add("/assets/" + d + "/ belongs to no module"));
        bundles.stream()
                .filter(b -> !claimedBundles.contains(b))
                .forEach(b -> defects.add("i18n/" + b + " is on no module's card"));
        assertThat(defects).as("templates, bundles and assets").isEmpty();
    }

    @Test
    void migrationsUseTheModulesOwnRangeAndNoRangeIsShared() throws IOException {
        var defects = new ArrayList<String>();
        var owners = new TreeMap<Integer, String>();
        for (var card : cards.values()) {
            String m = card.module();
            var values = card.get("Migrations");
            if (values.size() != 2
                    || !values.get(0).equals("db/migration/" + m)
                    || !values.get(1).matches("V\\d+_x")) {
                defects.add(m + ": the Migrations line reads {@code db/migration/" + m + "}, {@code V<n>_x}; it has "
                        + values);
                continue;
            }
            int range =
                    Integer.parseInt(values.get(1).substring(1, values.get(1).indexOf('_')));
            String previous = owners.put(range, m);
            if (previous != null) {
                defects.add("V" + range + "_x is the range of both " + previous + " and " + m);
            }
            Path dir = RESOURCES.resolve(values.get(0));
            if (!Files.isDirectory(dir)) {
                continue; // a range reserved, no migration yet
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Matcher v = MIGRATION.matcher(f.getFileName().toString());
                    if (!v.matches()) {
                        defects.add(m + ": " + f.getFileName() + " is not named V<range>_<n>__<what>.sql");
                    } else if (Integer.parseInt(v.group(1)) != range) {
                        defects.add(m + ": " + f.getFileName() + " is outside its range V" + range + "_x");
                    }
                }
            }
        }
        for (String dir : subdirectories(RESOURCES.resolve("db/migration"))) {
            if (!cards.containsKey(dir)) {
                defects.add("db/migration/" + dir + " belongs to no module");
            }
        }
        assertThat(defects).as("migrations").isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** The module of a class: the package right under org.preau. */
    private static String moduleOf(String className) {
        String rest = className.substring("org.preau.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(0, dot);
    }

    /** Every path mapped by each module's controllers (class-level prefix and method path combined). */
    private static Map<String, Set<String>> mappings() {
        var matcher = new AntPathMatcher();
        var out = new TreeMap<String, Set<String>>();
        for (JavaClass c : classes) {
            Class<?> type = c.reflect();
            if (!AnnotatedElementUtils.hasAnnotation(type, Controller.class)) {
                continue;
            }
            var prefix = AnnotatedElementUtils.findMergedAnnotation(type, RequestMapping.class);
            String[] prefixes = prefix == null || prefix.path().length == 0 ? new String[] {""} : prefix.path();
            for (Method method : type.getDeclaredMethods()) {
                var mapping = AnnotatedElementUtils.findMergedAnnotation(method, RequestMapping.class);
                if (mapping == null) {
                    continue;
                }
                String[] paths = mapping.path().length == 0 ? new String[] {""} : mapping.path();
                for (String p : prefixes) {
                    for (String path : paths) {
                        String combined = p.isEmpty() ? path : path.isEmpty() ? p : matcher.combine(p, path);
                        out.computeIfAbsent(moduleOf(c.getName()), k -> new TreeSet<>())
                                .add(combined);
                    }
                }
            }
        }
        return out;
    }

    /** The events (types of Préau) each module's code passes to {@code publishEvent}. */
    private static Map<String, Set<String>> published() {
        var out = new TreeMap<String, Set<String>>();
        for (JavaClass c : classes) {
            for (JavaCodeUnit unit : c.getCodeUnits()) {
                // The lines where this code calls publishEvent; the event is what it makes in that statement (its
                // constructor call is numbered by the line of its last argument, a line or two further down).
                var lines = new TreeSet<Integer>();
                unit.getMethodCallsFromSelf().stream()
                        .filter(call -> call.getName().equals("publishEvent")
                                && call.getTargetOwner().isAssignableTo(ApplicationEventPublisher.class))
                        .forEach(call -> lines.add(call.getLineNumber()));
                if (lines.isEmpty()) {
                    continue;
                }
                var made = new TreeSet<String>();
                unit.getConstructorCallsFromSelf().stream()
                        .filter(call -> inStatement(lines, call.getLineNumber()))
                        .forEach(call -> made.add(call.getTargetOwner().getName()));
                // Events made by a static factory of their own (DirectoryChanged.of(...)).
                unit.getMethodCallsFromSelf().stream()
                        .filter(call -> inStatement(lines, call.getLineNumber())
                                && call.getTarget().getRawReturnType().equals(call.getTargetOwner()))
                        .forEach(call -> made.add(call.getTargetOwner().getName()));
                made.stream()
                        .filter(ModuleConventionsTest::isApiType)
                        .forEach(event -> out.computeIfAbsent(moduleOf(c.getName()), k -> new TreeSet<>())
                                .add(event));
            }
        }
        return out;
    }

    private static boolean inStatement(TreeSet<Integer> publishLines, int line) {
        Integer publish = publishLines.floor(line);
        return publish != null && line - publish <= 3;
    }

    /** The events (types of Préau) each module's listeners take. */
    private static Map<String, Set<String>> consumed() {
        var out = new TreeMap<String, Set<String>>();
        for (JavaClass c : classes) {
            for (Method method : c.reflect().getDeclaredMethods()) {
                var listener = AnnotatedElementUtils.findMergedAnnotation(method, EventListener.class);
                if (listener == null) {
                    continue;
                }
                var types = new ArrayList<Class<?>>(List.of(listener.classes()));
                if (types.isEmpty() && method.getParameterCount() == 1) {
                    types.add(method.getParameterTypes()[0]);
                }
                types.stream()
                        .map(Class::getName)
                        .filter(n -> n.startsWith("org.preau."))
                        .forEach(n -> out.computeIfAbsent(moduleOf(c.getName()), k -> new TreeSet<>())
                                .add(n));
            }
        }
        return out;
    }

    /**
     * A type of a module's public API, where events live: its root package, or anywhere in the platform (an open
     * module, whose {@code platform.audit.AuditEvent} every module may publish).
     */
    private static boolean isApiType(String name) {
        if (name.startsWith("org.preau.platform.")) {
            return true;
        }
        return name.startsWith("org.preau.")
                && name.substring("org.preau.".length())
                                .chars()
                                .filter(ch -> ch == '.')
                                .count()
                        == 1;
    }

    private static void compare(
            List<String> defects, String module, String line, List<String> declared, Map<String, Set<String>> found) {
        var actual = found.getOrDefault(module, Set.of());
        var written = new TreeSet<>(declared);
        for (String e : actual) {
            if (!written.contains(e)) {
                defects.add(module + ": " + line + " does not list " + e);
            }
        }
        for (String e : written) {
            if (!actual.contains(e)) {
                defects.add(module + ": " + line + " lists " + e + ", which its code does not "
                        + (line.endsWith("published") ? "publish" : "listen to"));
            }
        }
    }

    /** View names a module's code renders ({@code return "x/y"}, {@code render("x/y...")}) outside jte/module/. */
    private static List<String> viewsOutsideTheModule(String module) throws IOException {
        var defects = new ArrayList<String>();
        Pattern view = Pattern.compile("(?:return|render\\()\\s*\"([a-z]+)/[A-Za-z0-9_/-]+(?:\\.jte)?\"");
        try (Stream<Path> files = Files.walk(JAVA.resolve(module))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = view.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(module)) {
                        defects.add(module + ": " + f.getFileName() + " renders " + m.group() + ", a template of "
                                + m.group(1));
                    }
                }
            }
        }
        Path templates = MAIN.resolve("jte").resolve(module);
        if (Files.isDirectory(templates)) {
            Pattern call = Pattern.compile("@template\\.([a-z]+)\\.");
            try (Stream<Path> files = Files.walk(templates)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jte")).toList()) {
                    Matcher m = call.matcher(Files.readString(f));
                    while (m.find()) {
                        if (!m.group(1).equals(module)
                                && !m.group(1).equals("platform")
                                && !TEMPLATES_SHARED
                                        .getOrDefault(module, Set.of())
                                        .contains(m.group(1))) {
                            defects.add(module + ": " + f.getFileName() + " uses a template of " + m.group(1)
                                    + " (only its own and the platform's)");
                        }
                    }
                }
            }
        }
        return defects;
    }

    private static Set<String> subdirectories(Path dir) throws IOException {
        var out = new TreeSet<String>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> list = Files.list(dir)) {
                list.filter(Files::isDirectory)
                        .map(p -> p.getFileName().toString())
                        .forEach(out::add);
            }
        }
        return out;
    }
}
