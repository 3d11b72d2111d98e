package org.preau.homework.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;

/**
 * Input that cannot be accepted, field by field (field name → message key), so a form can show an error summary
 * linking to each field and the API can list them. Thrown before anything is written, or inside the transaction so
 * that nothing is kept.
 */
final class Invalid extends Problem {

    private final Map<String, String> fields;

    Invalid(Map<String, String> fields) {
        super(HttpStatus.BAD_REQUEST, fields.values().iterator().next());
        this.fields = Map.copyOf(new LinkedHashMap<>(fields));
        getBody().setProperty("fields", this.fields);
    }

    static Invalid of(String field, String key) {
        return new Invalid(Map.of(field, key));
    }

    Map<String, String> fields() {
        return fields;
    }
}
