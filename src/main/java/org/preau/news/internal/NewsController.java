package org.preau.news.internal;

import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The news pages: what one reads, the form to publish, pinning and withdrawing. Every rule is the service's. */
@Controller
class NewsController {

    private static final Map<String, String> NOTICES = Map.of(
            "publiee", "news.notice.published",
            "epinglee", "news.notice.pinned",
            "desepinglee", "news.notice.unpinned",
            "retiree", "news.notice.withdrawn");

    private final NewsService news;
    private final Clock clock;

    NewsController(NewsService news, Clock clock) {
        this.news = news;
        this.clock = clock;
    }

    @GetMapping("/actualites")
    String list(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model) {
        model.addAttribute("items", news.visibleTo(user, clock.instant(), 50));
        model.addAttribute("mayPublish", news.mayPublish(user));
        model.addAttribute("managed", news.managed(user));
        model.addAttribute("now", clock.instant());
        model.addAttribute("notice", done.map(NOTICES::get).map(Problem.Message::of));
        return "news/list";
    }

    @GetMapping("/actualites/nouvelle")
    String form(@AuthenticationPrincipal CurrentUser user, Model model) {
        return form(user, NewsForm.empty(), FormErrors.none(), model);
    }

    @PostMapping("/actualites")
    String publish(@AuthenticationPrincipal CurrentUser user, NewsForm draft, BindingResult binding, Model model) {
        if (binding.hasErrors()) {
            return form(user, draft, FormErrors.of(binding), model);
        }
        try {
            news.publish(user, draft.draft());
            return "redirect:/actualites?fait=publiee";
        } catch (Problem invalid) {
            if (!invalid.hasFields()) {
                throw invalid;
            }
            return form(user, draft, FormErrors.of(invalid), model);
        }
    }

    @PostMapping("/actualites/{newsId}/epingle")
    String pin(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID newsId,
            @RequestParam(name = "epingle", defaultValue = "true") boolean pinned) {
        news.pin(user, newsId, pinned);
        return "redirect:/actualites?fait=" + (pinned ? "epinglee" : "desepinglee");
    }

    @PostMapping("/actualites/{newsId}/retrait")
    String withdraw(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID newsId) {
        news.withdraw(user, newsId);
        return "redirect:/actualites?fait=retiree";
    }

    private String form(CurrentUser user, NewsForm draft, FormErrors errors, Model model) {
        var targets = news.targetsFor(user);
        if (targets.isEmpty()) {
            throw Problem.forbidden("news.publish.forbidden");
        }
        model.addAttribute("targets", targets);
        model.addAttribute("draft", draft);
        model.addAttribute("errors", errors);
        return "news/form";
    }
}
