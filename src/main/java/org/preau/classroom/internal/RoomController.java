package org.preau.classroom.internal;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.preau.classroom.internal.video.BigBlueButton;
import org.preau.classroom.internal.video.VideoRooms;
import org.preau.directory.Directory;
import org.preau.directory.School;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.preau.platform.web.SecurityHeaders;
import org.preau.platform.web.forms.FormErrors;
import org.preau.platform.web.forms.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The room's pages: the list, the ad hoc form, a lesson's room, the room itself (whole without JavaScript: state,
 * chat with its form, hands, polls, the board as SVG, the video link), its actions as plain forms, the attendance
 * CSV and the board's exports. Rights are the service's ({@link RoomService}, {@link RoomAccess}).
 */
@Controller
class RoomController {

    private static final Logger log = LoggerFactory.getLogger(RoomController.class);

    private final RoomService service;
    private final LiveHub hub;
    private final Directory directory;
    private final VideoRooms video;
    private final MessageSource messages;
    private final Clock clock;

    RoomController(
            RoomService service,
            LiveHub hub,
            Directory directory,
            VideoRooms video,
            MessageSource messages,
            Clock clock) {
        this.service = service;
        this.hub = hub;
        this.directory = directory;
        this.video = video;
        this.messages = messages;
        this.clock = clock;
    }

    /** The form fields of the ad hoc room and the chat: bound to records, never read one by one. */
    record ChatForm(String text) {}

    record HandForm(String account) {}

    @GetMapping("/classe")
    String index(@AuthenticationPrincipal CurrentUser user, Model model) {
        return index(user, model, FormErrors.none(), new AdHocForm("", ""));
    }

    private String index(CurrentUser user, Model model, FormErrors errors, AdHocForm form) {
        if (user.is(org.preau.identity.Profile.PARENT)) {
            throw Problem.forbidden("classroom.refused.parent");
        }
        List<Option> audiences = service.audiencesFor(user).values().stream()
                .flatMap(List::stream)
                .map(a -> new Option(a.id().toString(), a.name()))
                .toList();
        model.addAttribute("rooms", service.roomsFor(user));
        model.addAttribute("audiences", audiences);
        model.addAttribute("errors", errors);
        model.addAttribute("form", form);
        return "classroom/index";
    }

    @PostMapping("/classe")
    String createAdHoc(@AuthenticationPrincipal CurrentUser user, @ModelAttribute AdHocForm form, Model model) {
        UUID audience;
        try {
            audience = UUID.fromString(form.audience() == null ? "" : form.audience());
        } catch (IllegalArgumentException e) {
            return index(user, model, FormErrors.none().add("audience", "classroom.adhoc.audience.unknown"), form);
        }
        try {
            var room = service.createAdHoc(user, audience, form.title());
            return "redirect:/classe/" + room.id();
        } catch (Problem p) {
            if (!p.hasFields()) {
                throw p;
            }
            return index(user, model, FormErrors.of(p), form);
        }
    }

    /** A lesson's room, from the teacher's "Aujourd'hui": the room if it exists, else a button to prepare it. */
    @GetMapping("/classe/cours/{slotId}/{day}")
    String lesson(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID slotId,
            @PathVariable LocalDate day,
            Model model) {
        var existing = service.lessonRoom(user, slotId, day);
        if (existing.isPresent()) {
            return "redirect:/classe/" + existing.get().room().id();
        }
        var slot = service.taughtSlot(user, slotId, day);
        model.addAttribute("slot", slot);
        model.addAttribute("day", day);
        return "classroom/lesson";
    }

    @PostMapping("/classe/cours/{slotId}/{day}")
    String prepareLesson(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID slotId, @PathVariable LocalDate day) {
        var room = service.prepareLesson(user, slotId, day);
        return "redirect:/classe/" + room.id();
    }

    @GetMapping("/classe/{roomId}")
    String room(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId, Model model) {
        return room(user, roomId, model, FormErrors.none(), "");
    }

    private String room(CurrentUser user, UUID roomId, Model model, FormErrors errors, String draft) {
        return room(user, roomId, model, errors, draft, FormErrors.none(), LineForm.empty());
    }

    private String room(
            CurrentUser user,
            UUID roomId,
            Model model,
            FormErrors errors,
            String draft,
            FormErrors boardErrors,
            LineForm line) {
        var entered = service.enter(user, roomId);
        var room = entered.room();
        var state = hub.state(room);
        String uai = directory.school(room.schoolId()).map(School::uai).orElse("");
        var page = new RoomPage(
                room,
                entered.role(),
                state.state(),
                state.lastSeq(),
                state.present(),
                state.hands(),
                state.chat(),
                state.polls(),
                BoardExport.svg(state.strokes(), t("classroom.board.title")),
                state.pupilsDraw(),
                state.isMuted(user.accountId()),
                state.handRaised(user.accountId()),
                video.configured(uai) ? Optional.of("/classe/" + roomId + "/visio") : Optional.empty(),
                errors,
                draft,
                boardErrors,
                line);
        model.addAttribute("page", page);
        return "classroom/room";
    }

