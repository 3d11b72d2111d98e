package org.preau;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.ServiceWorkerPolicy;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.ModuleRoutes;
import org.preau.platform.web.SecurityHeaders;
import org.preau.platform.web.UploadLimits;
import org.preau.support.Axe;
import org.preau.support.BrowserTest;
import org.preau.support.PageChecks;
import org.preau.support.PageRoutes;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.MessageSource;
import org.springframework.http.server.PathContainer;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.util.pattern.PathPatternParser;
import tools.jackson.databind.json.JsonMapper;

/**
 * The page walker: every GET page the application serves (read from Spring MVC's handler mapping, so a new module's
 * pages are walked without editing this test), as each person who uses Préau — a pupil, a parent, a teacher, the head
 * of school, the operator, and someone signed out — in French and in English, on a phone-sized screen (390 px).
 *
 * <p>Every page must: speak the requested language with no {@code ''}, {@code {0}} or bare message key left; report
 * no Content-Security-Policy violation; fit the screen; carry the security headers; and every refusal must be the
 * platform's own HTML page (never JSON, never Tomcat's "HTTP Status"): a forbidden role gets the 403 (or 404) page,
 * the signed-out visitor the log-in page, a wrong or malformed id the 404 page, and an upload over the server's limit
 * the page or the form with the limit shown. Accessibility (axe-core) is checked once per page and role, in French.
 *
 * <p>Path variables are filled with real ids: a {@link TestSchool}, plus an entry, its work, a hand-in and an import
 * run made through the API and the pages. A route whose variable the walker cannot fill fails the walk, so that no
 * page is skipped silently: give it an id in {@link #ids} or, if it is not a page, add it to {@link #NOT_PAGES}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryPageBrowserTest extends BrowserTest {

    /**
     * GET routes that are not pages a person reads, each with the reason; every other GET route is walked. An entry
     * that matches no route any more fails the walk (a stale exclusion would hide a new page of the same name).
     */
    static final Map<String, String> NOT_PAGES = new LinkedHashMap<>();

    static {
        NOT_PAGES.put("/api/**", "the JSON API: refusals are problem details, covered by the API tests");
        NOT_PAGES.put("/v3/api-docs/**", "the OpenAPI description (JSON), see OperationsExposureTest");
        NOT_PAGES.put("/v3/api-docs.yaml", "the OpenAPI description (YAML)");
        NOT_PAGES.put("/error", "where the container forwards its errors: every refusal below ends there");
        NOT_PAGES.put("/fichiers/{fileId}", "an attachment, sent as a sandboxed download");
        NOT_PAGES.put("/travail/{workId}/depots.zip", "the zip of a work's hand-ins, a download");
        NOT_PAGES.put("/calendrier/{token}.ics", "the iCalendar feed, read by calendar apps");
        NOT_PAGES.put("/documents/fichiers/{nodeId}", "a document, sent as a sandboxed download");
        NOT_PAGES.put(
                "/messagerie/messages/{messageId}/pieces/{attachmentId}",
                "a message's attachment, sent as a sandboxed download (MessageAttachmentsTest)");
        NOT_PAGES.put("/classe/{roomId}/presences.csv", "a live class's attendance, a CSV download");
        NOT_PAGES.put("/classe/{roomId}/tableau.svg", "the whiteboard's export, a download");
        NOT_PAGES.put("/classe/{roomId}/tableau.png", "the whiteboard's export, a download");
        NOT_PAGES.put(
                "/classe/{roomId}/visio", "a redirect to the school's conferencing server (none configured here)");
        NOT_PAGES.put("/favicon.ico", "the icon, an image, see StaticAssetsTest");
        NOT_PAGES.put("/statut.json", "the status page as JSON, see PublicStatusPageTest");
        NOT_PAGES.put("/statut.atom", "the Atom feed of incidents, see PublicStatusPageTest");
    }

    /**
     * Pages that show themselves only in a state of the whole server, which the walker does not create because every
     * other test shares that server: the walker checks where they send people otherwise, and the named test renders
     * them with the same {@link PageChecks}.
     */
    static final Map<String, String> STATE_DEPENDENT = Map.of(
            "/salle-attente",
            "the waiting room queues only while it is open or the lanes overflow; otherwise it sends the visitor on."
                    + " SurgeBrowserTest renders it");

    /**
     * Pages the walker must find among the handler mapping's routes (so that a page renamed or dropped from the
     * mapping is noticed rather than silently no longer walked), each with who must see it as a page.
     */
    static final Map<String, Set<Who>> MUST_WALK = Map.of(
            "/admin/journal", Set.of(Who.HEAD, Who.OPERATOR),
            "/admin/imports", Set.of(Who.OPERATOR),
            "/", Set.of(Who.PUPIL, Who.PARENT, Who.TEACHER),
            "/actualites", Set.of(Who.PUPIL, Who.PARENT, Who.TEACHER, Who.HEAD, Who.OPERATOR),
            "/actualites/nouvelle", Set.of(Who.TEACHER, Who.HEAD),
            "/nouveautes", Set.of(Who.PUPIL, Who.PARENT, Who.TEACHER, Who.HEAD, Who.OPERATOR),
            "/nouveautes/preferences", Set.of(Who.PUPIL, Who.PARENT, Who.TEACHER, Who.HEAD, Who.OPERATOR));

    /**
     * Paths that are no page, asked for as a browser would: every signed-in visitor gets the platform's 404 page, or
     * its 403 page where the whole prefix is refused to them (never Spring's "No static resource" JSON); the
     * signed-out one gets the log-in page, or the 404 page under a public prefix (assets). The benchmark's ceiling
     * is among them: it exists only with {@code preau.bench.ceiling=true}, which no default sets.
     */
    static final List<String> NO_SUCH_PAGES = List.of(
            "/ecoles", "/admin/inexistant", "/bench/plafond", "/bench/plafond-public", "/assets/nulle-part.css");

    static final String PASSWORD = "Une phrase de passe pour le marcheur";
    static final int PHONE_WIDTH = 390;
    static final List<String> LANGS = List.of("fr", "en");
    static final String BROWSER_ACCEPT =
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

    /** The people who use Préau, and someone who is not signed in. */
    enum Who {
        PUPIL,
        PARENT,
        TEACHER,
        HEAD,
        OPERATOR,
        SIGNED_OUT
    }

    /** What one visit ended on. */
    enum Outcome {
        PAGE,
        REDIRECTED,
        LOGIN,
        FORBIDDEN,
        NOT_FOUND,
        ERROR
    }

    record Visitor(Who who, CurrentUser user, BrowserContext context, PageChecks.Watch watch) {
        Page page() {
            return watch.page;
        }
    }

    record UploadForm(Who who, String page, String action, String fileField, Map<String, String> hidden) {}

    /** Everything one walk saw: the outcome per route and person, the defects, the forms with a file input. */
    static final class Walk {
        final Map<String, Map<Who, Outcome>> outcomes = new TreeMap<>();
        final List<String> routeDefects = new ArrayList<>();
        final List<String> renderDefects = new ArrayList<>();
        final List<String> refusalDefects = new ArrayList<>();
        final List<String> wrongIdDefects = new ArrayList<>();
        final List<String> accessibilityDefects = new ArrayList<>();
        final List<String> noSuchPageDefects = new ArrayList<>();
        /** Same-site links each person saw on the pages they could open, with the page that showed each. */
        final Map<Who, Map<String, String>> links = new EnumMap<>(Who.class);

        final Map<String, UploadForm> uploadForms = new LinkedHashMap<>();
        int visits;
        int wrongIdVisits;
        long navigateNanos;
        long checkNanos;
        long axeNanos;
    }

    @Autowired
    org.preau.directory.SchoolCalendar schoolCalendar;

    @Autowired
    ApplicationContext applicationContext;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Accounts accounts;

    @Autowired
    MessageSource messages;

    @Autowired
    UploadLimits uploadLimits;

    @Autowired
    List<ModuleRoutes> moduleRoutes;

    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<Who, Visitor> visitors = new EnumMap<>(Who.class);
    private final Map<String, String> ids = new LinkedHashMap<>();
    private Set<String> keyPrefixes;
    private Walk walk;

    // ---------------------------------------------------------------------------------------------------------------
    // The tests: one walk, several verdicts.

    @Test
    void everyGetRouteIsWalkedOrDeclaredNotAPage() {
        var w = walk();
        assertThat(w.routeDefects).as(report("routes", w.routeDefects)).isEmpty();
        assertThat(w.outcomes).as("routes walked").isNotEmpty();
    }

    @Test
    void everyPageRendersCleanlyForEveryoneInBothLanguagesOnAPhone() {
        var w = walk();
        assertThat(w.renderDefects).as(report("rendering", w.renderDefects)).isEmpty();
        // Each route was a real page for someone: otherwise the walker only ever saw refusals of it.
        var neverShown = w.outcomes.entrySet().stream()
                .filter(e -> !e.getValue().containsValue(Outcome.PAGE) && !STATE_DEPENDENT.containsKey(e.getKey()))
                .map(e -> e.getKey() + " " + e.getValue())
                .toList();
        assertThat(neverShown)
                .as(report("routes no one could open (give the fixture what they need)", neverShown))
                .isEmpty();
    }

    @Test
    void everyRefusalIsThePlatformsPageAndTheSignedOutGetTheLogInPage() {
        var w = walk();
        assertThat(w.refusalDefects).as(report("refusals", w.refusalDefects)).isEmpty();
        assertThat(w.outcomes.values().stream().filter(m -> m.containsValue(Outcome.FORBIDDEN)))
                .as("some route is refused to someone")
                .isNotEmpty();
    }

    @Test
    void theRoutesMainAddedAreWalkedAndTheBenchCeilingIsOff() {
        var w = walk();
        var defects = new ArrayList<String>();
        MUST_WALK.forEach((route, who) -> {
            var byWho = w.outcomes.get(route);
            if (byWho == null) {
                defects.add(route + " was not walked");
            } else {
                who.stream()
                        .filter(x -> byWho.get(x) != Outcome.PAGE)
                        .forEach(x -> defects.add(route + " as " + x + " ended on " + byWho.get(x)));
            }
        });
        w.outcomes.keySet().stream()
                .filter(route -> route.startsWith("/bench/"))
                .forEach(route -> defects.add(route + " is served although preau.bench.ceiling is off"));
        assertThat(defects).as(report("routes", defects)).isEmpty();
        assertThat(w.noSuchPageDefects)
                .as(report("paths that are no page", w.noSuchPageDefects))
                .isEmpty();
    }

    @Test
    void noPageLinksItsReaderToAPageThatRefusesThem() {
        var w = walk();
        var defects = new ArrayList<String>();
        w.links.forEach((who, links) -> links.forEach((link, shownOn) -> {
            var container = PathContainer.parsePath(link);
            w.outcomes.entrySet().stream()
                    .filter(e ->
                            PathPatternParser.defaultInstance.parse(e.getKey()).matches(container))
                    .findFirst()
                    .map(e -> e.getValue().get(who))
                    // Signed out, a link to a private page asks to sign in: that is the right answer.
                    .filter(o -> o == Outcome.FORBIDDEN
                            || o == Outcome.ERROR
                            || (o == Outcome.LOGIN && who != Who.SIGNED_OUT))
                    .ifPresent(o -> defects.add(who + " " + shownOn + " links to " + link + ", which ends on " + o));
        }));
        assertThat(w.links).as("links collected").isNotEmpty();
        assertThat(defects).as(report("links to refusals", defects)).isEmpty();
    }

    @Test
    void aWrongOrMalformedIdIsTheNotFoundPage() {
        var w = walk();
        assertThat(w.wrongIdDefects).as(report("wrong ids", w.wrongIdDefects)).isEmpty();
        assertThat(w.wrongIdVisits).as("wrong-id visits").isPositive();
    }

    @Test
    void everyPageIsAccessible() {
        var w = walk();
        assertThat(w.accessibilityDefects)
                .as(report("accessibility", w.accessibilityDefects))
                .isEmpty();
    }

    @Test
    void anUploadOverTheServersLimitIsAnsweredWithTheLimit() throws Exception {
        var w = walk();
        assertThat(w.uploadForms)
                .as("forms with a file input found on the pages")
                .isNotEmpty();
        var defects = new ArrayList<String>();
        byte[] big = new byte[(int) ((uploadLimits.requestMegabytes() + 1) * 1024 * 1024)];
        Arrays.fill(big, (byte) 'a');
        long started = System.nanoTime();
        for (var form : w.uploadForms.values()) {
            var visitor = visitors.get(form.who());
            // In the language the visitor's browser last chose (the language cookie), as the form would be sent.
            String lang = visitor.context().cookies().stream()
                    .filter(c -> c.name.equals("preau_lang"))
                    .map(c -> c.value)
                    .findFirst()
                    .orElse("fr");
            String limit = uploadLimits.requestMegabytes() + ("en".equals(lang) ? " MB" : " Mo");
            String where = form.who() + " " + form.page() + " → POST " + form.action() + " with "
                    + big.length / (1024 * 1024) + " MB [" + lang + "]";
            var response = postLikeABrowser(visitor, form, big);
            String body = response.body();
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (!type.startsWith("text/html")) {
                defects.add(where + ": answered " + response.statusCode() + " " + type + ", not a page");
                continue;
            }
            if (response.statusCode() == 413) {
                defects.addAll(problemPageDefects(where, 413, body, lang));
            } else if (!body.contains("<form")) {
                defects.add(where + ": answered " + response.statusCode() + " with neither the 413 page nor the form");
            }
            if (!body.contains(limit)) {
                defects.add(where + ": the answer (" + response.statusCode() + ") does not show the limit «" + limit
                        + "»: " + text(body));
            }
        }
        System.out.printf(
                "[walker] oversized uploads to %d forms in %.1f s: %s%n",
                w.uploadForms.size(), (System.nanoTime() - started) / 1e9, w.uploadForms.keySet());
        assertThat(defects).as(report("oversized uploads", defects)).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The walk.

    private synchronized Walk walk() {
        if (walk == null) {
            long started = System.nanoTime();
            keyPrefixes = PageChecks.messageKeyPrefixes();
            prepare();
            System.out.printf("[walker] fixture and sign-ins in %.1f s%n", (System.nanoTime() - started) / 1e9);
            walk = new Walk();
            var routes = routesToWalk(walk);
            for (var route : routes) {
                walkRoute(walk, route);
            }
            for (String path : NO_SUCH_PAGES) {
                walkNoSuchPage(walk, path);
            }
            System.out.printf(
                    "[walker] %d routes, %d visits, %d wrong-id visits, %d file forms in %.1f s%n",
                    routes.size(),
                    walk.visits,
                    walk.wrongIdVisits,
                    walk.uploadForms.size(),
                    (System.nanoTime() - started) / 1e9);
            System.out.printf(
                    "[walker] navigating %.1f s, page checks %.1f s, axe %.1f s%n",
                    walk.navigateNanos / 1e9, walk.checkNanos / 1e9, walk.axeNanos / 1e9);
            walk.outcomes.forEach((route, byWho) -> System.out.println("[walker] " + route + " " + byWho));
        }
        return walk;
    }

    /** The school, its people signed in on their own phone, and the records their pages show. */
    private void prepare() {
        var school = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, school);
        CurrentUser operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Odile", "Operatrice");
        var people = new EnumMap<Who, CurrentUser>(Who.class);
        people.put(Who.PUPIL, school.pupil);
        people.put(Who.PARENT, school.parent);
        people.put(Who.TEACHER, school.mathsTeacher);
        people.put(Who.HEAD, school.head);
        people.put(Who.OPERATOR, operator);
        for (Who who : Who.values()) {
            CurrentUser user = people.get(who);
            BrowserContext context = newContext(o -> o.setViewportSize(PHONE_WIDTH, 844)
                    // The offline copy's service worker would answer some navigations itself; its own journey test
                    // covers it. Here every page comes from the server.
                    .setServiceWorkers(ServiceWorkerPolicy.BLOCK));
            PageChecks.install(context);
            var watch = PageChecks.watch(context.newPage());
            if (user != null) {
                accounts.setPassword(user.accountId(), PASSWORD);
                signIn(context, user);
            }
            visitors.put(who, new Visitor(who, user, context, watch));
        }

        ids.put("schoolId", school.schoolId.toString());
        ids.put("classId", school.classId.toString());
        ids.put("groupId", school.groupId.toString());
        ids.put("accountId", school.pupil.accountId().toString());

        // The teacher writes an entry with work to hand in, through the API the pages share.
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        var teacher = visitors.get(Who.TEACHER);
        var entry = api(
                teacher,
                "/api/v1/entries",
                RequestOptions.create()
                        .setHeader("Content-Type", "application/json")
                        .setData(json.writeValueAsString(Map.of(
                                "audience",
                                school.classId,
                                "subject",
                                school.mathsId,
                                "lessonDate",
                                today.toString(),
                                "seance",
                                "<p>Les fractions : simplifier et comparer.</p>",
                                "works",
                                List.of(Map.of(
                                        "instructions",
                                        "<p>Exercices 1 à 4 de la fiche.</p>",
                                        "dueDate",
                                        today.plusDays(1).toString(),
                                        "estimatedMinutes",
                                        30,
                                        "handinExpected",
                                        true))))));
        ids.put("entryId", entry.path("id").asString());

        // News to the whole school, pinned, so that the home pages, the news page and every feed have something to
        // show (the notifications arrive after commit; the walk does not wait for them).
        org.preau.news.internal.NewsFixtures.publish(
                applicationContext, school.head, "ecole:" + school.schoolId, "Réunion parents-professeurs");
        ids.put("workId", entry.path("works").get(0).path("id").asString());

        // The teacher writes to the pupil and the parent (the message's page for both and for the teacher), and
        // keeps a draft (the draft's page, for the teacher alone).
        var message = api(
                teacher,
                "/api/v1/messages",
                RequestOptions.create()
                        .setHeader("Content-Type", "application/json")
                        .setData(json.writeValueAsString(Map.of(
                                "subject",
                                "Sortie au musée",
                                "body",
                                "Bonjour,\n\nla sortie a lieu **jeudi**.",
                                "targets",
                                List.of("P:" + school.pupil.accountId(), "P:" + school.parent.accountId())))));
        ids.put("messageId", message.path("id").asString());
        var draft = api(
                teacher,
                "/api/v1/messages/drafts",
                RequestOptions.create()
                        .setHeader("Content-Type", "application/json")
                        .setData(json.writeValueAsString(
                                Map.of("subject", "Brouillon", "body", "À finir", "targets", List.of()))));
        ids.put("draftId", draft.path("id").asString());

        // The other pupil of the class hands in a file and a text; the walker's pupil keeps a draft, so that their
        // page still has the hand-in form (a submitted hand-in is not editable) with the draft's file listed.
        accounts.setPassword(school.otherPupil.accountId(), PASSWORD);
        BrowserContext classmate = newContext();
        signIn(classmate, school.otherPupil);
        var handin = api(
                new Visitor(Who.PUPIL, school.otherPupil, classmate, null),
                "/api/v1/work/" + ids.get("workId") + "/handin",
                handIn("Mes réponses aux exercices.", true));
        classmate.close();
        ids.put("handinId", handin.path("id").asString());
        api(
                visitors.get(Who.PUPIL),
                "/api/v1/work/" + ids.get("workId") + "/handin",
                handIn("Début de mes réponses.", false));

        // The teacher keeps a folder in their documents and shares it with the class (the pupil's "partagés avec
        // moi" lists it; everyone else's walk of its pages meets "not found").
        var folder = api(
                teacher,
                "/api/v1/documents/folders",
                RequestOptions.create()
                        .setHeader("Content-Type", "application/json")
                        .setData(json.writeValueAsString(Map.of("name", "Fiches de maths"))));
        ids.put("folderId", folder.path("id").asString());
        ids.put("nodeId", folder.path("id").asString());
        var shared = teacher.context()
                .request()
                .post(
                        "/api/v1/documents/" + ids.get("folderId") + "/shares",
                        RequestOptions.create()
                                .setHeader("X-XSRF-TOKEN", cookie(teacher.context(), "XSRF-TOKEN"))
                                .setHeader("Content-Type", "application/json")
                                .setData(json.writeValueAsString(Map.of("kind", "CLASS", "targetId", school.classId))));
        assertThat(shared.status()).as("share: %s", shared.text()).isEqualTo(204);
        // The maths teacher prepares and opens the lesson's live class: its room is a page for the class's people.
        LocalDate lessonDay = today;
        while (!schoolCalendar.isSchoolDay(school.schoolId, lessonDay)
                || lessonDay.getDayOfWeek().getValue() > 5) {
            lessonDay = schoolCalendar.nextSchoolDay(school.schoolId, lessonDay);
        }
        String slotId = jdbc.sql(
                        "select id::text from timetable_slot where school_id = ? and subject_id = ? and weekday = ?")
                .params(
                        school.schoolId,
                        school.mathsId,
                        lessonDay.getDayOfWeek().getValue())
                .query(String.class)
                .single();
        ids.put("slotId", slotId);
        ids.put("day", lessonDay.toString());
        // The lesson page itself shows only while the room is not prepared: the next school day's lesson.
        LocalDate nextDay = schoolCalendar.nextSchoolDay(school.schoolId, lessonDay);
        while (!schoolCalendar.isSchoolDay(school.schoolId, nextDay)
                || nextDay.getDayOfWeek().getValue() > 5) {
            nextDay = schoolCalendar.nextSchoolDay(school.schoolId, nextDay);
        }
        ids.put(
                "/classe/cours/{slotId}/{day} slotId",
                jdbc.sql("select id::text from timetable_slot where school_id = ? and subject_id = ? and weekday = ?")
                        .params(
                                school.schoolId,
                                school.mathsId,
                                nextDay.getDayOfWeek().getValue())
                        .query(String.class)
                        .single());
        ids.put("/classe/cours/{slotId}/{day} day", nextDay.toString());
        Page teacherPage = teacher.page();
        teacherPage.navigate("/classe/cours/" + slotId + "/" + lessonDay);
        teacherPage.locator("main form[method=post] button[type=submit]").click();
        teacherPage.waitForURL(u -> u.matches(".*/classe/[0-9a-f-]{36}$"));
        ids.put("roomId", teacherPage.url().substring(teacherPage.url().lastIndexOf('/') + 1));
        teacherPage.locator("#open-room").click();
        teacherPage.waitForLoadState();

        // The head of school resets the history teacher's password through the page (an audited action), so that
        // the school's audit log has a row to show, names and all, on a phone.
        Page headPage = visitors.get(Who.HEAD).page();
        headPage.navigate("/admin/ecoles/" + school.schoolId + "/utilisateurs/" + school.historyTeacher.accountId()
                + "/mot-de-passe");
        headPage.locator("main form[method=post] button[type=submit]").click();
        headPage.waitForLoadState();
        // The log is written after the reset's commit, by the admin module's listener: wait for it (no timing claim).
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (auditRows(school.historyTeacher.accountId()) == 0 && System.nanoTime() < deadline) {
            headPage.waitForTimeout(100);
        }
        assertThat(auditRows(school.historyTeacher.accountId()))
                .as("the head's reset is in the audit log")
                .isEqualTo(1);

        // The operator imports a file the importer refuses: a run in the history, and nothing written.
        Page operatorPage = visitors.get(Who.OPERATOR).page();
        operatorPage.navigate("/admin/imports");
        operatorPage
                .locator("form:has(input[type=file]) input[type=file]")
                .setInputFiles(new FilePayload(
                        "inconnu.csv",
                        "text/csv",
                        "ceci;n’est;pas\nun;export;connu\n".getBytes(StandardCharsets.UTF_8)));
        operatorPage.locator("form:has(input[type=file]) button[type=submit]").click();
        operatorPage.waitForURL(u -> u.matches(".*/admin/imports/[0-9a-f-]{36}$"));
        ids.put(
                "/admin/imports/{id} id",
                operatorPage.url().substring(operatorPage.url().lastIndexOf('/') + 1));
    }

    private int auditRows(UUID targetId) {
        return jdbc.sql("select count(*) from audit_log where target_id = ?")
                .param(targetId)
                .query(Integer.class)
                .single();
    }

    /** The routes to walk, after the declared non-pages; records a stale exclusion or an id it cannot fill. */
    private List<PageRoutes.Route> routesToWalk(Walk w) {
        var matcher = new AntPathMatcher();
        var used = new LinkedHashSet<String>();
        var walked = new ArrayList<PageRoutes.Route>();
        for (var route : PageRoutes.get(applicationContext)) {
            String excludedBy = NOT_PAGES.keySet().stream()
                    .filter(p -> p.equals(route.pattern()) || matcher.match(p, route.pattern()))
                    .findFirst()
                    .orElse(null);
            if (excludedBy != null) {
                used.add(excludedBy);
                continue;
            }
            var missing = route.variables().stream()
                    .filter(v -> value(route, v) == null)
                    .toList();
            if (!missing.isEmpty()) {
                w.routeDefects.add(route.pattern() + ": the walker cannot fill " + missing
                        + " — give it a real id (EveryPageBrowserTest.prepare) or, if it is no page, declare it in"
                        + " NOT_PAGES with the reason");
                continue;
            }
            walked.add(route);
        }
        for (String p : NOT_PAGES.keySet()) {
            if (!used.contains(p)) {
                w.routeDefects.add("NOT_PAGES entry " + p + " matches no route any more: remove it");
            }
        }
        return walked;
    }

    private String value(PageRoutes.Route route, String variable) {
        String specific = ids.get(route.pattern() + " " + variable);
        return specific != null ? specific : ids.get(variable);
    }

    private Map<String, String> values(PageRoutes.Route route) {
        var out = new LinkedHashMap<String, String>();
        route.variables().forEach(v -> out.put(v, value(route, v)));
        return out;
    }

    private void walkRoute(Walk w, PageRoutes.Route route) {
        String url = route.fill(values(route));
        var byWho = new EnumMap<Who, Outcome>(Who.class);
        w.outcomes.put(route.pattern(), byWho);
        boolean isPublic = isPublic(url);
        for (Who who : Who.values()) {
            var visitor = visitors.get(who);
            for (String lang : LANGS) {
                if ("en".equals(lang) && byWho.get(who) == Outcome.LOGIN) {
                    // Sent to the log-in page, which drops ?lang= on the way: /connexion is walked in both languages.
                    continue;
                }
                String where = who + " " + url + " [" + lang + "]";
                Outcome outcome = visit(w, visitor, url, lang, where);
                if ("fr".equals(lang)) {
                    byWho.put(who, outcome);
                    expectRightOutcome(w, who, isPublic, outcome, where);
                    if (outcome == Outcome.PAGE) {
                        checkAccessible(w, visitor, where);
                        collectUploadForms(w, visitor, url);
                        collectLinks(w, visitor, url);
                    }
                }
            }
        }
        // Wrong ids, as each person who could open the page with the right ones: the first one in the browser (the
        // 404 page must render cleanly too), the others as the same browser's plain requests (faster, same answer).
        for (Who who : Who.values()) {
            if (byWho.get(who) != Outcome.PAGE) {
                continue;
            }
            var visitor = visitors.get(who);
            boolean rendered = false;
            for (String variable : route.variables()) {
                for (String wrong : List.of(UUID.randomUUID().toString(), "pas-un-id")) {
                    var v = values(route);
                    v.put(variable, wrong);
                    String bad = withLang(route.fill(v), "fr");
                    String where = who + " " + bad + " (wrong " + variable + ")";
                    w.wrongIdVisits++;
                    int status;
                    String body;
                    Map<String, String> headers;
                    if (!rendered) {
                        rendered = true;
                        visitor.watch().reset();
                        Response r = visitor.page().navigate(bad);
                        status = r.status();
                        body = r.text();
                        headers = r.headers();
                        w.wrongIdDefects.addAll(PageChecks.defects(visitor.watch(), where, keyPrefixes, "fr"));
                    } else {
                        var r = visitor.context()
                                .request()
                                .get(bad, RequestOptions.create().setHeader("Accept", BROWSER_ACCEPT));
                        status = r.status();
                        body = r.text();
                        headers = r.headers();
                    }
                    if (status != 404) {
                        w.wrongIdDefects.add(where + ": answered " + status + " instead of the 404 page");
                    }
                    w.wrongIdDefects.addAll(problemPageDefects(where, status, body, "fr"));
                    w.wrongIdDefects.addAll(headerDefects(where, headers));
                }
            }
        }
    }

    /** A path no controller serves, as everyone (see {@link #NO_SUCH_PAGES}). */
    private void walkNoSuchPage(Walk w, String path) {
        boolean isPublic = isPublic(path);
        for (Who who : Who.values()) {
            var visitor = visitors.get(who);
            for (String lang : LANGS) {
                String where = who + " " + path + " [" + lang + "]";
                visitor.watch().reset();
                Response r = visitor.page().navigate(withLang(path, lang));
                String finalPath = URI.create(visitor.page().url()).getPath();
                if (who == Who.SIGNED_OUT && !isPublic) {
                    if (!finalPath.equals("/connexion")) {
                        w.noSuchPageDefects.add(where + ": signed out, answered " + r.status() + " on " + finalPath
                                + " instead of the log-in page");
                    }
                    break; // the log-in page drops ?lang=; it is walked in both languages as a route
                }
                if (r.status() != 404 && !(r.status() == 403 && who != Who.SIGNED_OUT)) {
                    w.noSuchPageDefects.add(where + ": answered " + r.status() + " instead of the 404 page");
                }
                w.noSuchPageDefects.addAll(problemPageDefects(where, r.status(), r.text(), lang));
                w.noSuchPageDefects.addAll(headerDefects(where, r.headers()));
                w.noSuchPageDefects.addAll(PageChecks.defects(visitor.watch(), where, keyPrefixes, lang));
            }
        }
    }

    /** One navigation with every check of what came back; returns where it ended. */
    private Outcome visit(Walk w, Visitor visitor, String url, String lang, String where) {
        w.visits++;
        visitor.watch().reset();
        long t0 = System.nanoTime();
        Response r = visitor.page().navigate(withLang(url, lang));
        w.navigateNanos += System.nanoTime() - t0;
        if (r == null) {
            w.renderDefects.add(where + ": no response");
            return Outcome.ERROR;
        }
        String finalPath = URI.create(visitor.page().url()).getPath();
        int status = r.status();
        Outcome outcome;
        if (status >= 400) {
            outcome = status == 403 ? Outcome.FORBIDDEN : status == 404 ? Outcome.NOT_FOUND : Outcome.ERROR;
            w.refusalDefects.addAll(problemPageDefects(where, status, r.text(), lang));
        } else if (finalPath.equals("/connexion") && !url.startsWith("/connexion")) {
            outcome = Outcome.LOGIN;
        } else if (!finalPath.equals(URI.create(url).getPath())) {
            outcome = Outcome.REDIRECTED;
        } else {
            outcome = Outcome.PAGE;
        }
        var headers = r.headers();
        String type = headers.get("content-type");
        if (type == null || !type.startsWith("text/html")) {
            w.renderDefects.add(where + ": answered " + status + " " + type + ", not an HTML page");
        }
        w.renderDefects.addAll(headerDefects(where, headers));
        long t1 = System.nanoTime();
        w.renderDefects.addAll(
                PageChecks.defects(visitor.watch(), where, keyPrefixes, outcome == Outcome.PAGE ? lang : null));
        w.checkNanos += System.nanoTime() - t1;
        return outcome;
    }

    private void expectRightOutcome(Walk w, Who who, boolean isPublic, Outcome outcome, String where) {
        if (who == Who.SIGNED_OUT) {
            // A public page may send the visitor on (the closed waiting room sends them where they were going,
            // which may ask them to sign in); it must not refuse them. Every other page asks them to sign in.
            if (isPublic ? outcome == Outcome.FORBIDDEN || outcome == Outcome.ERROR : outcome != Outcome.LOGIN) {
                w.refusalDefects.add(where + ": signed out, " + (isPublic ? "a public page" : "a private page")
                        + " ended on " + outcome);
            }
        } else if (outcome == Outcome.LOGIN || outcome == Outcome.ERROR) {
            w.refusalDefects.add(where + ": signed in, ended on " + outcome);
        }
    }

    private void checkAccessible(Walk w, Visitor visitor, String where) {
        long t0 = System.nanoTime();
        try {
            Axe.assertAccessible(visitor.page());
        } catch (AssertionError e) {
            w.accessibilityDefects.add(where + ": " + e.getMessage());
        }
        w.axeNanos += System.nanoTime() - t0;
    }

    @SuppressWarnings("unchecked")
    private void collectLinks(Walk w, Visitor visitor, String url) {
        var paths = (List<String>) visitor.page().evaluate("""
                () => [...document.querySelectorAll('a[href]')]
                  .map(a => new URL(a.getAttribute('href'), location.href))
                  .filter(u => u.origin === location.origin)
                  .map(u => u.pathname)
                """);
        var mine = w.links.computeIfAbsent(visitor.who(), k -> new TreeMap<>());
        paths.forEach(path -> mine.putIfAbsent(path, url));
    }

    @SuppressWarnings("unchecked")
    private void collectUploadForms(Walk w, Visitor visitor, String url) {
        var forms = (List<Map<String, Object>>) visitor.page().evaluate("""
                () => [...document.querySelectorAll('form')]
                  .filter(f => f.querySelector('input[type=file]'))
                  .map(f => ({
                    action: new URL(f.getAttribute('action') || location.href, location.href).pathname,
                    file: f.querySelector('input[type=file]').name,
                    hidden: Object.fromEntries([...f.querySelectorAll('input[type=hidden]')].map(i => [i.name, i.value]))
                  }))
                """);
        for (var f : forms) {
            String action = (String) f.get("action");
            w.uploadForms.putIfAbsent(
                    visitor.who() + " " + action,
                    new UploadForm(visitor.who(), url, action, (String) f.get("file"), (Map<String, String>)
                            (Map<?, ?>) f.get("hidden")));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // What every answer must be.

    /** A refusal must be the platform's page: HTML, its title for that status in the reader's language, no JSON. */
    private List<String> problemPageDefects(String where, int status, String body, String lang) {
        var defects = new ArrayList<String>();
        if (status < 400) {
            return defects;
        }
        String trimmed = body.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            defects.add(where + ": " + status + " answered with JSON: " + text(body));
            return defects;
        }
        if (body.contains("HTTP Status") || body.contains("Apache Tomcat") || body.contains("Whitelabel")) {
            defects.add(where + ": " + status + " answered with the container's page: " + text(body));
            return defects;
        }
        String title = messages.getMessage("problem.title." + status, null, "?", Locale.forLanguageTag(lang));
        if (!body.contains("class=\"problem-message\"") || !body.contains("<h1>" + title + "</h1>")) {
            defects.add(where + ": " + status + " is not the platform's page «" + title + "»: " + text(body));
        }
        return defects;
    }

    private static List<String> headerDefects(String where, Map<String, String> headers) {
        var defects = new ArrayList<String>();
        if (!SecurityHeaders.POLICY.equals(headers.get("content-security-policy"))) {
            defects.add(where + ": Content-Security-Policy is «" + headers.get("content-security-policy") + "»");
        }
        if (!"same-origin".equals(headers.get("referrer-policy"))) {
            defects.add(where + ": Referrer-Policy is «" + headers.get("referrer-policy") + "»");
        }
        if (headers.get("strict-transport-security") != null) {
            defects.add(where + ": HSTS sent although secure cookies are off (plain HTTP)");
        }
        return defects;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers.

    private boolean isPublic(String path) {
        var container = PathContainer.parsePath(path);
        return moduleRoutes.stream()
                .flatMap(r -> r.publicPaths().stream())
                .anyMatch(p -> PathPatternParser.defaultInstance.parse(p).matches(container));
    }

    private static String withLang(String url, String lang) {
        return url + (url.contains("?") ? "&" : "?") + "lang=" + lang;
    }

    /**
     * Signs in through the log-in form's endpoint with the browser's own request context (its cookies are the
     * page's): what the form posts, without rendering the form five times (DemoRolesBrowserTest fills the real one).
     */
    private void signIn(BrowserContext context, CurrentUser user) {
        var request = context.request();
        assertThat(request.get("/connexion").status()).isEqualTo(200);
        var response = request.post(
                "/connexion",
                RequestOptions.create()
                        .setForm(FormData.create()
                                .set("username", user.login())
                                .set("password", PASSWORD)
                                .set("_csrf", cookie(context, "XSRF-TOKEN"))));
        assertThat(response.url()).as("%s signed in", user.login()).isEqualTo(baseUrl() + "/");
    }

    private static RequestOptions handIn(String text, boolean submit) {
        return RequestOptions.create()
                .setMultipart(FormData.create()
                        .set("text", text)
                        .set("submit", Boolean.toString(submit))
                        .set(
                                "files",
                                new FilePayload(
                                        "reponses.pdf",
                                        "application/pdf",
                                        "%PDF-1.4\n%%EOF\n".getBytes(StandardCharsets.US_ASCII))));
    }

    private tools.jackson.databind.JsonNode api(Visitor visitor, String path, RequestOptions options) {
        options.setHeader("X-XSRF-TOKEN", cookie(visitor.context(), "XSRF-TOKEN"));
        var response = visitor.context().request().post(path, options);
        assertThat(response.status())
                .as("%s POST %s: %s", visitor.who(), path, response.text())
                .isBetween(200, 201);
        return json.readTree(response.text());
    }

    private static String cookie(BrowserContext context, String name) {
        return context.cookies().stream()
                .filter(c -> c.name.equals(name))
                .map(c -> c.value)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " cookie"));
    }

    /** A multipart form post as a browser sends it: the form's hidden fields (CSRF included), then the file. */
    private HttpResponse<String> postLikeABrowser(Visitor visitor, UploadForm form, byte[] content) throws Exception {
        String boundary = "----PreauWalker" + UUID.randomUUID();
        var body = new ByteArrayOutputStream();
        for (var field : form.hidden().entrySet()) {
            body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
                            + field.getValue() + "\r\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + form.fileField()
                        + "\"; filename=\"photo.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        String cookies = visitor.context().cookies().stream()
                .map(c -> c.name + "=" + c.value)
                .collect(Collectors.joining("; "));
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + form.action()))
                .timeout(Duration.ofSeconds(90))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Accept", BROWSER_ACCEPT)
                .header("Cookie", cookies)
                .header("Referer", baseUrl() + form.page())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build();
        try (var http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String text(String html) {
        String t = html.replaceAll("(?s)<head>.*?</head>", "")
                .replaceAll("<[^>]+>", " ")
                .replaceAll("\\s+", " ")
                .strip();
        return t.length() > 300 ? t.substring(0, 300) + "…" : t;
    }

    private static String report(String what, List<String> defects) {
        return defects.size() + " defect(s) of " + what + ":\n  " + String.join("\n  ", defects) + "\n";
    }
}
