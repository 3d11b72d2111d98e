package org.preau.platform.web.forms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preau.platform.web.Problem;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;

/**
 * What a form page shows after a refused submission: each problem tied to its field (or to the whole form), for the
 * error summary at the top (links to the fields) and the message next to each field. Built from Spring's
 * {@link BindingResult} (data binding and Bean Validation on a form record) and from a service's {@link Problem};
 * rendered by the {@code platform/form/*} templates.
 *
 * <p>Bean Validation constraints name a bundle key as their message, without braces:
 * {@code @NotBlank(message = "identity.login.username.required")}.
 */
public final class FormErrors {

    /** The field a problem concerns ({@code ""} for the whole form) and its message. */
    public record Entry(String field, Problem.Message message) {}

    private final List<Entry> entries = new ArrayList<>();

    public static FormErrors none() {
        return new FormErrors();
    }

    public static FormErrors of(BindingResult binding) {
        var errors = new FormErrors();
        binding.getGlobalErrors().forEach(e -> errors.entries.add(new Entry("", message(e.getDefaultMessage()))));
        binding.getFieldErrors().forEach(e -> errors.entries.add(new Entry(e.getField(), message(e))));
        return errors;
    }

    /** A service's refusal: its fields, or its message for the whole form. */
    public static FormErrors of(Problem problem) {
        var errors = new FormErrors();
        if (problem.hasFields()) {
            problem.fields().forEach((field, message) -> errors.entries.add(new Entry(field, message)));
        } else {
            errors.entries.add(new Entry("", problem.message()));
        }
        return errors;
    }

    /** The message of one binding error: the constraint's key, or "not a valid value" for what could not convert. */
    public static Problem.Message message(FieldError error) {
        if (error.isBindingFailure() || "typeMismatch".equals(error.getCode())) {
            return Problem.Message.of("form.typeMismatch");
        }
        return message(error.getDefaultMessage());
    }

    private static Problem.Message message(String key) {
        return Problem.Message.of(key == null || key.isBlank() ? "form.invalid" : key);
    }

    public FormErrors add(String field, String key, Object... args) {
        entries.add(new Entry(field, Problem.Message.of(key, args)));
        return this;
    }

    /** A problem of the whole form (shown in the summary only). */
    public FormErrors addGlobal(String key, Object... args) {
        return add("", key, args);
    }

    public FormErrors addAll(FormErrors other) {
        entries.addAll(other.entries);
        return this;
    }

    public boolean any() {
        return !entries.isEmpty();
    }

    public boolean has(String field) {
        return entries.stream().anyMatch(e -> e.field().equals(field));
    }

    public List<Problem.Message> of(String field) {
        return entries.stream()
                .filter(e -> e.field().equals(field))
                .map(Entry::message)
                .toList();
    }

    public List<Entry> all() {
        return List.copyOf(entries);
    }

    /** As a refusal, for code that must throw (the first problem of each field). */
    public Problem toProblem() {
        var fields = new LinkedHashMap<String, Problem.Message>();
        entries.forEach(e -> fields.putIfAbsent(e.field().isEmpty() ? "form" : e.field(), e.message()));
        return Problem.invalid(fields);
    }

    /** Field name → first message key: for tests and the API. */
    public Map<String, String> keys() {
        var out = new LinkedHashMap<String, String>();
        entries.forEach(e -> out.putIfAbsent(e.field(), e.message().key()));
        return out;
    }

    /** The HTML id of a field's input (names like {@code works[0].instructions} are not friendly ids). */
    public static String id(String field) {
        return field.replaceAll("[^A-Za-z0-9_-]", "-");
    }

    /** Where a summary entry links: its field's input, or {@code first} for a problem of the whole form. */
    public static String anchor(Entry entry, String first) {
        return id(entry.field().isEmpty() ? (first == null ? "" : first) : entry.field());
    }
}
