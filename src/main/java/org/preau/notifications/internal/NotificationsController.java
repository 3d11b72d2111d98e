package org.preau.notifications.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.SafeRedirect;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.BindParam;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** "Nouveautés": one's feed, opening a notification (marks it read), marking all read, and one's mail preference. */
@Controller
class NotificationsController {

    private static final Map<String, String> NOTICES =
            Map.of("lu", "notifications.notice.allRead", "preferences", "notifications.notice.saved");

    private final NotificationFeed feed;
    private final Preferences preferences;

    NotificationsController(NotificationFeed feed, Preferences preferences) {
        this.feed = feed;
        this.preferences = preferences;
    }

    @GetMapping("/nouveautes")
    String feed(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "avant", required = false) Optional<String> before,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model) {
        model.addAttribute("page", feed.page(user, cursor(before)));
        model.addAttribute("notice", done.map(NOTICES::get).map(Problem.Message::of));
        model.addAttribute("older", before.isPresent());
        return "notifications/feed";
    }

    /** {@code <instant>_<id>}: the last notification of the previous page. */
    static Optional<FeedCursor> cursor(Optional<String> before) {
        if (before.isEmpty() || before.get().isBlank()) {
            return Optional.empty();
        }
        String[] parts = before.get().split("_", 2);
        try {
            return Optional.of(new FeedCursor(Instant.parse(parts[0]), UUID.fromString(parts[1])));
        } catch (DateTimeParseException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            throw Problem.badRequest("problem.badParameter", "avant");
        }
    }

    @PostMapping("/nouveautes/{id}/ouvrir")
    String open(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        var n = feed.open(user, id);
        return "redirect:" + SafeRedirect.path(n.link(), "/nouveautes");
    }

    @PostMapping("/nouveautes/tout-lu")
    String allRead(@AuthenticationPrincipal CurrentUser user) {
        feed.markAllRead(user);
        return "redirect:/nouveautes?fait=lu";
    }

    /** The preference form as posted. */
    record PreferenceForm(
            @BindParam("envoi") String mode,
            @BindParam("adresse") String email) {}

    @GetMapping("/nouveautes/preferences")
    String preferences(@AuthenticationPrincipal CurrentUser user, Model model) {
        var p = preferences.of(user);
        return prefsPage(new PreferenceForm(p.mode().name(), p.email().orElse("")), FormErrors.none(), model);
    }

    @PostMapping("/nouveautes/preferences")
    String savePreferences(@AuthenticationPrincipal CurrentUser user, PreferenceForm form, Locale locale, Model model) {
        try {
            preferences.save(user, mode(form.mode()), form.email(), locale.getLanguage());
            return "redirect:/nouveautes?fait=preferences";
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return prefsPage(form, FormErrors.of(invalid), model);
        }
    }

    static Optional<EmailMode> mode(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(EmailMode.valueOf(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private String prefsPage(PreferenceForm form, FormErrors errors, Model model) {
        model.addAttribute("mode", form.mode() == null ? "" : form.mode());
        model.addAttribute("email", form.email() == null ? "" : form.email());
        model.addAttribute("errors", errors);
        return "notifications/preferences";
    }
}
