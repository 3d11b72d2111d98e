package org.preau.status.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Service;

/**
 * The operator's side of the status page: the internals (latency, error rate, probe history per component, what
 * waits to be written) and the incident editor. Only the operator's administrators (ADMIN), as for the surge
 * console, whether the database is up or not: an update posted while it is down is shown at once and written,
 * with its audit entry, when it is back.
 */
@Service
public class OperatorConsole {

    /** One component for the console: its registry entry, its state and what its probes said. */
    public record ComponentLine(BoardView.ComponentView view, boolean monitored, Optional<Health.View> health) {}

    /** Everything the console shows. */
    public record Console(
            BoardView board,
            List<ComponentLine> components,
            String node,
            int pending,
            int pendingIncidents,
            long dropped) {}

    private final StatusRuntime runtime;

    OperatorConsole(StatusRuntime runtime) {
        this.runtime = runtime;
    }

    Console console(CurrentUser actor) {
        requireOperator(actor);
        var board = runtime.board();
        var view = board.view();
        var lines = new ArrayList<ComponentLine>();
        for (var c : view.components()) {
            String id = c.component().id();
            lines.add(new ComponentLine(c, board.monitored(id), board.health(id)));
        }
        var outbox = runtime.outbox();
        return new Console(view, lines, board.node(), outbox.pending(), outbox.pendingIncidents(), outbox.dropped());
    }

    Incident declare(CurrentUser actor, IncidentForms.Declare form) {
        requireOperator(actor);
        var board = runtime.board();
        if (board.registry().find(form.component()).isEmpty()) {
            throw Problem.invalid("component", "status.form.component.unknown");
        }
        return board.declare(
                form.component(),
                form.severity(),
                actor.accountId(),
                form.textFr().strip(),
                form.textEn().strip());
    }

    Incident post(CurrentUser actor, IncidentForms.Post form) {
        requireOperator(actor);
        var board = runtime.board();
        var incident = board.incident(form.incident())
                .filter(Incident::open)
                .orElseThrow(() -> Problem.invalid("incident", "status.form.incident.closed"));
        if (form.closing() && incident.kind().automatic()) {
            throw Problem.invalid("close", "status.form.close.automatic");
        }
        return board.post(
                        incident.id(),
                        actor.accountId(),
                        form.updateFr().strip(),
                        form.updateEn().strip(),
                        form.closing())
                .orElseThrow(() -> Problem.invalid("incident", "status.form.incident.closed"));
    }

    private static void requireOperator(CurrentUser actor) {
        if (actor == null || !actor.is(Profile.ADMIN)) {
            throw Problem.forbidden();
        }
    }
}
