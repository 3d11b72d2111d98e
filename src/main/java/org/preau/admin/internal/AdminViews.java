package org.preau.admin.internal;

import java.util.List;
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

    public record SchoolPage(
            School school, List<SchoolClass> classes, List<TeachingGroup> groups, boolean mayEditRules) {}

    public record PupilRow(Person pupil, List<Person> parents) {}

    public record AudiencePage(School school, Audience audience, List<PupilRow> pupils, List<Person> teachers) {}

    public record SearchPage(School school, String query, List<Person> people, Optional<UUID> next) {}

    /** A code to hand out; for a parent, {@code child} names the pupil of the class they are a parent of. */
    public record CodeCard(IssuedCode code, Role role, Optional<String> child) {}

    public record CodeSheet(School school, Audience audience, List<CodeCard> cards) {}

    public record CodePlan(School school, Audience audience, int pupils, int parents) {}

    public record ResetTarget(School school, Person person) {}

    public record RulesPage(School school, CommunicationPolicy policy, boolean editable) {}
}
