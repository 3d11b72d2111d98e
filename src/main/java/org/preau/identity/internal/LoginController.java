package org.preau.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Optional;
import org.preau.identity.CurrentUser;
import org.preau.identity.LoginProof;
import org.preau.platform.web.ClientAddressResolver;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
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
            Model model) {
        if (user != null) {
            return "redirect:/";
        }
        model.addAttribute("form", new FormState());
        model.addAttribute("notice", loggedOut != null ? "identity.login.loggedOut" : null);
        return "identity/login";
    }

    @PostMapping("/connexion")
    ModelAndView logIn(
            @RequestParam(name = "username", defaultValue = "") String username,
            @RequestParam(name = "password", defaultValue = "") String password,
            @RequestParam(name = "remember", required = false) String remember,
            HttpServletRequest request,
            HttpServletResponse response)
            throws Exception {
        var form = new FormState();
        if (username.isBlank()) {
            form.add("username", "identity.login.username.required");
        }
        if (password.isEmpty()) {
            form.add("password", "identity.login.password.required");
        }
        if (form.hasProblems()) {
            return page(form, 400);
        }
        String address = addresses.resolve(request);
        LoginService.Result result;
        try {
            var source = new LoginService.Source(
                    address,
                    Optional.ofNullable(request.getHeader("User-Agent")),
                    devices.deviceFor(request, username),
                    Boolean.TRUE.equals(request.getAttribute(LoginProof.PROOF_OF_WORK_ATTRIBUTE)));
            result = logins.logIn(username, password, source);
        } catch (HashingBusyException e) {
            return busy.answer(request, response, e);
        }
        return switch (result) {
            case LoginService.Result.Success s -> {
                signIn.signIn(s.user(), remember != null, address, request, response);
                yield new ModelAndView("redirect:" + target(request, response));
            }
            case LoginService.Result.Rejected r -> page(form.add("", "identity.login.rejected"), 401);
            case LoginService.Result.Throttled t -> {
                response.setHeader(
                        "Retry-After", Long.toString(t.refusal().delay().toSeconds()));
                String key = t.refusal().byAddress() ? "identity.login.throttled.address" : "identity.login.throttled";
                yield page(form.add("", key, FormState.humanWait(t.refusal().delay())), 429);
            }
        };
    }

    private static ModelAndView page(FormState form, int status) {
        var mav = new ModelAndView("identity/login");
        mav.addObject("form", form);
        mav.addObject("notice", null);
        mav.setStatus(org.springframework.http.HttpStatusCode.valueOf(status));
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
            var uri = URI.create(saved.getRedirectUrl());
            String path = uri.getRawPath();
            if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/connexion")) {
                return "/";
            }
            return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        } catch (IllegalArgumentException e) {
            return "/";
        }
    }
}
