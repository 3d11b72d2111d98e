package org.preau.directory.internal;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.preau.directory.Directory;
import org.preau.directory.Person;
import org.preau.directory.PupilPlacement;
import org.preau.directory.Role;
import org.preau.directory.School;
import org.preau.directory.internal.MeController.AudienceRef;
import org.preau.directory.internal.MeController.Child;
import org.preau.directory.internal.MeController.Me;
import org.preau.directory.internal.MeController.MeSchool;
import org.preau.directory.internal.MeController.Ref;
import org.preau.directory.internal.MeController.SchoolRef;
import org.preau.directory.internal.MeController.Teaching;
import org.preau.identity.CurrentUser;
import org.springframework.stereotype.Service;

/**
 * Describes the signed-in user from the cached directory reads. Only the user's own facts appear: their memberships,
 * their own placement, their own children (a parent link is the only way to see a pupil of another school), their
 * own assignments.
 */
@Service
class MeService {

    private final Directory directory;
    private final DirectoryQueries queries;
    private final NameIndex names;

    MeService(Directory directory, DirectoryQueries queries, NameIndex names) {
        this.directory = directory;
        this.queries = queries;
        this.names = names;
    }

    Me describe(CurrentUser user) {
        UUID id = user.accountId();
        var schools = directory.membershipsOf(id).stream()
                .map(m -> new MeSchool(
                        m.school().id(),
                        m.school().uai(),
                        m.school().name(),
                        m.role().name(),
                        m.function()))
                .toList();
        var placement = directory.placementOf(id);
        var children = children(directory.childrenOf(id));
        var assignments = directory.assignmentsOf(id);
        Map<UUID, School> schoolsById = assignments.stream()
                .map(a -> a.schoolId())
                .distinct()
                .flatMap(schoolId -> directory.school(schoolId).stream())
                .collect(Collectors.toMap(School::id, Function.identity()));
        var teaching = assignments.stream()
                .filter(a -> schoolsById.containsKey(a.schoolId()))
                .map(a -> new Teaching(
                        SchoolRef.of(schoolsById.get(a.schoolId())),
                        AudienceRef.of(a.audience()),
                        new Ref(a.subject().id(), a.subject().label())))
                .toList();
        return new Me(
                id,
                user.login(),
                user.profile().name(),
                user.displayName(),
                schools,
                placement.flatMap(PupilPlacement::schoolClass).map(Ref::of),
                placement.map(p -> p.groups().stream().map(Ref::of).toList()).orElse(List.of()),
                children,
                teaching);
    }

    private List<Child> children(List<PupilPlacement> placements) {
        if (placements.isEmpty()) {
            return List.of();
        }
        var ids = placements.stream().map(PupilPlacement::pupilId).toList();
        names.ensure(ids);
        Map<UUID, Person> people = queries.people(ids, Role.PUPIL);
        return placements.stream()
                .map(p -> new Child(
                        p.pupilId(),
                        people.containsKey(p.pupilId())
                                ? people.get(p.pupilId()).displayName()
                                : "",
                        SchoolRef.of(p.school()),
                        p.schoolClass().map(Ref::of),
                        p.groups().stream().map(Ref::of).toList()))
                .toList();
    }
}
