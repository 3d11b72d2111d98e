package org.preau.admin.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.CommunicationPolicy;
import org.preau.directory.Person;
import org.preau.directory.Role;
import org.preau.directory.School;
import org.preau.directory.SchoolClass;
import org.preau.directory.TeachingGroup;
import org.preau.identity.IssuedCode;

/** What the console's templates render (public because the precompiled templates live in their own package). */
public final class AdminViews {

    private AdminViews() {}

    /**
     * The console's home.
     *
     * @param mayReadLog whether the user reads an audit log (the direction of a school, the operator)
     */
    public record Home(List<School> schools, boolean mayReadLog) {}

    /**
     * A school's console page (its cahier de textes is linked: whoever administers a school reads all of it).
     *
     * @param mayEditRules whether the user governs the school: its communication rules
     * @param mayReadLog whether the user reads the school's audit log (governs it too)
     */
    public record SchoolPage(
            School school,
            List<SchoolClass> classes,
            List<TeachingGroup> groups,
            boolean mayEditRules,
            boolean mayReadLog) {}

    public record PupilRow(Person pupil, List<Person> parents) {}

    public record AudiencePage(School school, Audience audience, List<PupilRow> pupils, List<Person> teachers) {}

    public record SearchPage(School school, String query, List<Person> people, Optional<UUID> next) {}

    /** A code to hand out; for a parent, {@code child} names the pupil of the class they are a parent of. */
    public record CodeCard(IssuedCode code, Role role, Optional<String> child) {}

    /**
     * The printed sheet.
     *
     * @param inUse how many of the class's pupils and parents got no code because their account is in use (they get
     *     one only through a reset of their own password)
     * @param activationUrl where a code is used: the service's address and identity's activation path
     */
    public record CodeSheet(School school, Audience audience, List<CodeCard> cards, int inUse, String activationUrl) {}

    /** What a batch will do: codes for the pupils and parents not activated yet, none for accounts in use. */
    public record CodePlan(School school, Audience audience, int pupils, int parents, int inUse) {}

    public record ResetTarget(School school, Person person) {}

    public record RulesPage(School school, CommunicationPolicy policy, boolean editable) {}

    /**
     * One page of the audit log.
     *
     * @param schools the schools whose log the user reads (every school for the operator), for the filter
     * @param school the school the page is filtered on, if any
     * @param everything whether the user reads entries of no school too (the operator)
     * @param next the key of the next (older) page
     */
    public record AuditPage(
            List<School> schools,
            Optional<School> school,
            boolean everything,
            List<AuditRow> rows,
            Optional<UUID> next) {}

    /**
     * One entry of the log, with names instead of ids.
     *
     * @param action the stable action code; its label is the message {@code audit.<action>}
     * @param target the name of the account acted on, or empty
     */
    public record AuditRow(
            Instant at,
            String action,
            String actor,
            Optional<String> target,
            Optional<String> school,
            Map<String, String> detail) {}
}
