package org.preau.calendar.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import org.preau.identity.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The feed page (make, renew or revoke one's private link) and the feed itself, reached by calendar apps without a
 * session: the secret in the URL is the only key, so an unknown or revoked one gets a bare 404.
 */
@Controller
class CalendarController {

    static final MediaType CALENDAR = MediaType.parseMediaType("text/calendar;charset=UTF-8");

    private final FeedTokens tokens;
    private final FeedBuilder feeds;

    CalendarController(FeedTokens tokens, FeedBuilder feeds) {
        this.tokens = tokens;
        this.feeds = feeds;
    }

    @GetMapping("/calendrier")
    String page(@AuthenticationPrincipal CurrentUser user, Model model, HttpServletRequest request) {
        model.addAttribute("active", tokens.exists(user.accountId()));
        Object fresh = model.getAttribute("token");
        model.addAttribute(
                "link",
                fresh instanceof String t
                        ? Optional.of(base(request) + "/calendrier/" + t + ".ics")
                        : Optional.<String>empty());
        return "calendar/feed";
    }

    @PostMapping("/calendrier/lien")
    String renew(@AuthenticationPrincipal CurrentUser user, RedirectAttributes redirect) {
        // The secret is shown once, right after it is made (flash attribute), and never stored in clear.
        redirect.addFlashAttribute("token", tokens.renew(user.accountId()));
        return "redirect:/calendrier";
    }

    @PostMapping("/calendrier/lien/revoquer")
    String revoke(@AuthenticationPrincipal CurrentUser user) {
        tokens.revoke(user.accountId());
        return "redirect:/calendrier";
    }

    @GetMapping("/calendrier/{token}.ics")
    ResponseEntity<String> feed(@PathVariable String token, Locale locale) {
        return tokens.owner(token)
                .map(owner -> ResponseEntity.ok()
                        .contentType(CALENDAR)
                        .header("Cache-Control", "private, max-age=900")
                        .body(feeds.build(owner, locale)))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).build());
    }

    private static String base(HttpServletRequest request) {
        return request.getScheme() + "://" + request.getServerName()
                + ((request.getServerPort() == 80 || request.getServerPort() == 443)
                        ? ""
                        : ":" + request.getServerPort());
    }
}
