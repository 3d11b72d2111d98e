package org.preau.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import org.preau.platform.web.ClientAddressResolver;
import org.preau.platform.web.Waits;
import org.preau.platform.web.forms.FormErrors;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/** {@code /activation}: first sign-in with the code printed by the school; the person is signed in after it. */
@Controller
class ActivationController {

    private final ActivationService activations;
    private final SignIn signIn;
    private final ClientAddressResolver addresses;
    private final Busy busy;

    ActivationController(ActivationService activations, SignIn signIn, ClientAddressResolver addresses, Busy busy) {
        this.activations = activations;
        this.signIn = signIn;
        this.addresses = addresses;
        this.busy = busy;
    }

    /** The activation form, bound by Spring (its checks need the password rule, see ActivationService.validate). */
    record ActivationForm(String login, String code, String password, String confirm) {
        ActivationForm {
            login = login == null ? "" : login;
            code = code == null ? "" : code;
            password = password == null ? "" : password;
            confirm = confirm == null ? "" : confirm;
        }
    }

    @GetMapping("/activation")
    String form(Model model) {
        model.addAttribute("errors", FormErrors.none());
        model.addAttribute("login", "");
        return "identity/activation";
    }

    @PostMapping("/activation")
    ModelAndView activate(ActivationForm submitted, HttpServletRequest request, HttpServletResponse response)
            throws Exception {
        String login = submitted.login();
        String code = submitted.code();
        String password = submitted.password();
        var form = ActivationService.validate(login, code, password, submitted.confirm());
        if (form.any()) {
            return page(form, login, 400);
        }
        String address = addresses.resolve(request);
        ActivationService.Result result;
        try {
            result = activations.activate(
                    login, code, password, address, Optional.ofNullable(request.getHeader("User-Agent")));
        } catch (HashingBusyException e) {
            throw busy.problem(e);
        }
        return switch (result) {
            case ActivationService.Result.Activated a -> {
                signIn.signIn(a.user(), false, address, request, response);
                yield new ModelAndView("redirect:/?active");
            }
            case ActivationService.Result.Refused r ->
                page(
                        form.add(
                                "code",
                                switch (r.why()) {
                                    case EXPIRED -> "identity.activation.code.expired";
                                    case USED -> "identity.activation.code.used";
                                    default -> "identity.activation.code.wrong";
                                }),
                        login,
                        400);
            case ActivationService.Result.Throttled t -> {
                response.setHeader(
                        "Retry-After", Long.toString(t.refusal().delay().toSeconds()));
                String key = t.refusal().byAddress() ? "identity.login.throttled.address" : "identity.login.throttled";
                yield page(form.add("", key, Waits.human(t.refusal().delay())), login, 429);
            }
        };
    }

    private static ModelAndView page(FormErrors form, String login, int status) {
        var mav = new ModelAndView("identity/activation");
        mav.addObject("errors", form);
        mav.addObject("login", login);
        mav.setStatus(HttpStatusCode.valueOf(status));
        return mav;
    }
}
