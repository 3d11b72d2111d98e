package org.preau.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.admin.internal.AdminViews.AudiencePage;
import org.preau.admin.internal.AdminViews.CodeCard;
import org.preau.admin.internal.AdminViews.CodePlan;
import org.preau.admin.internal.AdminViews.CodeSheet;
import org.preau.admin.internal.AdminViews.PupilRow;
import org.preau.admin.internal.AdminViews.ResetTarget;
import org.preau.admin.internal.AdminViews.RulesPage;
import org.preau.admin.internal.AdminViews.SchoolPage;
import org.preau.admin.internal.AdminViews.SearchPage;
import org.preau.directory.Audience;
import org.preau.directory.CommunicationPolicy;
import org.preau.directory.CommunicationSettings;
import org.preau.directory.Directory;
import org.preau.directory.Person;
import org.preau.directory.Reach;
import org.preau.directory.Role;
import org.preau.directory.School;
import org.preau.directory.SchoolClass;
import org.preau.directory.TeachingGroup;
import org.preau.identity.ActivationCodes;
import org.preau.identity.CurrentUser;
import org.preau.identity.IssuedCode;
import org.preau.platform.web.Problem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What the console shows and does. Every method first checks, with {@link AdminAccess}, that the signed-in user may
 * act on the school, then that the class, group or person asked for belongs to that school: ids from another school
 * answer "not found", so a crafted URL never reaches another school's data.
 */
@Service
class AdminService {

    static final int PAGE_SIZE = 25;

    private final AdminAccess access;
    private final Directory directory;
    private final CommunicationSettings rules;
    private final ObjectProvider<ActivationCodes> codes;

    AdminService(
            AdminAccess access,
            Directory directory,
            CommunicationSettings rules,
            ObjectProvider<ActivationCodes> codes) {
        this.access = access;
        this.directory = directory;
        this.rules = rules;
        this.codes = codes;
    }

    List<School> schools(CurrentUser user) {
        return access.schools(user);
    }

    void requireConsole(CurrentUser user) {
        access.requireConsole(user);
    }

    SchoolPage school(CurrentUser user, UUID schoolId) {
        School school = access.requireSchool(user, schoolId);
        return new SchoolPage(
                school, directory.classes(schoolId), directory.groups(schoolId), access.isSchoolAdmin(user, schoolId));
    }

    AudiencePage schoolClass(CurrentUser user, UUID schoolId, UUID classId) {
        School school = access.requireSchool(user, schoolId);
        Audience audience = classAudience(schoolId, classId);
        return audiencePage(school, audience);
    }

    AudiencePage group(CurrentUser user, UUID schoolId, UUID groupId) {
        School school = access.requireSchool(user, schoolId);
        TeachingGroup group = directory.groups(schoolId).stream()
                .filter(g -> g.id().equals(groupId))
                .findFirst()
                .orElseThrow(Problem::notFound);
        return audiencePage(school, new Audience(schoolId, Audience.Kind.GROUP, group.id(), group.name()));
    }

    SearchPage search(CurrentUser user, UUID schoolId, String query, Optional<UUID> after) {
        School school = access.requireSchool(user, schoolId);
        String q = query == null ? "" : query.strip();
        // One more than a page tells whether there is a next page without counting.
        var found = directory.searchPeople(schoolId, q, after, PAGE_SIZE + 1);
        var page = found.size() > PAGE_SIZE ? found.subList(0, PAGE_SIZE) : found;
        Optional<UUID> next =
                found.size() > PAGE_SIZE ? Optional.of(page.getLast().accountId()) : Optional.empty();
        return new SearchPage(school, q, List.copyOf(page), next);
    }

    CodePlan planCodes(CurrentUser user, UUID schoolId, UUID classId) {
        School school = access.requireSchool(user, schoolId);
        Audience audience = classAudience(schoolId, classId);
        var pupils = directory.pupilsOf(schoolId, classId);
        long parents = directory.parentsOfPupilsOf(schoolId, classId).values().stream()
                .flatMap(List::stream)
                .map(Person::accountId)
                .distinct()
                .count();
        return new CodePlan(school, audience, pupils.size(), (int) parents);
    }

