package org.preau.identity.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a form page shows after a submission: the problems, each tied to the field it is about (or to none), for
 * the error summary at the top and the message next to the field. Public because templates read it.
 */
public final class FormState {

    /** A message key with its arguments; {@code field} is the input's id, empty for the whole form. */
    public record Problem(String field, String key, List<Object> args) {
        public Object[] argArray() {
            return args.toArray();
        }
    }

    private final List<Problem> problems = new ArrayList<>();

    public FormState add(String field, String key, Object... args) {
        problems.add(new Problem(field, key, List.of(args)));
        return this;
    }

    public List<Problem> problems() {
        return problems;
    }

    public boolean hasProblems() {
        return !problems.isEmpty();
    }

    public boolean invalid(String field) {
        return problems.stream().anyMatch(p -> p.field().equals(field));
    }

    public List<Problem> of(String field) {
        return problems.stream().filter(p -> p.field().equals(field)).toList();
    }

    /** The field the summary links to for a problem: its own, or the first input when it concerns the form. */
    public String anchor(Problem problem, String firstField) {
        return problem.field().isEmpty() ? firstField : problem.field();
    }

    public Optional<Problem> first() {
        return problems.stream().findFirst();
    }

    /** Whole seconds for a wait shown to people: "45 s" under two minutes, whole minutes above. */
    public static String humanWait(java.time.Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        return seconds < 120 ? seconds + " s" : ((seconds + 59) / 60) + " min";
    }
}
