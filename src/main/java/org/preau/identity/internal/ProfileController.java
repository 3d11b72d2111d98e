package org.preau.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.ClientAddressResolver;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/** {@code /profil}: who I am, my signed-in devices (revocable), my recent sign-ins, my password. */
@Controller
class ProfileController {

    private final ProfileService profiles;
    private final ClientAddressResolver addresses;
    private final Busy busy;

    ProfileController(ProfileService profiles, ClientAddressResolver addresses, Busy busy) {
        this.profiles = profiles;
        this.addresses = addresses;
        this.busy = busy;
    }

    @GetMapping("/profil")
    ModelAndView profile(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "fait", required = false) String done,
            HttpServletRequest request) {
        String notice = switch (done == null ? "" : done) {
            case "revoque" -> "identity.profile.devices.revoked";
            case "motdepasse" -> "identity.profile.password.changed";
            default -> null;
        };
        return page(user, request, FormErrors.none(), notice, 200);
    }

    @PostMapping("/profil/appareils/revoquer")
    String revoke(@AuthenticationPrincipal CurrentUser user, @RequestParam("appareil") String handle) {
        profiles.revoke(user, handle);
        return "redirect:/profil?fait=revoque";
    }

    /** The password change form, bound by Spring. */
    record PasswordForm(String current, String password, String confirm) {
        PasswordForm {
            current = current == null ? "" : current;
            password = password == null ? "" : password;
            confirm = confirm == null ? "" : confirm;
        }
    }

    @PostMapping("/profil/mot-de-passe")
    ModelAndView changePassword(
            @AuthenticationPrincipal CurrentUser user,
            PasswordForm submitted,
            HttpServletRequest request,
            HttpServletResponse response)
            throws Exception {
        FormErrors form;
        try {
            form = profiles.changePassword(
                    user,
                    submitted.current(),
                    submitted.password(),
                    submitted.confirm(),
                    sessionId(request),
                    addresses.resolve(request),
                    Optional.ofNullable(request.getHeader("User-Agent")));
        } catch (HashingBusyException e) {
            throw busy.problem(e);
        }
        if (form.any()) {
            return page(user, request, form, null, 400);
        }
        return new ModelAndView("redirect:/profil?fait=motdepasse");
    }

    private ModelAndView page(
            CurrentUser user, HttpServletRequest request, FormErrors form, String notice, int status) {
        var mav = new ModelAndView("identity/profile");
        mav.addObject("user", user);
        mav.addObject("devices", profiles.devices(user, sessionId(request)));
        mav.addObject("signIns", profiles.recentSignIns(user));
        mav.addObject("resets", profiles.resets(user));
        mav.addObject("errors", form);
        mav.addObject("notice", notice);
        mav.setStatus(HttpStatusCode.valueOf(status));
        return mav;
    }

    private static Optional<String> sessionId(HttpServletRequest request) {
        var session = request.getSession(false);
        return Optional.ofNullable(session).map(jakarta.servlet.http.HttpSession::getId);
    }
}
