package org.preau.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.preau.messaging.internal.MessagingFixtures.group;
import static org.preau.messaging.internal.MessagingFixtures.message;
import static org.preau.messaging.internal.MessagingFixtures.school;
import static org.preau.messaging.internal.MessagingFixtures.staff;
import static org.preau.messaging.internal.MessagingFixtures.to;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.preau.directory.CommunicationPolicy;
import org.preau.directory.CommunicationRules;
import org.preau.directory.CommunicationSettings;
import org.preau.directory.DirectoryFixtures;
import org.preau.directory.Reach;
import org.preau.directory.RecipientGroup.Kind;
import org.preau.directory.Role;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.messaging.MessageDelivered;
import org.preau.messaging.internal.Mail.DraftInput;
import org.preau.messaging.internal.MessageRepository.Box;
import org.preau.platform.web.Problem;
import org.preau.support.PreauIntegrationTest;
import org.preau.support.TestSchool;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.EnableScenarios;
import org.springframework.modulith.test.Scenario;

/** Composing, sending, reading and filing, under the communication rules, against the real PostgreSQL. */
@PreauIntegrationTest
@EnableScenarios
class MessagingServiceTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MessagingService messaging;

    @Autowired
    CommunicationRules rules;

    @Autowired
    CommunicationSettings settings;

    TestSchool school;

    @BeforeEach
    void setUp() {
        school = school(jdbc);
    }

    static String keyOf(Problem p) {
        return p.fields().isEmpty()
                ? p.key()
                : p.fields().values().iterator().next().key();
    }

    void refused(Runnable action, String key) {
        assertThatThrownBy(action::run)
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(keyOf((Problem) e)).isEqualTo(key));
    }

    void notFound(Runnable action) {
        assertThatThrownBy(action::run)
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).status().value()).isEqualTo(404));
    }

    List<Mail.Item> inbox(CurrentUser user) {
        return messaging
                .list(user, messaging.folder(user, Optional.empty()), Optional.empty(), Optional.empty())
                .items();
    }

    @Test
    void aPupilCannotWriteToAnotherPupilNorFindThem() {
        assertThat(rules.searchRecipients(school.pupil.accountId(), "Hugo", 20)).isEmpty();
        refused(
                () -> messaging.saveDraft(school.pupil, Optional.empty(), message("Salut", to(school.otherPupil))),
                "messaging.recipient.forbidden");
        refused(() -> messaging.startTo(school.pupil, school.otherPupil.accountId()), "messaging.recipient.forbidden");
        // Nor through a group: the pupils of their own class are not offered, and a guessed key reaches nobody.
        assertThat(rules.recipientGroups(school.pupil.accountId()))
                .noneMatch(g -> g.kind() == Kind.PUPILS || g.kind() == Kind.PARENTS);
        refused(
                () -> messaging.sendNew(
                        school.pupil, message("Salut la classe", group(school, Kind.PUPILS, school.classId))),
                "messaging.recipient.forbidden");
        assertThat(inbox(school.otherPupil)).isEmpty();
    }

    @Test
    void aPupilWritesToTheTeachersOfTheirClassAndToStaff() {
        assertThat(rules.recipientGroups(school.pupil.accountId()))
                .anyMatch(g -> g.kind() == Kind.TEACHERS && g.audienceId().equals(Optional.of(school.classId)))
                .anyMatch(g -> g.kind() == Kind.STAFF);
        messaging.sendNew(school.pupil, message("Question sur l’exercice 3", to(school.mathsTeacher)));
        messaging.sendNew(school.pupil, message("Mon absence", staff(school)));
        assertThat(inbox(school.mathsTeacher))
                .extracting(Mail.Item::subject)
                .containsExactly("Question sur l’exercice 3");
        assertThat(inbox(school.head)).extracting(Mail.Item::subject).containsExactly("Mon absence");
    }

    @Test
    void theRulesStoredByTheSchoolAreHonoured() {
        // The school lets pupils write to the pupils of their classes, and stops them writing to staff.
        settings.update(
                school.schoolId,
                Map.of(
                        new CommunicationPolicy.Pair(Role.PUPIL, Role.PUPIL), Reach.OWN_CLASSES,
                        new CommunicationPolicy.Pair(Role.PUPIL, Role.STAFF), Reach.NOBODY),
                school.head.accountId());
        assertThat(rules.searchRecipients(school.pupil.accountId(), "Hugo", 20))
                .extracting(p -> p.accountId())
                .containsExactly(school.otherPupil.accountId());
        messaging.sendNew(school.pupil, message("Tu as le cours ?", to(school.otherPupil)));
        assertThat(inbox(school.otherPupil)).hasSize(1);
        assertThat(rules.recipientGroups(school.pupil.accountId())).noneMatch(g -> g.kind() == Kind.STAFF);
        refused(
                () -> messaging.sendNew(school.pupil, message("Absence", to(school.head))),
                "messaging.recipient.forbidden");
        refused(
                () -> messaging.sendNew(school.pupil, message("Absence", staff(school))),
                "messaging.recipient.forbidden");
    }

    @Test
    void aTeacherWritesToTheParentsOfAClassAndEveryMemberReceivesItOnce() {
        // A second child of the same parent in the class, and the first pupil also in the group.
        CurrentUser sibling = DirectoryFixtures.account(jdbc, Profile.PUPIL, "Paul", "Martin");
        DirectoryFixtures.member(jdbc, school.schoolId, sibling, "PUPIL", null);
        DirectoryFixtures.enrolInClass(jdbc, school.schoolId, school.classId, sibling.accountId());
        DirectoryFixtures.parentOf(jdbc, school.parent.accountId(), sibling.accountId());

        String parents = group(school, Kind.PARENTS, school.classId);
        var sent = messaging.sendNew(school.mathsTeacher, message("Réunion parents-professeurs", parents));

        assertThat(sent.targets())
                .singleElement()
                .satisfies(t -> assertThat(t.name()).isEqualTo("3e B"));
        assertThat(inbox(school.parent)).hasSize(1);
        assertThat(messaging.unread(school.parent)).isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from message where id = ?")
                        .param(sent.id())
                        .query(Integer.class)
                        .single())
                .as("stored once")
                .isEqualTo(1);
        assertThat(jdbc.sql("select count(*) from mailbox where message_id = ? and party = 'RECIPIENT'")
                        .param(sent.id())
                        .query(Integer.class)
                        .single())
                .as("the parent of two pupils of the class receives it once")
                .isEqualTo(1);
    }

    @Test
    void sendingPublishesMessageDeliveredWithEveryRecipientOnce(Scenario scenario) {
        var pupils = group(school, Kind.PUPILS, school.classId);
        var inGroup = group(school, Kind.PUPILS, school.groupId);
        scenario.stimulate(() -> messaging.sendNew(school.head, message("Sortie scolaire", pupils, inGroup)))
                .andWaitForEventOfType(MessageDelivered.class)
                .matching(e -> e.schoolId().equals(school.schoolId))
                .toArriveAndVerify(e -> {
                    assertThat(e.recipientAccountIds())
                            .containsExactlyInAnyOrder(school.pupil.accountId(), school.otherPupil.accountId());
                    assertThat(e.subject()).isEqualTo("Sortie scolaire");
                    assertThat(e.senderId()).isEqualTo(school.head.accountId());
                });
    }

    @Test
    void replyingToSomeoneWhoWroteToYouIsAlwaysAllowed() {
        // This school forbids parents to write to teachers at all.
        jdbc.sql("""
                        insert into communication_rule (school_id, from_role, to_role, reach, updated_by, updated_at)
                        values (?, 'PARENT', 'TEACHER', 'NOBODY', ?, now())""").params(school.schoolId, school.head.accountId()).update();
        assertThat(rules.mayWrite(school.parent.accountId(), school.historyTeacher.accountId()))
                .isFalse();
        refused(
                () -> messaging.sendNew(school.parent, message("Bonjour", to(school.historyTeacher))),
                "messaging.recipient.forbidden");

        var first = messaging.sendNew(school.historyTeacher, message("Voyage en Espagne", to(school.parent)));
        var reply = messaging.startFrom(school.parent, first.id(), MessagingService.Mode.REPLY, "Re : ", "");
        assertThat(reply.targets()).containsExactly(to(school.historyTeacher));
        UUID draft = messaging.saveDraft(
                school.parent,
                Optional.empty(),
                new DraftInput(reply.subject(), "Merci, c’est noté.", reply.targets(), reply.parentId()));
        messaging.send(school.parent, draft);

        var thread = messaging.openThread(school.historyTeacher, draft);
        assertThat(thread)
                .extracting(Mail.Message::subject)
                .containsExactly("Voyage en Espagne", "Re : Voyage en Espagne");
    }

    @Test
    void replyToAllLeavesOutThoseTheReplierMayNotWriteTo() {
        // Two parents receive the same message; one answers all: the other parent is left out, the teacher kept.
        CurrentUser otherParent = DirectoryFixtures.account(jdbc, Profile.PARENT, "Rémi", "Bernard");
        DirectoryFixtures.parentOf(jdbc, otherParent.accountId(), school.otherPupil.accountId());
        var m = messaging.sendNew(school.mathsTeacher, message("Sortie au musée", to(school.parent), to(otherParent)));
        var all = messaging.startFrom(school.parent, m.id(), MessagingService.Mode.REPLY_ALL, "Re : ", "");
        assertThat(all.targets()).containsExactly(to(school.mathsTeacher));
        var forward = messaging.startFrom(school.parent, m.id(), MessagingService.Mode.FORWARD, "Tr : ", "De Ada");
        assertThat(forward.targets()).isEmpty();
        assertThat(forward.subject()).isEqualTo("Tr : Sortie au musée");
        assertThat(forward.body()).contains("> Bonjour,");
    }

    @Test
    void nobodyReadsAMessageTheyAreNotAPartyTo() {
        var m = messaging.sendNew(school.mathsTeacher, message("Confidentiel", to(school.parent)));
        var other = school(jdbc);
        for (CurrentUser stranger : List.of(school.pupil, school.otherPupil, school.head, other.mathsTeacher)) {
            notFound(() -> messaging.message(stranger, m.id()));
            notFound(() -> messaging.openThread(stranger, m.id()));
            notFound(() -> messaging.markRead(stranger, m.id(), true));
            notFound(() -> messaging.trash(stranger, m.id(), true));
            notFound(() -> messaging.draft(stranger, m.id()));
            notFound(() -> messaging.startFrom(stranger, m.id(), MessagingService.Mode.FORWARD, "Tr : ", ""));
        }
        // A sent message is nobody's draft, not even its sender's.
        notFound(() -> messaging.saveDraft(school.mathsTeacher, Optional.of(m.id()), message("Modifié")));
        assertThat(messaging.message(school.parent, m.id()).subject()).isEqualTo("Confidentiel");
        assertThat(jdbc.sql("select subject from message where id = ?")
                        .param(m.id())
                        .query(String.class)
                        .single())
                .isEqualTo("Confidentiel");
    }

    @Test
    void readStateFoldersTrashAndSearch() {
        var m1 = messaging.sendNew(school.mathsTeacher, message("Fractions : correction", to(school.pupil)));
        var m2 = messaging.sendNew(school.mathsTeacher, message("Sortie au planétarium", to(school.pupil)));
        assertThat(messaging.unread(school.pupil)).isEqualTo(2);

        messaging.openThread(school.pupil, m1.id());
        assertThat(messaging.unread(school.pupil)).isEqualTo(1);
        messaging.markRead(school.pupil, m1.id(), false);
        assertThat(messaging.unread(school.pupil)).isEqualTo(2);

        var folder = messaging.createFolder(school.pupil, "Maths");
        refused(() -> messaging.createFolder(school.pupil, "maths"), "messaging.folder.name.taken");
        messaging.move(school.pupil, m1.id(), Optional.of(folder.id()));
        assertThat(inbox(school.pupil)).extracting(Mail.Item::id).containsExactly(m2.id());
        var inFolder = messaging.list(
                school.pupil,
                messaging.folder(school.pupil, Optional.of(folder.id().toString())),
                Optional.empty(),
                Optional.empty());
        assertThat(inFolder.items()).extracting(Mail.Item::id).containsExactly(m1.id());
        // Someone else's folder id is not a folder of mine.
        notFound(() ->
                messaging.folder(school.otherPupil, Optional.of(folder.id().toString())));

        messaging.trash(school.pupil, m2.id(), true);
        assertThat(inbox(school.pupil)).isEmpty();
        var trash = messaging.list(
                school.pupil,
                messaging.folder(school.pupil, Optional.of("corbeille")),
                Optional.empty(),
                Optional.empty());
        assertThat(trash.items()).extracting(Mail.Item::id).containsExactly(m2.id());
        assertThat(messaging.unread(school.pupil))
                .as("the trash does not count")
                .isEqualTo(1);
        messaging.trash(school.pupil, m2.id(), false);
        assertThat(inbox(school.pupil)).extracting(Mail.Item::id).containsExactly(m2.id());

        // Search: one's own messages only, by the start of a word, case ignored.
        var found = messaging.list(
                school.pupil, messaging.folder(school.pupil, Optional.empty()), Optional.of("PLANÉ"), Optional.empty());
        assertThat(found.items()).extracting(Mail.Item::id).containsExactly(m2.id());
        var notMine = messaging.list(
                school.otherPupil,
                messaging.folder(school.otherPupil, Optional.empty()),
                Optional.of("planétarium"),
                Optional.empty());
        assertThat(notMine.items()).isEmpty();
        // The teacher finds it in their sent messages, too.
        var sent = messaging.list(
                school.mathsTeacher,
                messaging.folder(school.mathsTeacher, Optional.of("envoyes")),
                Optional.empty(),
                Optional.empty());
        assertThat(sent.items()).extracting(Mail.Item::id).containsExactly(m2.id(), m1.id());
        assertThat(Box.values()).isNotEmpty();
    }

    @Test
    void draftsAreSavedAndSentOnce() {
        UUID id = messaging.saveDraft(
                school.pupil, Optional.empty(), new DraftInput("", "Début", List.of(), Optional.empty()));
        var drafts = messaging.list(
                school.pupil,
                messaging.folder(school.pupil, Optional.of("brouillons")),
                Optional.empty(),
                Optional.empty());
        assertThat(drafts.items()).extracting(Mail.Item::id).containsExactly(id);
        assertThatThrownBy(() -> messaging.send(school.pupil, id))
                .isInstanceOf(Problem.class)
                .satisfies(e -> assertThat(((Problem) e).fields().keySet()).containsExactly("destinataires", "sujet"));
        messaging.saveDraft(school.pupil, Optional.of(id), message("Devoir", to(school.mathsTeacher)));
        messaging.send(school.pupil, id);
        refused(() -> messaging.send(school.pupil, id), "problem.notFound");
        assertThat(inbox(school.mathsTeacher)).extracting(Mail.Item::id).containsExactly(id);
    }

    @Test
    void unreadCountsStayExactUnderConcurrentSendsAndReads() throws Exception {
        var first = List.of(
                messaging.sendNew(school.mathsTeacher, message("Lu 1", to(school.pupil))),
                messaging.sendNew(school.mathsTeacher, message("Lu 2", to(school.pupil))),
                messaging.sendNew(school.mathsTeacher, message("Lu 3", to(school.pupil))));
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
            var tasks = new java.util.ArrayList<java.util.concurrent.Callable<Object>>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                CurrentUser from = n % 2 == 0 ? school.mathsTeacher : school.head;
                tasks.add(() -> messaging.sendNew(from, message("Nouveau " + n, to(school.pupil))));
            }
            for (var m : first) {
                tasks.add(() -> {
                    messaging.openThread(school.pupil, m.id());
                    return null;
                });
            }
            for (var f : pool.invokeAll(tasks)) {
                f.get();
            }
        }
        assertThat(messaging.unread(school.pupil)).isEqualTo(8);
        assertThat(inbox(school.pupil)).hasSize(11);
    }
}
