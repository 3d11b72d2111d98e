package org.preau.surge.internal;

import jakarta.servlet.http.HttpServletResponse;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.forms.FormErrors;
import org.preau.surge.Lane;
import org.preau.surge.SurgeSettings;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
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

    @PostMapping("/admin/surge")
    String save(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam Map<String, String> form,
            Model model,
            HttpServletResponse response) {
        var errors = new LinkedHashMap<String, String>();
        var parsed = parse(form, errors);
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

    /** Reads the form; unreadable numbers are reported by field, the rest is validated by the settings. */
    static SurgeSettings parse(Map<String, String> form, Map<String, String> errors) {
        var defaults = SurgeSettings.defaults();
        var max = new EnumMap<Lane, Integer>(Lane.class);
        var queue = new EnumMap<Lane, Integer>(Lane.class);
        for (Lane lane : Lane.values()) {
            max.put(lane, integer(form, "max." + lane, defaults.maxConcurrency(lane), errors));
            queue.put(lane, integer(form, "queue." + lane, defaults.queue(lane), errors));
        }
        return new SurgeSettings(
                enumValue(
                        SurgeSettings.RoomMode.class,
                        form.get("waitingRoom"),
                        defaults.waitingRoom(),
                        errors,
                        "waitingRoom"),
                decimal(form, "admissionPerSecond", defaults.admissionPerSecond(), errors),
                integer(form, "requestsPerVisitor", defaults.requestsPerVisitor(), errors),
                integer(form, "roomCapacity", defaults.roomCapacity(), errors),
                max,
                queue,
                integer(form, "laneMaxWaitMillis", defaults.laneMaxWaitMillis(), errors),
                enumValue(
                        SurgeSettings.PowMode.class,
                        form.get("proofOfWork"),
                        defaults.proofOfWork(),
                        errors,
                        "proofOfWork"),
                integer(form, "powBaseBits", defaults.powBaseBits(), errors),
                integer(form, "powMaxBits", defaults.powMaxBits(), errors),
                decimal(form, "powFailedLoginsPerSecond", defaults.powFailedLoginsPerSecond(), errors),
                integer(form, "powLoginQueue", defaults.powLoginQueue(), errors),
                integer(form, "addressPerSecond", defaults.addressPerSecond(), errors),
                integer(form, "accountPerSecond", defaults.accountPerSecond(), errors),
                integer(form, "loginPerMinute", defaults.loginPerMinute(), errors),
                integer(form, "writesPerMinute", defaults.writesPerMinute(), errors),
                integer(form, "suspectMinutes", defaults.suspectMinutes(), errors),
                form.containsKey("readOnly"));
    }

    private static int integer(Map<String, String> form, String field, int fallback, Map<String, String> errors) {
        String raw = form.get(field);
        if (raw == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            errors.put(field, "surge.settings.error.number");
            return fallback;
        }
    }

    private static double decimal(Map<String, String> form, String field, double fallback, Map<String, String> errors) {
        String raw = form.get(field);
        if (raw == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(raw.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            errors.put(field, "surge.settings.error.number");
            return fallback;
        }
    }

    private static <E extends Enum<E>> E enumValue(
            Class<E> type, String raw, E fallback, Map<String, String> errors, String field) {
        if (raw == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, raw);
        } catch (IllegalArgumentException e) {
            errors.put(field, "surge.settings.error.required");
            return fallback;
        }
    }
}
