package org.preau.notifications.internal;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.CurrentUser;
import org.preau.notifications.NotificationKind;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * One's notifications for apps: the feed with its unread count, marking read, the mail preference. The same service as
 * the pages, so everyone reads and changes only their own.
 */
@RestController
@RequestMapping("/api/v1/notifications")
class NotificationsApi {

    /** One notification, with its text in the caller's language. */
    record Item(
            UUID id,
            NotificationKind kind,
            String text,
            List<String> args,
            String link,
            Instant visibleAt,
            boolean unread) {}

    /** A page of the feed; {@code next} is the {@code before} of the following page, when there is one. */
    record FeedPage(List<Item> items, int unread, Optional<String> next) {}

    record Unread(int unread) {}

    record Marked(int marked) {}

    /** The mail preference: {@code IMMEDIATE}, {@code DIGEST} or {@code NEVER}, and the address to mail. */
    record PreferenceBody(String mode, Optional<String> email) {}

    private final NotificationFeed feed;
    private final Preferences preferences;
    private final MailText text;

    NotificationsApi(NotificationFeed feed, Preferences preferences, MailText text) {
        this.feed = feed;
        this.preferences = preferences;
        this.text = text;
    }

    @GetMapping
    FeedPage list(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(required = false) Optional<String> before,
            Locale locale) {
        var page = feed.page(user, NotificationsController.cursor(before));
        return new FeedPage(
                page.items().stream()
                        .map(n -> new Item(
                                n.id(), n.kind(), text.line(n, locale), n.args(), n.link(), n.visibleAt(), n.unread()))
                        .toList(),
                page.unread(),
                page.next().map(FeedCursor::param));
    }

    @GetMapping("/unread")
    Unread unread(@AuthenticationPrincipal CurrentUser user) {
        return new Unread(feed.unread(user));
    }

    @PostMapping("/{id}/read")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void read(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        feed.open(user, id);
    }

    @PostMapping("/read-all")
    Marked readAll(@AuthenticationPrincipal CurrentUser user) {
        return new Marked(feed.markAllRead(user));
    }

    @GetMapping("/preferences")
    PreferenceBody preference(@AuthenticationPrincipal CurrentUser user) {
        var p = preferences.of(user);
        return new PreferenceBody(p.mode().name(), p.email());
    }

    @PutMapping("/preferences")
    PreferenceBody savePreference(
            @AuthenticationPrincipal CurrentUser user, @RequestBody PreferenceBody body, Locale locale) {
        var p = preferences.save(
                user,
                NotificationsController.mode(body.mode()),
                body.email() == null ? "" : body.email().orElse(""),
                locale.getLanguage());
        return new PreferenceBody(p.mode().name(), p.email());
    }
}
