package org.preau.admin.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.preau.directory.CommunicationPolicy.Pair;
import org.preau.directory.Reach;
import org.preau.directory.Role;

/**
 * The communication rules table as posted, bound by Spring's data binding: one select per cell, named
 * {@code SENDER.RECIPIENT} (for example {@code PUPIL.TEACHER}); a value that is not a {@link Reach} is a binding
 * error on its cell. A cell left out keeps its current rule.
 *
 * <p>The components are named after {@link Role}'s constants so that the posted names are the roles' names; the
 * exhaustive switches mean a new rule role does not compile until it is added here.
 */
record RulesForm(Row PUPIL, Row PARENT, Row TEACHER, Row STAFF) {

    /** The reach of one sender role towards each recipient role. */
    record Row(Reach PUPIL, Reach PARENT, Reach TEACHER, Reach STAFF) {

        Optional<Reach> to(Role recipient) {
            return Optional.ofNullable(
                    switch (recipient) {
                        case PUPIL -> PUPIL;
                        case PARENT -> PARENT;
                        case TEACHER -> TEACHER;
                        case STAFF -> STAFF;
                        case ADMIN -> null;
                    });
        }
    }

    /** The posted name of one cell, which is also the field its binding errors are reported on. */
    static String field(Role from, Role to) {
        return from.name() + "." + to.name();
    }

    /** The cells posted, by sender and recipient. */
    Map<Pair, Reach> reach() {
        var out = new LinkedHashMap<Pair, Reach>();
        for (Role from : AdminController.RULE_ROLES) {
            row(from).ifPresent(row -> {
                for (Role to : AdminController.RULE_ROLES) {
                    row.to(to).ifPresent(reach -> out.put(new Pair(from, to), reach));
                }
            });
        }
        return out;
    }

    private Optional<Row> row(Role sender) {
        return Optional.ofNullable(
                switch (sender) {
                    case PUPIL -> PUPIL;
                    case PARENT -> PARENT;
                    case TEACHER -> TEACHER;
                    case STAFF -> STAFF;
                    case ADMIN -> null;
                });
    }
}
