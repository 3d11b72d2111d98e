package org.preau.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.Optional;
import org.preau.identity.CurrentUser;
import org.preau.identity.LoginProof;
import org.preau.platform.web.ClientAddressResolver;
import org.preau.platform.web.SafeRedirect;
import org.preau.platform.web.Waits;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.ModelAndView;

/**
 * {@code GET /connexion} shows the form; {@code POST /connexion} checks it. Every kind of failure (unknown login,
 * wrong password, no password yet, disabled) renders the very same page with the very same status; only the
 * throttling message differs, once the counts for that login string (or that address) pass the limit. The
 * browser's known-device cookie and a proof-of-work checked by the surge filter are passed on to the throttle.
 */
@Controller
class LoginController {

    /**
     * {@code /connexion?expiree}: where a log-in form whose CSRF token is no longer valid (sent again after an error
     * page, or from a page left open past a sign-in elsewhere) is sent back to, with a fresh form (SecurityConfig).
     */
    static final String EXPIRED_FORM = "expiree";

    /** The log-in form, bound and validated by Spring. */
    record LoginForm(
            @NotBlank(message = "identity.login.username.required")
            String username,

            @NotEmpty(message = "identity.login.password.required")
            String password,

            String remember) {

        String usernameOrEmpty() {
            return username == null ? "" : username;
        }
    }

    private final LoginService logins;
    private final SignIn signIn;
    private final ClientAddressResolver addresses;
    private final RequestCache requestCache;
    private final Busy busy;
    private final KnownDevices devices;

    LoginController(
            LoginService logins,
            SignIn signIn,
            ClientAddressResolver addresses,
            RequestCache requestCache,
            Busy busy,
            KnownDevices devices) {
        this.logins = logins;
        this.signIn = signIn;
        this.addresses = addresses;
        this.requestCache = requestCache;
        this.busy = busy;
        this.devices = devices;
    }

    @GetMapping("/connexion")
    String form(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam(name = "deconnexion", required = false) String loggedOut,
            @RequestParam(name = EXPIRED_FORM, required = false) String expired,
            Model model) {
        if (user != null) {
            return "redirect:/";
        }
        model.addAttribute("errors", FormErrors.none());
        if (expired != null) {
            model.addAttribute("notice", "identity.login.expired");
            model.addAttribute("noticeKind", "warning");
        } else {
            model.addAttribute("notice", loggedOut != null ? "identity.login.loggedOut" : null);
        }
        return "identity/login";
    }

    @PostMapping("/connexion")
    ModelAndView logIn(
            @Valid LoginForm form, BindingResult binding, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        if (binding.hasErrors()) {
            return page(FormErrors.of(binding), form.usernameOrEmpty(), 400);
        }
        String address = addresses.resolve(request);
        LoginService.Result result;
        try {
            var source = new LoginService.Source(
                    address,
                    Optional.ofNullable(request.getHeader("User-Agent")),
                    devices.deviceFor(request, form.username()),
                    Boolean.TRUE.equals(request.getAttribute(LoginProof.PROOF_OF_WORK_ATTRIBUTE)));
            result = logins.logIn(form.username(), form.password(), source);
        } catch (HashingBusyException e) {
            throw busy.problem(e);
        }
        return switch (result) {
            case LoginService.Result.Success s -> {
                signIn.signIn(s.user(), form.remember() != null, address, request, response);
                yield new ModelAndView("redirect:" + target(request, response));
            }
            case LoginService.Result.Rejected r ->
                page(FormErrors.none().addGlobal("identity.login.rejected"), form.username(), 401);
            case LoginService.Result.Throttled t -> {
                response.setHeader(
                        "Retry-After", Long.toString(t.refusal().delay().toSeconds()));
                String key = t.refusal().byAddress() ? "identity.login.throttled.address" : "identity.login.throttled";
                yield page(
                        FormErrors.none().addGlobal(key, Waits.human(t.refusal().delay())), form.username(), 429);
            }
        };
    }

    private static ModelAndView page(FormErrors errors, String username, int status) {
        var mav = new ModelAndView("identity/login");
        mav.addObject("errors", errors);
        mav.addObject("username", username);
        mav.addObject("notice", null);
        mav.setStatus(HttpStatusCode.valueOf(status));
        return mav;
    }

    /** The page that sent the visitor to log in, on this site only; home otherwise. */
    private String target(HttpServletRequest request, HttpServletResponse response) {
        var saved = requestCache.getRequest(request, response);
        requestCache.removeRequest(request, response);
        if (saved == null) {
            return "/";
        }
        try {
            var uri = java.net.URI.create(saved.getRedirectUrl());
            String path = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
            return SafeRedirect.path(path, "/", "/connexion");
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
