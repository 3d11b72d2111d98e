package org.preau.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.Test;
import org.preau.directory.DirectoryFixtures;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.audit.AuditEvent;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit log (issue 8 §3): staff and operator actions are published as {@link AuditEvent}s inside their
 * transaction, recorded by the admin module's listener through the event publication registry, and read on
 * {@code /admin/journal}, by the direction for its school and by the operator for all.
 */
@PreauIntegrationTest
@EnableScenarios
class AuditLogTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    private TestSchool school() {
        var s = TestSchool.create(jdbc);
        DirectoryFixtures.indexNames(jdbc, s);
        return s;
    }

    private CurrentUser vieScolaire(TestSchool s) {
        var cpe = DirectoryFixtures.account(jdbc, Profile.STAFF, "Vie", "Scolaire");
        DirectoryFixtures.member(jdbc, s.schoolId, cpe, "STAFF", "VIE_SCOLAIRE");
        DirectoryFixtures.indexNames(jdbc, s);
        return cpe;
    }

    private int logged(String action, UUID schoolId) {
        return jdbc.sql("select count(*) from audit_log where action = ? and school_id = ?")
                .params(action, schoolId)
                .query(Integer.class)
                .single();
    }

    private Document page(CurrentUser user, String url) throws Exception {
        return Jsoup.parse(mvc.perform(get(url).with(TestSchool.as(user)))
                .andExpect(status().isOk())
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    private void perform(RequestBuilder request, int expected) {
        try {
            mvc.perform(request).andExpect(status().is(expected));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aVieScolaireMemberCannotResetATeachersPasswordTheHeadCanAndTheLogShowsIt(Scenario scenario) throws Exception {
        var s = school();
        var cpe = vieScolaire(s);
        String url = "/admin/ecoles/" + s.schoolId + "/utilisateurs/" + s.mathsTeacher.accountId() + "/mot-de-passe";

        perform(post(url).with(TestSchool.as(cpe)).with(csrf()), 403);
        scenario.stimulate(() -> perform(post(url).with(TestSchool.as(s.head)).with(csrf()), 200))
                .andWaitForEventOfType(AuditEvent.class)
                .matching(e -> e.targetId().equals(Optional.of(s.mathsTeacher.accountId())))
                .toArriveAndVerify(e -> {
                    assertThat(e.action()).isEqualTo("identity.password-reset");
                    assertThat(e.actorId()).isEqualTo(s.head.accountId());
                    assertThat(e.schoolId()).contains(s.schoolId);
                    assertThat(e.toString()).doesNotContainIgnoringCase("code=");
                });
        scenario.stimulate(() -> {})
                .andWaitForStateChange(() -> logged("identity.password-reset", s.schoolId), n -> n > 0)
                .andVerify(n -> assertThat(n).isEqualTo(1));

        var rows = page(s.head, "/admin/journal").select("tbody tr");
        assertThat(rows).hasSize(1);
        var row = rows.first().text();
        assertThat(row)
                .contains("Jean Zay", "Réinitialisation du mot de passe de Ada Lovelace")
                .doesNotContain(
                        s.head.accountId().toString(),
                        s.mathsTeacher.accountId().toString());
        // A date for people, with the machine-readable one in the markup.
        assertThat(rows.first().select("time").text()).matches("\\d{1,2} \\p{L}+ \\d{4} à \\d{2}:\\d{2}");
        assertThat(rows.first().select("time").attr("datetime")).startsWith("20");
        // The operator reads it too, with the school's name.
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");
        var mine = page(operator, "/admin/journal?ecole=" + s.schoolId).select("tbody tr");
        assertThat(mine).hasSize(1);
        assertThat(page(operator, "/admin/journal").text()).contains("Collège Test " + s.suffix);
    }

    @Test
    void aBatchOfCodesAndARulesChangeAreLoggedForTheSchoolInEnglishToo(Scenario scenario) throws Exception {
        var s = school();
        jdbc.sql("update account set status = 'PENDING', password_hash = null where id = ?")
                .param(s.otherPupil.accountId())
                .update();

        scenario.stimulate(() -> perform(
                        post("/admin/ecoles/" + s.schoolId + "/classes/" + s.classId + "/codes")
                                .with(TestSchool.as(s.head))
                                .with(csrf()),
                        200))
                .andWaitForStateChange(() -> logged("identity.activation-codes", s.schoolId), n -> n > 0)
                .andVerify(n -> assertThat(n).isEqualTo(1));
        scenario.stimulate(() -> perform(
                        post("/admin/ecoles/" + s.schoolId + "/regles")
                                .with(TestSchool.as(s.head))
                                .with(csrf())
                                .param("PUPIL.PUPIL", "OWN_CLASSES"),
                        302))
                .andWaitForStateChange(() -> logged("directory.communication-rules", s.schoolId), n -> n > 0)
                .andVerify(n -> assertThat(n).isEqualTo(1));

        var english = page(s.head, "/admin/journal?lang=en").select("tbody tr").eachText();
        assertThat(english).hasSize(2);
        // Newest first.
        assertThat(english.get(0)).contains("Changed the communication rules", "PUPIL → PUPIL: NOBODY → OWN_CLASSES");
        assertThat(english.get(1)).contains("Printed activation codes", "Class: 3e B", "Codes created: 1");
        assertThat(page(s.head, "/admin/journal").select("tbody tr").eachText().get(1))
                .contains("Codes d’activation imprimés", "Classe : 3e B", "Comptes déjà activés (sans code) : 2");
    }

    @Test
    void theDirectionReadsItsOwnSchoolOnlyAndOtherStaffNothing() throws Exception {
        var a = school();
        var b = school();
        var cpe = vieScolaire(a);
        publish(AuditEvent.of("identity.password-reset", b.head.accountId(), java.time.Clock.systemUTC())
                .school(b.schoolId)
                .target(b.pupil.accountId()));
        waitFor(() -> logged("identity.password-reset", b.schoolId) == 1);

        assertThat(page(a.head, "/admin/journal").select("tbody tr")).isEmpty();
        mvc.perform(get("/admin/journal?ecole=" + b.schoolId).with(TestSchool.as(a.head)))
                .andExpect(status().isNotFound());
        mvc.perform(get("/admin/journal").with(TestSchool.as(cpe))).andExpect(status().isForbidden());
        mvc.perform(get("/admin/journal").with(TestSchool.as(a.mathsTeacher))).andExpect(status().isForbidden());
        // The home links the log for those who may read it only.
        assertThat(page(a.head, "/admin").select("main a").eachAttr("href")).contains("/admin/journal");
        assertThat(page(cpe, "/admin").select("main a").eachAttr("href")).doesNotContain("/admin/journal");
        assertThat(page(a.head, "/admin/ecoles/" + a.schoolId).select("main a").eachAttr("href"))
                .contains("/admin/journal?ecole=" + a.schoolId);
    }

    @Test
    void aRedeliveredEventIsWrittenOnce() throws Exception {
        var s = school();
        var event = AuditEvent.of("identity.password-reset", s.head.accountId(), java.time.Clock.systemUTC())
                .school(s.schoolId)
                .target(s.pupil.accountId());

        java.util.function.BooleanSupplier delivered =
                () -> jdbc.sql("select count(*) from event_publication where serialized_event like ?"
                                        + " and completion_date is null")
                                .param("%" + event.id() + "%")
                                .query(Integer.class)
                                .single()
                        == 0;
        // One delivery, then the same event again (as the registry resubmits an incomplete publication after a
        // restart). One after the other: two identical publications in flight at once are told apart by nothing,
        // and the registry may then mark the same one complete twice.
        publish(event);
        waitFor(() -> delivered.getAsBoolean() && logged("identity.password-reset", s.schoolId) == 1);
        publish(event);
        waitFor(delivered);

        assertThat(jdbc.sql("select count(*) from audit_log where id = ?")
                        .param(event.id())
                        .query(Integer.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void theLogIsReadPageByPageByKeyNewestFirst() throws Exception {
        var s = school();
        // In the past, so that the entries never sit above other tests' newer ones on the operator's page.
        var base = java.time.Instant.now().minus(java.time.Duration.ofHours(2));
        for (int i = 0; i < 30; i++) {
            var at = base.plusSeconds(60L * i);
            publish(new AuditEvent(
                    org.preau.platform.Ids.newId(),
                    "directory.communication-rules",
                    s.head.accountId(),
                    Optional.of(s.schoolId),
                    Optional.empty(),
                    java.util.Map.of("changes", "n" + i),
                    at));
        }
        waitFor(() -> logged("directory.communication-rules", s.schoolId) == 30);

        var seen = new ArrayList<String>();
        String url = "/admin/journal?ecole=" + s.schoolId;
        int pages = 0;
        while (url != null) {
            var doc = page(s.head, url);
            seen.addAll(doc.select("tbody tr").eachText());
            var next = doc.selectFirst("a[rel=next]");
            url = next == null ? null : next.attr("href");
            pages++;
        }
        assertThat(pages).isEqualTo(2);
        assertThat(seen).hasSize(30).doesNotHaveDuplicates();
        assertThat(seen.getFirst()).contains("Changements : n29");
        assertThat(seen.getLast()).contains("Changements : n0");
    }

    @Test
    void anImportByTheOperatorIsLogged(Scenario scenario) throws Exception {
        var operator = DirectoryFixtures.account(jdbc, Profile.ADMIN, "Opé", "Rateur");

        scenario.stimulate(() -> perform(
                        multipart("/admin/imports")
                                .file(new MockMultipartFile("files", "vide.csv", "text/csv", "uai,name\n".getBytes()))
                                .with(TestSchool.as(operator))
                                .with(csrf()),
                        302))
                .andWaitForStateChange(
                        () -> jdbc.sql("select count(*) from audit_log where actor_id = ? and action = ?")
                                .params(operator.accountId(), "directory.import")
                                .query(Integer.class)
                                .single(),
                        n -> n > 0)
                .andVerify(n -> assertThat(n).isEqualTo(1));

        var row = page(operator, "/admin/journal").select("tbody tr").first().text();
        assertThat(row).contains("Opé Rateur", "Import de l’annuaire", "Fichiers : 1");
    }

    private void publish(AuditEvent event) {
        tx.executeWithoutResult(status -> events.publishEvent(event));
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20 s");
            }
            Thread.sleep(25);
        }
    }
}
