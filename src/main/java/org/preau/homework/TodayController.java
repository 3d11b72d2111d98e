package org.preau.homework;

import org.preau.identity.CurrentUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** "Aujourd'hui": the signed-in home page. A shell for now; the homework capability fills it. */
@Controller
class TodayController {

    @GetMapping("/")
    String today(@AuthenticationPrincipal CurrentUser user, Model model) {
        model.addAttribute("user", user);
        return "homework/today";
    }
}
