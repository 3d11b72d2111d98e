package org.preau.surge.internal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.preau.surge.SurgeSettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The waiting room page: position, estimated wait, and a meta refresh after a jittered delay (also sent as
 * {@code Retry-After}). No JavaScript, no database query (the cursor is in memory), a few kilobytes. Once the
 * ticket is admitted it sends the visitor back where they were going.
 */
@Controller
class WaitingRoomController {

    private final WaitingRoom room;
    private final SettingsStore settings;
    private final SurgeResponses responses;

    WaitingRoomController(WaitingRoom room, SettingsStore settings, SurgeResponses responses) {
        this.room = room;
        this.settings = settings;
        this.responses = responses;
    }

    @GetMapping(SurgeResponses.ROOM_PATH)
    String waitingRoom(
            @RequestParam(name = "retour", required = false) String wanted,
            @RequestParam(name = "pause", required = false) String pause,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        String back = SurgeResponses.safeReturn(wanted);
        var ticket = room.decode(SurgeResponses.ticketCookie(request));
        if (ticket.isEmpty()) {
            boolean queueing =
                    settings.current().waitingRoom() == SurgeSettings.RoomMode.OPEN || room.turningNewcomersAway();
            if (!queueing) {
                return "redirect:" + back;
            }
            var fresh = room.provisional();
            responses.setTicket(response, room.encode(fresh), fresh);
            ticket = java.util.Optional.of(fresh);
        } else {
            var held = room.claim(ticket.get());
            if (held != ticket.get()) {
                responses.setTicket(response, room.encode(held), held);
                ticket = java.util.Optional.of(held);
            }
        }
        if (room.admitted(ticket.get())) {
            return "redirect:" + back;
        }
        long position = room.position(ticket.get());
        long wait = room.estimatedWaitSeconds(position);
        long refresh = SurgeResponses.refreshSeconds(wait);
        response.setHeader("Retry-After", Long.toString(refresh));
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("position", position);
        model.addAttribute("waitMinutes", Math.max(1, (wait + 59) / 60));
        model.addAttribute("refresh", refresh);
        // WCAG 2.2.1: whoever needs more time can turn the automatic refresh off (and back on).
        model.addAttribute("paused", pause != null);
        String url = SurgeResponses.ROOM_PATH + "?retour=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
        model.addAttribute("refreshUrl", url);
        model.addAttribute("pauseUrl", url + "&pause");
        return "surge/waiting";
    }
}
