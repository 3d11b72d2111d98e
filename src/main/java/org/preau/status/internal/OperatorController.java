package org.preau.status.internal;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /admin/statut}: the operator's view of every component (state, latency, error rate, probe history) and
 * the incident editor. ADMIN only, checked in {@link OperatorConsole}. No JavaScript; the page does not refresh
 * itself unless asked ({@code ?auto}), as the surge console.
 */
@Controller
class OperatorController {

    private final OperatorConsole console;

    OperatorController(OperatorConsole console) {
        this.console = console;
    }

    @GetMapping("/admin/statut")
    String page(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "enregistre", required = false) String saved,
            @RequestParam(name = "auto", required = false) String auto,
            Model model) {
        fill(model, user, FormErrors.none(), FormErrors.none(), null, null);
        model.addAttribute("saved", saved != null);
        model.addAttribute("auto", auto != null);
        return "status/operator";
    }

    @PostMapping("/admin/statut/incidents")
    String declare(
            @AuthenticationPrincipal CurrentUser user,
            @Valid @ModelAttribute("declare") IncidentForms.Declare form,
            BindingResult binding,
            Model model,
            HttpServletResponse response) {
        FormErrors errors = FormErrors.of(binding);
        if (!errors.any()) {
            try {
                console.declare(user, form);
                return "redirect:/admin/statut?enregistre";
            } catch (Problem invalid) {
                if (!invalid.hasFields()) {
                    throw invalid;
                }
                errors = FormErrors.of(invalid);
            }
        }
        response.setStatus(400);
        fill(model, user, errors, FormErrors.none(), form, null);
        return "status/operator";
    }

    @PostMapping("/admin/statut/mises-a-jour")
    String post(
            @AuthenticationPrincipal CurrentUser user,
            @Valid @ModelAttribute("post") IncidentForms.Post form,
            BindingResult binding,
            Model model,
            HttpServletResponse response) {
        FormErrors errors = FormErrors.of(binding);
        if (!errors.any()) {
            try {
                console.post(user, form);
                return "redirect:/admin/statut?enregistre";
            } catch (Problem invalid) {
                if (!invalid.hasFields()) {
                    throw invalid;
                }
                errors = FormErrors.of(invalid);
            }
        }
        response.setStatus(400);
        fill(model, user, FormErrors.none(), errors, null, form);
        return "status/operator";
    }

    private void fill(
            Model model,
            CurrentUser user,
            FormErrors declareErrors,
            FormErrors postErrors,
            IncidentForms.Declare declare,
            IncidentForms.Post post) {
        model.addAttribute("console", console.console(user));
        model.addAttribute("declareErrors", declareErrors);
        model.addAttribute("postErrors", postErrors);
        model.addAttribute("declareForm", declare != null ? declare : new IncidentForms.Declare("", null, "", ""));
        model.addAttribute("postForm", post != null ? post : new IncidentForms.Post(null, "", "", false));
        model.addAttribute("saved", false);
        model.addAttribute("auto", false);
    }
}
