package org.preau.homework.internal.entries;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.preau.directory.DemoDistrictLoaded;
import org.preau.identity.Accounts;
import org.preau.identity.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the demo district something to read on its first morning: the demo teacher ({@code enseignant}) posts, through
 * the same service as the form, a lesson of today with work due on the next school days in each class and group they
 * teach, one of them with a hand-in. Runs once, right after the demo district is loaded into an empty database.
 */
@Component
public class DemoHomework {

    private static final Logger log = LoggerFactory.getLogger(DemoHomework.class);

    private final Accounts accounts;
    private final EntryService entries;
    private final Clock clock;

    DemoHomework(Accounts accounts, EntryService entries, Clock clock) {
        this.accounts = accounts;
        this.entries = entries;
        this.clock = clock;
    }

    @EventListener
    void on(DemoDistrictLoaded event) {
        var account = accounts.findByLogin("enseignant");
        if (account.isEmpty()) {
            return;
        }
        var a = account.get();
        var teacher = new CurrentUser(a.id(), a.login(), a.displayName(), a.profile());
        LocalDate today = EntryService.today(clock);
        LocalDate next = nextSchoolDay(today);
        LocalDate later = nextSchoolDay(nextSchoolDay(next));
        int posted = 0;
        for (var assignment : entries.writableFor(teacher)) {
            String subject = assignment.subject().label();
            var draft = new EntryDraft(
                    assignment.audience().id(),
                    assignment.subject().id(),
                    today,
                    "<p>" + subject + " : reprise de la leçon précédente, puis <strong>exercices guidés</strong> "
                            + "(manuel p. 42).</p>",
                    Optional.empty(),
                    List.of(
                            work("<p>Relire la leçon et apprendre les définitions encadrées.</p>", next, 20, false),
                            work(
                                    "<p>Exercices 3, 5 et 7 p. 43 : rendre une photo ou un fichier de votre"
                                            + " copie.</p>",
                                    later,
                                    45,
                                    true)));
            entries.create(teacher, draft);
            posted++;
        }
        log.info("Demo homework: {} entries posted by enseignant", posted);
    }

    private static EntryDraft.WorkDraft work(String instructions, LocalDate due, int minutes, boolean handin) {
        return new EntryDraft.WorkDraft(
                Optional.empty(),
                instructions,
                Optional.of(due),
                false,
                Optional.empty(),
                Optional.of(minutes),
                handin,
                Optional.empty(),
                List.of());
    }

    private static LocalDate nextSchoolDay(LocalDate day) {
        LocalDate d = day.plusDays(1);
        while (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            d = d.plusDays(1);
        }
        return d;
    }
}
