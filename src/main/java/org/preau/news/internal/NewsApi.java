package org.preau.news.internal;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.CurrentUser;
import org.preau.news.NewsItem;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * News for apps and integrations, through the same service as the pages, so the same rules hold: who publishes
 * where, who reads what. Refusals are problem details in the caller's language.
 */
@RestController
@RequestMapping("/api/v1/news")
class NewsApi {

    /**
     * A news item to publish. {@code target} is {@code ecole:<schoolId>} or {@code audience:<classOrGroupId>} (the
     * values of {@code GET /api/v1/news/targets}); dates are local times in Europe/Paris; {@code body} is Markdown.
     */
    record Publish(
            String target,
            String title,
            String body,
            Optional<LocalDateTime> publishAt,
            Optional<LocalDateTime> expiresAt,
            Boolean pinned) {}

    /** A place the caller may publish to. */
    record TargetView(String target, UUID schoolId, String kind, String name) {}

    record Pin(boolean pinned) {}

    private final NewsService news;
    private final Clock clock;

    NewsApi(NewsService news, Clock clock) {
        this.news = news;
        this.clock = clock;
    }

    /** The news the caller reads now, pinned first, then the newest. */
    @GetMapping
    List<NewsItem> list(@AuthenticationPrincipal CurrentUser user) {
        return news.visibleTo(user, clock.instant(), 50);
    }

    /** Where the caller may publish: empty for pupils and parents. */
    @GetMapping("/targets")
    List<TargetView> targets(@AuthenticationPrincipal CurrentUser user) {
        return news.targetsFor(user).stream()
                .map(t -> new TargetView(t.key(), t.schoolId(), t.kind(), t.name()))
                .toList();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    NewsItem publish(@AuthenticationPrincipal CurrentUser user, @RequestBody Publish body) {
        return news.publish(
                user,
                new NewsDraft(
                        body.target(),
                        body.title(),
                        body.body(),
                        body.publishAt() == null ? Optional.empty() : body.publishAt(),
                        body.expiresAt() == null ? Optional.empty() : body.expiresAt(),
                        Boolean.TRUE.equals(body.pinned())));
    }

    @PutMapping("/{id}/pinned")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void pin(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id, @RequestBody Pin body) {
        news.pin(user, id, body.pinned());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void withdraw(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        news.withdraw(user, id);
    }
}
