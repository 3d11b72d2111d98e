package org.preau.admin.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.admin.internal.AdminViews.AudiencePage;
import org.preau.admin.internal.AdminViews.AuditPage;
import org.preau.admin.internal.AdminViews.AuditRow;
import org.preau.admin.internal.AdminViews.CodeCard;
import org.preau.admin.internal.AdminViews.CodePlan;
import org.preau.admin.internal.AdminViews.CodeSheet;
import org.preau.admin.internal.AdminViews.Home;
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
import org.preau.directory.Rights;
import org.preau.directory.Role;
import org.preau.directory.School;
import org.preau.directory.SchoolClass;
import org.preau.directory.TeachingGroup;
import org.preau.identity.AccountStatus;
import org.preau.identity.AccountView;
import org.preau.identity.Accounts;
import org.preau.identity.ActivationCodes;
import org.preau.identity.CurrentUser;
import org.preau.identity.IssuedCode;
import org.preau.platform.web.Problem;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * What the console shows and does. Every method first checks, with {@link AdminAccess} (the directory's
 * {@link Rights}), that the signed-in user may act on the school, then that the class, group or person asked for
 * belongs to that school: ids from another school answer "not found", so a crafted URL never reaches another school's
 * data. The writes it asks for (codes, resets, rules) are audited by the modules that make them.
 */
@Service
class AdminService {

    static final int PAGE_SIZE = 25;

    private final AdminAccess access;
    private final Rights rights;
    private final Directory directory;
    private final CommunicationSettings rules;
    private final ObjectProvider<ActivationCodes> codes;
    private final ObjectProvider<Accounts> accounts;
    private final AuditLog log;

    AdminService(
            AdminAccess access,
            Rights rights,
            Directory directory,
            CommunicationSettings rules,
            ObjectProvider<ActivationCodes> codes,
            ObjectProvider<Accounts> accounts,
            AuditLog log) {
        this.access = access;
        this.rights = rights;
        this.directory = directory;
        this.rules = rules;
        this.codes = codes;
        this.accounts = accounts;
        this.log = log;
    }

    List<School> schools(CurrentUser user) {
        return access.schools(user);
    }

    Home home(CurrentUser user) {
        return new Home(access.schools(user), mayReadLog(user));
    }

    void requireConsole(CurrentUser user) {
        access.requireConsole(user);
    }

