package org.preau.news.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.preau.platform.web.Problem;
import org.springframework.web.bind.annotation.BindParam;

/**
 * The publication form as posted, under its field names. Dates come as typed ({@code datetime-local}, empty when not
 * given) and are read here, so that a date the browser could not fill is refused next to its field, with everything
 * else kept, rather than as a binding error.
 */
public record NewsForm(
        @BindParam("cible") String target,
        @BindParam("titre") String title,
        @BindParam("texte") String body,
        @BindParam("publication") String publishAt,
        @BindParam("expiration") String expiresAt,
        @BindParam("epingle") String pinned) {

    static NewsForm empty() {
        return new NewsForm("", "", "", "", "", null);
    }

    public boolean isPinned() {
        return "true".equals(pinned) || "on".equals(pinned);
    }

    /** The draft for the service; a date that is not one is refused for its field. */
    NewsDraft draft() {
        Map<String, String> errors = new LinkedHashMap<>();
        var publish = date(publishAt, "publication", errors);
        var expires = date(expiresAt, "expiration", errors);
        if (!errors.isEmpty()) {
            throw Problem.invalidKeys(errors);
        }
        return new NewsDraft(target, title, body, publish, expires, isPinned());
    }

    private static Optional<LocalDateTime> date(String value, String field, Map<String, String> errors) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(value.strip()));
        } catch (DateTimeParseException e) {
            errors.put(field, "news.date.invalid");
            return Optional.empty();
        }
    }
}