    /** Issues a fresh code to every pupil of the class and to each of their parents (earlier codes stop working). */
    CodeSheet issueCodes(CurrentUser user, UUID schoolId, UUID classId) {
        School school = access.requireSchool(user, schoolId);
        Audience audience = classAudience(schoolId, classId);
        var pupils = directory.pupilsOf(schoolId, classId);
        var parents = directory.parentsOfPupilsOf(schoolId, classId);
        // Order of the sheet: each pupil, then their parents (a parent of two pupils of the class appears once).
        var order = new LinkedHashMap<UUID, CodeCardPlan>();
        for (Person pupil : pupils) {
            order.putIfAbsent(pupil.accountId(), new CodeCardPlan(Role.PUPIL, Optional.empty()));
            for (Person parent : parents.getOrDefault(pupil.accountId(), List.of())) {
                order.putIfAbsent(parent.accountId(), new CodeCardPlan(Role.PARENT, Optional.of(pupil.displayName())));
            }
        }
        if (order.isEmpty()) {
            return new CodeSheet(school, audience, List.of());
        }
        Map<UUID, IssuedCode> issued = new LinkedHashMap<>();
        activationCodes()
                .issue(List.copyOf(order.keySet()), user.accountId())
                .forEach(c -> issued.put(c.accountId(), c));
        var cards = new ArrayList<CodeCard>();
        order.forEach((accountId, plan) -> {
            IssuedCode code = issued.get(accountId);
            if (code != null) {
                cards.add(new CodeCard(code, plan.role(), plan.child()));
            }
        });
        return new CodeSheet(school, audience, List.copyOf(cards));
    }

    private record CodeCardPlan(Role role, Optional<String> child) {}

    ResetTarget resetTarget(CurrentUser user, UUID schoolId, UUID accountId) {
        School school = access.requireSchool(user, schoolId);
        Person person = directory.personOf(schoolId, accountId).orElseThrow(Problem::notFound);
        if (accountId.equals(user.accountId())) {
            // One's own password is changed on the profile page, with the current password.
            throw Problem.forbidden();
        }
        if ((person.role() == Role.STAFF || person.role() == Role.ADMIN) && !access.isSchoolAdmin(user, schoolId)) {
            throw Problem.forbidden();
        }
        return new ResetTarget(school, person);
    }

    /** Clears the person's password, ends their sessions, and returns their new one-time code. */
    IssuedCode resetPassword(CurrentUser user, UUID schoolId, UUID accountId) {
        resetTarget(user, schoolId, accountId);
        return activationCodes().resetPassword(accountId, user.accountId());
    }

    RulesPage rules(CurrentUser user, UUID schoolId) {
        School school = access.requireSchool(user, schoolId);
        return new RulesPage(school, rules.policyOf(schoolId), access.isSchoolAdmin(user, schoolId));
    }

    /** The rules page for someone who may change them: the school's direction or an operator; 403 otherwise. */
    RulesPage editableRules(CurrentUser user, UUID schoolId) {
        access.requireSchoolAdmin(user, schoolId);
        return rules(user, schoolId);
    }

    void updateRules(CurrentUser user, UUID schoolId, Map<CommunicationPolicy.Pair, Reach> reach) {
        access.requireSchoolAdmin(user, schoolId);
        rules.update(schoolId, reach, user.accountId());
    }

    private Audience classAudience(UUID schoolId, UUID classId) {
        SchoolClass c = directory.schoolClass(schoolId, classId).orElseThrow(Problem::notFound);
        return new Audience(schoolId, Audience.Kind.CLASS, c.id(), c.name());
    }

    private AudiencePage audiencePage(School school, Audience audience) {
        var parents = directory.parentsOfPupilsOf(school.id(), audience.id());
        var rows = directory.pupilsOf(school.id(), audience.id()).stream()
                .map(p -> new PupilRow(p, parents.getOrDefault(p.accountId(), List.of())))
                .toList();
        return new AudiencePage(school, audience, rows, directory.teachersOf(school.id(), audience.id()));
    }

    private ActivationCodes activationCodes() {
        ActivationCodes service = codes.getIfAvailable();
        if (service == null) {
            throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, "problem.unavailable");
        }
        return service;
    }
}