    SchoolPage school(CurrentUser user, UUID schoolId) {
        School school = access.requireSchool(user, schoolId);
        boolean governs = access.governs(user, schoolId);
        return new SchoolPage(school, directory.classes(schoolId), directory.groups(schoolId), governs, governs);
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

    /** What a batch would do: how many pupils and parents of the class get a code, how many are in use already. */
    CodePlan planCodes(CurrentUser user, UUID schoolId, UUID classId) {
        School school = access.requireSchool(user, schoolId);
        Audience audience = classAudience(schoolId, classId);
        var order = sheetOrder(schoolId, classId);
        var pending = pendingAmong(order.keySet());
        int pupils = 0;
        int parents = 0;
        for (var e : order.entrySet()) {
            if (pending.contains(e.getKey())) {
                if (e.getValue().role() == Role.PUPIL) {
                    pupils++;
                } else {
                    parents++;
                }
            }
        }
        return new CodePlan(school, audience, pupils, parents, order.size() - pending.size());
    }

    /**
     * Issues a fresh code to every pupil of the class and to each of their parents whose account is not activated
     * yet (earlier codes stop working); accounts in use get none, whoever picks up the sheet. Identity decides which
     * accounts qualify, in the same transaction that writes the codes, and audits the batch.
     */
    CodeSheet issueCodes(CurrentUser user, UUID schoolId, UUID classId, String activationUrl) {
        School school = access.requireSchool(user, schoolId);
        Audience audience = classAudience(schoolId, classId);
        var order = sheetOrder(schoolId, classId);
        if (order.isEmpty()) {
            return new CodeSheet(school, audience, List.of(), 0, activationUrl);
        }
        Map<UUID, IssuedCode> issued = new LinkedHashMap<>();
        activationCodes()
                .issue(
                        List.copyOf(order.keySet()),
                        user.accountId(),
                        Optional.of(schoolId),
                        Map.of("class", audience.name()))
                .forEach(c -> issued.put(c.accountId(), c));
        var cards = new ArrayList<CodeCard>();
        order.forEach((accountId, plan) -> {
            IssuedCode code = issued.get(accountId);
            if (code != null) {
                cards.add(new CodeCard(code, plan.role(), plan.child()));
            }
        });
        return new CodeSheet(school, audience, List.copyOf(cards), order.size() - cards.size(), activationUrl);
    }

    /** The sheet's order: each pupil, then their parents (a parent of two pupils of the class appears once). */
    private LinkedHashMap<UUID, CodeCardPlan> sheetOrder(UUID schoolId, UUID classId) {
        var pupils = directory.pupilsOf(schoolId, classId);
        var parents = directory.parentsOfPupilsOf(schoolId, classId);
        var order = new LinkedHashMap<UUID, CodeCardPlan>();
        for (Person pupil : pupils) {
            order.putIfAbsent(pupil.accountId(), new CodeCardPlan(Role.PUPIL, Optional.empty()));
            for (Person parent : parents.getOrDefault(pupil.accountId(), List.of())) {
                order.putIfAbsent(parent.accountId(), new CodeCardPlan(Role.PARENT, Optional.of(pupil.displayName())));
            }
        }
        return order;
    }

    private java.util.Set<UUID> pendingAmong(java.util.Collection<UUID> ids) {
        return identityAccounts().findAll(ids).stream()
                .filter(a -> a.status() == AccountStatus.PENDING)
                .map(AccountView::id)
                .collect(java.util.stream.Collectors.toSet());
    }

    private record CodeCardPlan(Role role, Optional<String> child) {}

    /**
     * The person whose password the user wants to reset: 404 unless they belong to the school, 403 unless the
     * directory's rights let the user reset them ({@link Rights#mayResetPassword}).
     */
    ResetTarget resetTarget(CurrentUser user, UUID schoolId, UUID accountId) {
        School school = access.requireSchool(user, schoolId);
        Person person = directory.personOf(schoolId, accountId).orElseThrow(Problem::notFound);
        access.requireMayReset(user, schoolId, accountId);
        return new ResetTarget(school, person);
    }

    /**
     * Clears the person's password, ends their sessions, and returns their new one-time code. Identity records the
     * reset (its owner sees who did it on their profile) and audits it for the school.
     */
    IssuedCode resetPassword(CurrentUser user, UUID schoolId, UUID accountId) {
        resetTarget(user, schoolId, accountId);
        return activationCodes().resetPassword(accountId, user.accountId(), Optional.of(schoolId));
    }

    RulesPage rules(CurrentUser user, UUID schoolId) {
        School school = access.requireSchool(user, schoolId);
        return new RulesPage(school, rules.policyOf(schoolId), access.governs(user, schoolId));
    }

    /** The rules page for someone who may change them: the school's direction or an operator; 403 otherwise. */
    RulesPage editableRules(CurrentUser user, UUID schoolId) {
        access.requireGoverns(user, schoolId);
        return rules(user, schoolId);
    }

    void updateRules(CurrentUser user, UUID schoolId, Map<CommunicationPolicy.Pair, Reach> reach) {
        access.requireGoverns(user, schoolId);
        rules.update(schoolId, reach, user.accountId());
    }

    /** Whether the user reads an audit log: the direction of a school (its own), the operator (all). */
    boolean mayReadLog(CurrentUser user) {
        return rights.isOperator(user) || !rights.governedSchools(user).isEmpty();
    }

    /**
     * One page of the audit log, newest first: the operator reads everything (or one school's), a direction its
     * schools' only; anyone else is refused. Names, not ids: actors and targets are read from identity in one query
     * per page, schools from the directory's cache.
     */
    AuditPage auditPage(CurrentUser user, Optional<UUID> schoolId, Optional<UUID> before) {
        access.requireConsole(user);
        var readable = rights.governedSchools(user);
        boolean everything = rights.isOperator(user);
        if (!everything && readable.isEmpty()) {
            throw Problem.forbidden();
        }
        Optional<School> filter = Optional.empty();
        if (schoolId.isPresent()) {
            filter = Optional.of(readable.stream()
                    .filter(s -> s.id().equals(schoolId.get()))
                    .findFirst()
                    .orElseThrow(Problem::notFound));
        }
        Optional<java.util.Collection<UUID>> scope = filter.isPresent()
                ? Optional.of(List.of(filter.get().id()))
                : everything
                        ? Optional.empty()
                        : Optional.of(readable.stream().map(School::id).toList());
        var found = log.page(scope, before, PAGE_SIZE + 1);
        var page = found.size() > PAGE_SIZE ? found.subList(0, PAGE_SIZE) : found;
        Optional<UUID> next =
                found.size() > PAGE_SIZE ? Optional.of(page.getLast().id()) : Optional.empty();
        var ids = new java.util.HashSet<UUID>();
        page.forEach(e -> {
            ids.add(e.actorId());
            e.targetId().ifPresent(ids::add);
        });
        var names = new java.util.HashMap<UUID, String>();
        identityAccounts().findAll(ids).forEach(a -> names.put(a.id(), a.displayName()));
        var rows = page.stream()
                .map(e -> new AuditRow(
                        e.at(),
                        e.action(),
                        names.getOrDefault(e.actorId(), "?"),
                        e.targetId().map(id -> names.getOrDefault(id, "?")),
                        e.schoolId().flatMap(directory::school).map(School::name),
                        e.detail()))
                .toList();
        return new AuditPage(readable, filter, everything, rows, next);
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

    private Accounts identityAccounts() {
        Accounts service = accounts.getIfAvailable();
        if (service == null) {
            throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, "problem.unavailable");
        }
        return service;
    }

    private ActivationCodes activationCodes() {
        ActivationCodes service = codes.getIfAvailable();
        if (service == null) {
            throw new Problem(HttpStatus.SERVICE_UNAVAILABLE, "problem.unavailable");
        }
        return service;
    }
}
