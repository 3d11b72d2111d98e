package org.preau.admin.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.directory.Role;
import org.preau.identity.ActivationCodes;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.PublicUrl;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's pages (French paths, like the rest of the site). Controllers only translate HTTP: every check of
 * who may see or do what is in {@link AdminService} and {@link AdminAccess}.
 */
@Controller
@RequestMapping("/admin")
class AdminController {

    /** Roles that appear in the rules table, in reading order. */
    static final List<Role> RULE_ROLES = List.of(Role.PUPIL, Role.PARENT, Role.TEACHER, Role.STAFF);

    private final AdminService admin;
    private final PublicUrl publicUrl;

    AdminController(AdminService admin, PublicUrl publicUrl) {
        this.admin = admin;
        this.publicUrl = publicUrl;
    }

    @GetMapping
    String home(@AuthenticationPrincipal CurrentUser user, Model model) {
        model.addAttribute("home", admin.home(user));
        return "admin/home";
    }

    /** The audit log: newest first, one page at a time ({@code avant}: the last entry of the previous page). */
    @GetMapping("/journal")
    String log(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "ecole", required = false) Optional<UUID> school,
            @RequestParam(name = "avant", required = false) Optional<UUID> before,
            Model model) {
        model.addAttribute("page", admin.auditPage(user, school, before));
        return "admin/journal";
    }

    @GetMapping("/ecoles")
    String schools(@AuthenticationPrincipal CurrentUser user, Model model) {
        model.addAttribute("schools", admin.schools(user));
        return "admin/schools";
    }

    @GetMapping("/ecoles/{schoolId}")
    String school(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID schoolId, Model model) {
        model.addAttribute("page", admin.school(user, schoolId));
        return "admin/school";
    }

    @GetMapping("/ecoles/{schoolId}/classes/{classId}")
    String schoolClass(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @PathVariable UUID classId,
            Model model) {
        model.addAttribute("page", admin.schoolClass(user, schoolId, classId));
        return "admin/audience";
    }

    @GetMapping("/ecoles/{schoolId}/groupes/{groupId}")
    String group(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @PathVariable UUID groupId,
            Model model) {
        model.addAttribute("page", admin.group(user, schoolId, groupId));
        return "admin/audience";
    }

    @GetMapping("/ecoles/{schoolId}/utilisateurs")
    String search(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @RequestParam(name = "q", required = false) String query,
            @RequestParam(name = "apres", required = false) Optional<UUID> after,
            Model model) {
        model.addAttribute("page", admin.search(user, schoolId, query, after));
        return "admin/search";
    }

    @GetMapping("/ecoles/{schoolId}/classes/{classId}/codes")
    String confirmCodes(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @PathVariable UUID classId,
            Model model) {
        model.addAttribute("plan", admin.planCodes(user, schoolId, classId));
        return "admin/codes-confirm";
    }

    /** Issues the codes and shows them once, ready to print; they are not stored in clear anywhere. */
    @PostMapping("/ecoles/{schoolId}/classes/{classId}/codes")
    String issueCodes(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @PathVariable UUID classId,
            Model model) {
        model.addAttribute(
                "sheet", admin.issueCodes(user, schoolId, classId, publicUrl.base() + ActivationCodes.ACTIVATION_PATH));
        return "admin/codes";
    }

    @GetMapping("/ecoles/{schoolId}/utilisateurs/{accountId}/mot-de-passe")
    String confirmReset(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @PathVariable UUID accountId,
            Model model) {
        model.addAttribute("target", admin.resetTarget(user, schoolId, accountId));
        return "admin/reset-confirm";
    }

    @PostMapping("/ecoles/{schoolId}/utilisateurs/{accountId}/mot-de-passe")
    String reset(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @PathVariable UUID accountId,
            Model model) {
        var target = admin.resetTarget(user, schoolId, accountId);
        model.addAttribute("target", target);
        model.addAttribute("code", admin.resetPassword(user, schoolId, accountId));
        model.addAttribute("activationUrl", publicUrl.base() + ActivationCodes.ACTIVATION_PATH);
        return "admin/reset-done";
    }

    @GetMapping("/ecoles/{schoolId}/regles")
    String rules(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            @RequestParam(name = "enregistre", required = false) Optional<String> saved,
            Model model) {
        model.addAttribute("page", admin.rules(user, schoolId));
        model.addAttribute("roles", RULE_ROLES);
        model.addAttribute("saved", saved.isPresent());
        model.addAttribute("errors", FormErrors.none());
        return "admin/rules";
    }

    /**
     * Saves the whole table in one transaction. A value that is not a known reach (a tampered form) changes nothing
     * and shows the table again with an error summary naming and linking to each bad cell.
     */
    @PostMapping("/ecoles/{schoolId}/regles")
    String saveRules(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID schoolId,
            RulesForm form,
            BindingResult binding,
            Model model,
            HttpServletResponse response) {
        var page = admin.editableRules(user, schoolId);
        if (binding.hasErrors()) {
            var errors = FormErrors.none();
            for (Role from : RULE_ROLES) {
                for (Role to : RULE_ROLES) {
                    if (binding.hasFieldErrors(RulesForm.field(from, to))) {
                        errors.add(
                                RulesForm.field(from, to),
                                "admin.rules.invalid",
                                Problem.Message.of("admin.roles." + from.name()),
                                Problem.Message.of("admin.roles." + to.name()));
                    }
                }
            }
            if (!errors.any()) { // a field that is not a cell of the table
                errors.addGlobal("problem.badRequest");
            }
            response.setStatus(400);
            model.addAttribute("page", page);
            model.addAttribute("roles", RULE_ROLES);
            model.addAttribute("saved", false);
            model.addAttribute("errors", errors);
            return "admin/rules";
        }
        admin.updateRules(user, schoolId, form.reach());
        return "redirect:/admin/ecoles/" + schoolId + "/regles?enregistre=1";
    }
}
