package org.preau.directory.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.preau.directory.CommunicationPolicy.Pair;
import org.preau.directory.Reach;
import org.preau.directory.Role;

/**
 * DOMAIN.md's default communication rules: staff and teachers write to everyone in their school; a pupil to the
 * teachers of their classes and groups and to staff, not to other pupils; a parent to their children's teachers and
 * to staff (the direction is staff), not to other parents or pupils. A school changes them through
 * {@code communication_rule} rows.
 */
final class CommunicationDefaults {

    static final Map<Pair, Reach> REACH;

    static {
        var senders = new EnumMap<Role, Map<Role, Reach>>(Role.class);
        for (Role from : Role.values()) {
            var row = new EnumMap<Role, Reach>(Role.class);
            for (Role to : Role.values()) {
                row.put(to, Reach.WHOLE_SCHOOL);
            }
            senders.put(from, row);
        }
        for (Role from : new Role[] {Role.PUPIL, Role.PARENT}) {
            var row = senders.get(from);
            row.put(Role.TEACHER, Reach.OWN_CLASSES);
            row.put(Role.STAFF, Reach.WHOLE_SCHOOL);
            row.put(Role.PUPIL, Reach.NOBODY);
            row.put(Role.PARENT, Reach.NOBODY);
            row.put(Role.ADMIN, Reach.NOBODY);
        }
        var all = new LinkedHashMap<Pair, Reach>();
        senders.forEach((from, row) -> row.forEach((to, reach) -> all.put(new Pair(from, to), reach)));
        REACH = Map.copyOf(all);
    }

    /**
     * The defaults as an SQL {@code values} list of (from_role, to_role, reach). Built from enum constants only,
     * never from input, so inlining it is safe.
     */
    static final String SQL_VALUES = REACH.entrySet().stream()
            .map(e ->
                    "('%s', '%s', '%s')".formatted(e.getKey().from(), e.getKey().to(), e.getValue()))
            .sorted()
            .collect(Collectors.joining(", ", "(values ", ")"));

    private CommunicationDefaults() {}
}
