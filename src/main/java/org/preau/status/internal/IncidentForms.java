package org.preau.status.internal;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The incident editor's two forms, bound by Spring and checked by Bean Validation (messages are bundle keys). */
public final class IncidentForms {

    private IncidentForms() {}

    static final int MAX_TEXT = 2000;

    /** Declare an incident on a component: its severity and a first update, in French and in English. */
    public record Declare(
            @NotBlank(message = "status.form.component.required")
            String component,

            @NotNull(message = "status.form.severity.required")
            Incident.Severity severity,

            @NotBlank(message = "status.form.text.required") @Size(max = MAX_TEXT, message = "status.form.text.long")
            String textFr,

            @NotBlank(message = "status.form.text.required") @Size(max = MAX_TEXT, message = "status.form.text.long")
            String textEn) {}

    /** Post an update on an open incident, in French and in English; {@code close} ends a declared one. */
    public record Post(
            @NotNull(message = "status.form.incident.required")
            UUID incident,

            @NotBlank(message = "status.form.text.required") @Size(max = MAX_TEXT, message = "status.form.text.long")
            String updateFr,

            @NotBlank(message = "status.form.text.required") @Size(max = MAX_TEXT, message = "status.form.text.long")
            String updateEn,

            Boolean close) {

        /** Whether the box was ticked (an unticked checkbox sends nothing). */
        public boolean closing() {
            return Boolean.TRUE.equals(close);
        }
    }
}
