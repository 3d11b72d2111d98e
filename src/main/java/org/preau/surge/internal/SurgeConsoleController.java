package org.preau.surge.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.beans.PropertyEditorSupport;
import java.util.LinkedHashMap;
import java.util.Map;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.preau.surge.SurgeSettings;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /admin/surge}: the live dashboard (server-rendered SVG sparklines, refreshed by a meta refresh every 5 s,
 * no JavaScript) and the operator controls form. ADMIN only (checked in {@link SurgeConsole}).
 */
@Controller
class SurgeConsoleController {

    private final SurgeConsole console;
    private final SurgeHistory history;

    SurgeConsoleController(SurgeConsole console, SurgeHistory history) {
        this.console = console;
        this.history = history;
    }

    @GetMapping("/admin/surge")
    String dashboard(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "enregistre", required = false) String saved,
            @RequestParam(name = "auto", required = false) String auto,
            Model model) {
        var settings = console.settings(user);
        fill(model, user, settings, FormErrors.none(), saved != null);
        // Live refresh only when the operator asks for it (WCAG 2.2.1: no timing imposed on anyone).
        model.addAttribute("auto", auto != null);
        return "surge/console";
    }

    /**
     * Decimals are typed with a comma in French: the binder reads {@code 2,5} as {@code 2.5}; anything else that is
     * not a number stays a binding error on its field.
     */
    @InitBinder("settingsForm")
    void decimals(WebDataBinder binder) {
        binder.registerCustomEditor(Double.class, new PropertyEditorSupport() {
            @Override
            public void setAsText(String text) {
                setValue(
                        text == null || text.isBlank()
                                ? null
                                : Double.valueOf(text.strip().replace(',', '.')));
            }
        });
    }

    @PostMapping("/admin/surge")
    String save(
            @AuthenticationPrincipal CurrentUser user,
            SettingsForm form,
            BindingResult binding,
            Model model,
            HttpServletResponse response) {
        var errors = new LinkedHashMap<String, String>();
        binding.getFieldErrors().forEach(e -> errors.putIfAbsent(e.getField(), unreadable(e.getField())));
        var parsed = form.toSettings();
        // Report every wrong field at once, readable or not.
        parsed.problems().forEach(errors::putIfAbsent);
        if (errors.isEmpty()) {
            try {
                console.update(user, parsed);
                return "redirect:/admin/surge?enregistre";
            } catch (SurgeConsole.InvalidSettings e) {
                errors.putAll(e.problems);
            }
        }
        response.setStatus(400);
        fill(model, user, parsed, formErrors(errors), false);
        model.addAttribute("auto", false);
        return "surge/console";
    }

    /** What to say of a field the binder could not read: a mode must be chosen, a number typed. */
    private static String unreadable(String field) {
        return field.equals("waitingRoom") || field.equals("proofOfWork")
                ? "surge.settings.error.required"
                : "surge.settings.error.number";
    }

    private void fill(Model model, CurrentUser user, SurgeSettings settings, FormErrors errors, boolean saved) {
        model.addAttribute("settings", settings);
        model.addAttribute("status", console.status(user));
        model.addAttribute("series", history.all());
        model.addAttribute("errors", errors);
        model.addAttribute("saved", saved);
    }

    /** Each wrong field with its label, so that the summary says which setting is wrong. */
    static FormErrors formErrors(Map<String, String> errors) {
        var out = FormErrors.none();
        errors.forEach((field, key) -> {
            int dot = field.indexOf('.');
            Problem.Message label = dot < 0
                    ? Problem.Message.of("surge.settings." + field)
                    : Problem.Message.of(
                            "surge.settings.field.lane",
                            Problem.Message.of("surge.settings." + field.substring(0, dot)),
                            Problem.Message.of("surge.lane." + field.substring(dot + 1)));
            out.add(field, "surge.settings.error.withField", label, Problem.Message.of(key));
        });
        return out;
    }
}