    @PostMapping("/classe/{roomId}/ouvrir")
    String open(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId) {
        service.open(user, roomId);
        return "redirect:/classe/" + roomId;
    }

    @PostMapping("/classe/{roomId}/fermer")
    String close(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId) {
        service.close(user, roomId);
        var room = service.enter(user, roomId).room();
        try {
            directory.school(room.schoolId()).ifPresent(s -> video.end(s.uai(), roomId));
        } catch (BigBlueButton.VideoUnavailable e) {
            log.warn("Could not end the video meeting of room {}: {}", roomId, e.getMessage());
        }
        return "redirect:/classe/" + roomId;
    }

    @PostMapping("/classe/{roomId}/message")
    String post(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID roomId,
            @ModelAttribute ChatForm form,
            Model model) {
        try {
            service.post(user, roomId, form.text());
        } catch (Problem p) {
            if (!p.hasFields()) {
                throw p;
            }
            return room(user, roomId, model, FormErrors.of(p), form.text() == null ? "" : form.text());
        }
        return "redirect:/classe/" + roomId + "#chat";
    }

    /** A line on the whiteboard by its coordinates: drawing without a mouse, and without JavaScript. */
    @PostMapping("/classe/{roomId}/tableau/trait")
    String line(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID roomId,
            @ModelAttribute LineForm form,
            Model model) {
        try {
            service.line(user, roomId, form);
        } catch (Problem p) {
            if (!p.hasFields()) {
                throw p;
            }
            return room(user, roomId, model, FormErrors.none(), "", FormErrors.of(p), form);
        }
        return "redirect:/classe/" + roomId + "#board";
    }

    @PostMapping("/classe/{roomId}/main")
    String raiseHand(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId) {
        service.raiseHand(user, roomId);
        return "redirect:/classe/" + roomId + "#hands";
    }

    @PostMapping("/classe/{roomId}/main/baisser")
    String lowerHand(
            @AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId, @ModelAttribute HandForm form) {
        Optional<UUID> whose = Optional.empty();
        if (form.account() != null && !form.account().isBlank()) {
            try {
                whose = Optional.of(UUID.fromString(form.account()));
            } catch (IllegalArgumentException e) {
                throw Problem.badRequest("classroom.action.unknown");
            }
        }
        service.lowerHand(user, roomId, whose);
        return "redirect:/classe/" + roomId + "#hands";
    }

    /** Attendance for the vie scolaire: moderators only. */
    @GetMapping("/classe/{roomId}/presences.csv")
    ResponseEntity<byte[]> attendance(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId) {
        var entered = service.enter(user, roomId);
        if (!entered.moderates()) {
            throw Problem.forbidden("classroom.moderatorOnly");
        }
        String csv = AttendanceCsv.write(hub.state(entered.room()).stays(), this::t, clock.instant());
        return download(csv.getBytes(StandardCharsets.UTF_8), "text/csv;charset=UTF-8", "presences-" + roomId + ".csv");
    }

    @GetMapping("/classe/{roomId}/tableau.svg")
    ResponseEntity<byte[]> boardSvg(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId) {
        var entered = service.enter(user, roomId);
        String svg = BoardExport.svg(hub.state(entered.room()).strokes(), t("classroom.board.title"));
        return download(svg.getBytes(StandardCharsets.UTF_8), "image/svg+xml", "tableau-" + roomId + ".svg");
    }

    @GetMapping("/classe/{roomId}/tableau.png")
    ResponseEntity<byte[]> boardPng(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId) {
        var entered = service.enter(user, roomId);
        byte[] png = BoardExport.png(hub.state(entered.room()).strokes());
        return download(png, "image/png", "tableau-" + roomId + ".png");
    }

    /** "Rejoindre la visio": a fresh signed link, answered as a redirect, only while the room is open. */
    @GetMapping("/classe/{roomId}/visio")
    String video(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID roomId) {
        var entered = service.enter(user, roomId);
        if (hub.state(entered.room()).state() != Room.State.OPEN) {
            throw Problem.conflict("classroom.room.notOpen");
        }
        String uai =
                directory.school(entered.room().schoolId()).map(School::uai).orElse("");
        try {
            return "redirect:"
                    + video.join(
                                    uai,
                                    roomId,
                                    entered.room().title(),
                                    user.accountId(),
                                    user.displayName(),
                                    entered.moderates())
                            .orElseThrow(Problem::notFound);
        } catch (BigBlueButton.VideoUnavailable e) {
            log.warn("Video server unavailable for room {}: {}", roomId, e.getMessage());
            throw new Problem(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "classroom.video.unavailable");
        }
    }

    private ResponseEntity<byte[]> download(byte[] body, String type, String name) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(type))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .header("Content-Security-Policy", SecurityHeaders.SANDBOX)
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                .body(body);
    }

    private String t(String key) {
        Locale locale = LocaleContextHolder.getLocale();
        return messages.getMessage(key, null, key, locale);
    }
}
