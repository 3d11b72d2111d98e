package org.preau.messaging.internal;

import java.util.Optional;
import java.util.UUID;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The moderation page of a school: reported messages with their evidence, suspended accounts, and (for its
 * direction and the operator) the suspension of the school's messaging, or of every school's for the operator.
 */
@Controller
class ModerationController {

    private final ModerationService moderation;

    ModerationController(ModerationService moderation) {
        this.moderation = moderation;
    }

    @GetMapping("/messagerie/moderation")
    String page(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "ecole", required = false) Optional<UUID> schoolId,
            @RequestParam(name = "fait", required = false) Optional<String> done,
            Model model) {
        return page(user, schoolId, done, FormErrors.none(), model);
    }

    private String page(
            CurrentUser user, Optional<UUID> schoolId, Optional<String> done, FormErrors errors, Model model) {
        var school = moderation.school(user, schoolId);
        model.addAttribute("school", school);
        model.addAttribute("schools", moderation.moderatedSchools(user));
        model.addAttribute("reports", moderation.queue(user, school.id()));
        model.addAttribute("suspended", moderation.suspendedAccounts(user, school.id()));
        model.addAttribute("governs", moderation.governs(user, school.id()));
        model.addAttribute("operator", moderation.isOperator(user));
        model.addAttribute("schoolSuspension", moderation.suspensionOf(school.id()));
        model.addAttribute("everySchool", moderation.everySchool());
        model.addAttribute("done", done.filter(d -> d.matches("[a-z-]{1,20}")));
        model.addAttribute("errors", errors);
        return "messaging/moderation";
    }

    @PostMapping("/messagerie/moderation/signalements/{reportId}/classer")
    String close(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID reportId,
            @RequestParam("ecole") UUID school) {
        moderation.close(user, reportId);
        return back(school, "classe");
    }

    @PostMapping("/messagerie/moderation/signalements/{reportId}/suspendre")
    String suspendSender(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID reportId,
            @RequestParam("ecole") UUID school,
            @RequestParam(name = "raison", required = false) String reason,
            Model model) {
        try {
            moderation.suspendSender(user, reportId, reason);
        } catch (Problem refused) {
            return refusedOrThrow(user, school, refused, model);
        }
        return back(school, "compte-suspendu");
    }

    @PostMapping("/messagerie/moderation/comptes/{accountId}/retablir")
    String restore(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID accountId,
            @RequestParam("ecole") UUID school) {
        moderation.restoreAccount(user, school, accountId);
        return back(school, "compte-retabli");
    }

    @PostMapping("/messagerie/moderation/suspension")
    String suspendSchool(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam("ecole") UUID school,
            @RequestParam(name = "raison", required = false) String reason,
            Model model) {
        try {
            moderation.suspendSchool(user, school, reason);
        } catch (Problem refused) {
            return refusedOrThrow(user, school, refused, model);
        }
        return back(school, "suspendue");
    }

    @PostMapping("/messagerie/moderation/suspension/lever")
    String liftSchool(@AuthenticationPrincipal CurrentUser user, @RequestParam("ecole") UUID school) {
        moderation.liftSchool(user, school);
        return back(school, "levee");
    }

    @PostMapping("/messagerie/moderation/suspension-generale")
    String suspendAll(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam("ecole") UUID school,
            @RequestParam(name = "raison", required = false) String reason,
            Model model) {
        try {
            moderation.suspendEverySchool(user, reason);
        } catch (Problem refused) {
            return refusedOrThrow(user, school, refused, model);
        }
        return back(school, "suspendue-partout");
    }

    @PostMapping("/messagerie/moderation/suspension-generale/lever")
    String liftAll(@AuthenticationPrincipal CurrentUser user, @RequestParam("ecole") UUID school) {
        moderation.liftEverySchool(user);
        return back(school, "levee-partout");
    }

    private String refusedOrThrow(CurrentUser user, UUID school, Problem refused, Model model) {
        if (!refused.hasFields()) {
            throw refused;
        }
        return page(user, Optional.of(school), Optional.empty(), FormErrors.of(refused), model);
    }

    private static String back(UUID school, String done) {
        return "redirect:/messagerie/moderation?ecole=" + school + "&fait=" + done;
    }
}
