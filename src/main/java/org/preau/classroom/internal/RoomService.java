package org.preau.classroom.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.preau.directory.Audience;
import org.preau.directory.Directory;
import org.preau.directory.Membership;
import org.preau.directory.Role;
import org.preau.directory.TimetableSlot;
import org.preau.identity.CurrentUser;
import org.preau.notifications.NotificationKind;
import org.preau.notifications.NotificationRequested;
import org.preau.platform.ClusterBus;
import org.preau.platform.Ids;
import org.preau.platform.web.Problem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Everything done in a room, for the page's forms and the WebSocket alike, each action checked here: who the user is
 * in the room ({@link RoomAccess}), whether the room is open, whether the action is theirs (only moderators open,
 * close, delete, mute, run polls, clear the board or let pupils draw; a muted pupil does not post). An action becomes
 * one event of the room's log ({@link EventLog}); this node shows it at once, the others when signalled.
 *
 * <p>A page's form asks who the user is at each request. A WebSocket connection asks once, at its handshake, and
 * its actions are checked against that answer and against the room's state as this node holds it, kept current by
 * the event stream, so that an action costs one statement, its append (ADR 0072). What must take effect at once
 * still does: a closed room refuses in the append itself (the room row says so, on every node), a muted pupil's
 * message after the mute in the log's order is withheld by the fold, and an ended session closes its connections.
 */
@Service
class RoomService {

    /** Who asks for the "en direct" marks: a room of this audience opened or closed. */
    static final String LIVE_TOPIC = "classroom.live";

    private static final Pattern COLOR = Pattern.compile("#[0-9a-fA-F]{6}");
    static final int MAX_POINTS = 1000;
    static final int BOARD_SIZE = 1000;

    private final RoomRepository rooms;
    private final RoomAccess access;
    private final EventLog log;
    private final LiveHub hub;
    private final Directory directory;
    private final ClusterBus bus;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final LiveLessonMarks marks;
    private final ApplicationEventPublisher events;
    private final LiveConnections connections;

    RoomService(
            RoomRepository rooms,
            RoomAccess access,
            EventLog log,
            LiveHub hub,
            Directory directory,
            ClusterBus bus,
            TransactionTemplate tx,
            Clock clock,
            LiveLessonMarks marks,
            ApplicationEventPublisher events,
            LiveConnections connections) {
        this.connections = connections;
        this.marks = marks;
        this.events = events;
        this.rooms = rooms;
        this.access = access;
        this.log = log;
        this.hub = hub;
        this.directory = directory;
        this.bus = bus;
        this.tx = tx;
        this.clock = clock;
    }

    /** A room and who the user is in it. */
    record Entered(Room room, Room.Role role, boolean connected) {
        Entered(Room room, Room.Role role) {
            this(room, role, false);
        }

        /** The answer of a connection's handshake, which its actions reuse (no query per action). */
        static Entered ofConnection(Room room, Room.Role role) {
            return new Entered(room, role, true);
        }

        boolean moderates() {
            return role == Room.Role.MODERATOR;
        }
    }

    Entered enter(CurrentUser user, UUID roomId) {
        Room room = rooms.find(roomId).orElseThrow(Problem::notFound);
        return new Entered(room, access.roleIn(user, room));
    }

    /** The lesson's room, if already prepared; the user must be allowed in. */
    Optional<Entered> lessonRoom(CurrentUser user, UUID slotId, LocalDate date) {
        var slot = taughtSlot(user, slotId, date);
        return rooms.findLesson(slot.schoolId(), slotId, date).map(r -> new Entered(r, access.roleIn(user, r)));
    }

    /** The slot, if the user teaches its class or group (or is staff there) and it is held on that date. */
    TimetableSlot taughtSlot(CurrentUser user, UUID slotId, LocalDate date) {
        for (var audiences : audiencesFor(user).entrySet()) {
            UUID schoolId = audiences.getKey();
            var ids = audiences.getValue().stream().map(Audience::id).toList();
            for (var slot : directory.weeklyTimetable(schoolId, ids)) {
                if (slot.id().equals(slotId)) {
                    boolean held = directory
                            .timetableOn(schoolId, List.of(slot.audience().id()), date)
                            .stream()
                            .anyMatch(s -> s.id().equals(slotId));
                    if (!held) {
                        throw Problem.notFound();
                    }
                    return slot;
                }
            }
        }
        throw Problem.notFound();
    }

    /** Creates the lesson's room (or finds it, if a co-teacher just did). */
    Room prepareLesson(CurrentUser user, UUID slotId, LocalDate date) {
        var slot = taughtSlot(user, slotId, date);
        var room = new Room(
                slot.schoolId(),
                Ids.newId(),
                Room.Kind.LESSON,
                slot.audience().id(),
                Optional.of(slot.subject().id()),
                Optional.of(slotId),
                Optional.of(date),
                slot.subject().label() + " · " + slot.audience().name(),
                user.accountId(),
                Room.State.WAITING,
                0,
                RoomRepository.now(clock));
        return rooms.insertLesson(room);
    }

    Room createAdHoc(CurrentUser user, UUID audienceId, String title) {
        String t = title == null ? "" : title.strip();
        if (t.isEmpty()) {
            throw Problem.invalid("title", "classroom.adhoc.title.empty");
        }
        if (t.length() > 120) {
            throw Problem.invalid("title", "classroom.adhoc.title.tooLong", 120);
        }
        var audience = audiencesFor(user).values().stream()
                .flatMap(List::stream)
                .filter(a -> a.id().equals(audienceId))
                .findFirst()
                .orElseThrow(() -> Problem.invalid("audience", "classroom.adhoc.audience.unknown"));
        if (!access.mayCreateFor(user, audience.schoolId(), audienceId)) {
            throw Problem.forbidden();
        }
        var room = new Room(
                audience.schoolId(),
                Ids.newId(),
                Room.Kind.ADHOC,
                audienceId,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                ChatText.clean(t),
                user.accountId(),
                Room.State.WAITING,
                0,
                RoomRepository.now(clock));
        rooms.insertAdHoc(room);
        return room;
    }

    /** The classes and groups for which the user may create rooms, by school: what they teach, all for staff. */
    Map<UUID, List<Audience>> audiencesFor(CurrentUser user) {
        Map<UUID, List<Audience>> out = new LinkedHashMap<>();
        for (var a : directory.assignmentsOf(user.accountId())) {
            var list = out.computeIfAbsent(a.schoolId(), s -> new ArrayList<>());
            if (!list.contains(a.audience())) {
                list.add(a.audience());
            }
        }
        for (Membership m : directory.membershipsOf(user.accountId())) {
            if (m.role() == Role.STAFF) {
                UUID s = m.school().id();
                var list = out.computeIfAbsent(s, k -> new ArrayList<>());
                directory
                        .classes(s)
                        .forEach(c -> addOnce(list, new Audience(s, Audience.Kind.CLASS, c.id(), c.name())));
                directory.groups(s).forEach(g -> addOnce(list, new Audience(s, Audience.Kind.GROUP, g.id(), g.name())));
            }
        }
        return out;
    }

    private static void addOnce(List<Audience> list, Audience a) {
        if (list.stream().noneMatch(x -> x.id().equals(a.id()))) {
            list.add(a);
        }
    }

    /** The rooms the user may see in their list: of their classes and groups (pupils), or that they may run. */
    List<Room> roomsFor(CurrentUser user) {
        List<Room> out = new ArrayList<>();
        if (user.is(org.preau.identity.Profile.PUPIL)) {
            directory
                    .placementOf(user.accountId())
                    .ifPresent(p -> out.addAll(rooms.ofAudiences(
                            p.school().id(),
                            p.audiences().stream().map(Audience::id).toList(),
                            30)));
        } else if (!user.is(org.preau.identity.Profile.PARENT)) {
            audiencesFor(user)
                    .forEach((school, audiences) -> out.addAll(rooms.ofAudiences(
                            school, audiences.stream().map(Audience::id).toList(), 30)));
        }
        return out;
    }

    void open(CurrentUser user, UUID roomId) {
        open(user, moderator(enter(user, roomId)));
    }

    private void open(CurrentUser user, Entered e) {
        if (stateOf(e).state() == Room.State.OPEN) {
            return;
        }
        setState(e, Room.State.OPEN, "room.open", user);
    }

    void close(CurrentUser user, UUID roomId) {
        close(user, moderator(enter(user, roomId)));
    }

    private void close(CurrentUser user, Entered e) {
        if (stateOf(e).state() == Room.State.CLOSED) {
            return;
        }
        setState(e, Room.State.CLOSED, "room.close", user);
    }

    private void setState(Entered e, Room.State state, String kind, CurrentUser user) {
        var written = tx.execute(s -> {
            rooms.setState(e.room().schoolId(), e.room().id(), state);
            var event = log.append(e.room(), kind, Optional.of(user.accountId()), named(user));
            bus.publish(LIVE_TOPIC, e.room().schoolId() + "/" + e.room().audienceId());
            if (state == Room.State.OPEN) {
                notifyOpening(e.room(), event.seq(), user);
            }
            return event;
        });
        marks.changed(e.room().schoolId(), e.room().audienceId());
        hub.appended(written);
    }

    /**
     * Tells the room's pupils that it is open ("Nouveautés", and mail per their preference), in the opening's
     * transaction through the event registry; the opening's sequence number makes it one notification per opening.
     */
    private void notifyOpening(Room room, long seq, CurrentUser user) {
        var pupils = directory.pupilsOf(room.schoolId(), room.audienceId()).stream()
                .map(org.preau.directory.Person::accountId)
                .toList();
        if (pupils.isEmpty()) {
            return;
        }
        String key = "live:" + room.id() + ":" + seq;
        String link = "/classe/" + room.id();
        var args = List.of(user.displayName(), room.title());
        var now = clock.instant();
        events.publishEvent(new NotificationRequested(
                NotificationKind.LIVE_CLASS_OPENED, key, pupils, Optional.of(room.schoolId()), args, link, now));
    }

    /**
     * A connection arrives: its join, with the role the server decided, and its row naming the node that holds it
     * (so that, should that node crash, another one writes its leave: ADR 0058).
     */
    void join(CurrentUser user, Room room, Room.Role role, String connection, String node) {
        var body = named(user);
        body.put("conn", connection);
        body.put("role", role.name());
        body.put("node", node);
        var joined = tx.execute(s -> {
            var event = log.append(room, "join", Optional.of(user.accountId()), body);
            connections.add(connection, room, user.accountId(), node, event.at());
            return event;
        });
        hub.appended(joined);
    }

    /** A connection ends: its leave, written once however many times (and on whichever node) it is asked for. */
    void leave(String connection) {
        leave(connection, false);
    }

    /** The leave of a connection whose node was lost (crashed, or cut from the database). */
    void leaveLost(LiveConnections.Row row) {
        leave(row.connection(), true);
    }

    private void leave(String connection, boolean lost) {
        Optional<RoomEvent> left =
                tx.execute(s -> connections.remove(connection).map(row -> {
                    var room = hub.loadedRoom(row.roomId())
                            .or(() -> rooms.find(row.roomId()))
                            .orElseThrow();
                    var body = log.object();
                    body.put("conn", connection);
                    body.put("account", row.accountId().toString());
                    if (lost) {
                        body.put("lost", true);
                    }
                    return log.append(room, "leave", Optional.of(row.accountId()), body);
                }));
        if (left != null) {
            left.ifPresent(hub::appended);
        }
    }

    void post(CurrentUser user, UUID roomId, String text) {
        post(user, enter(user, roomId), text);
    }

    private void post(CurrentUser user, Entered e, String text) {
        requireOpen(e);
        String clean = ChatText.clean(text);
        if (stateOf(e).isMuted(user.accountId())) {
            throw Problem.forbidden("classroom.chat.muted");
        }
        var body = named(user);
        body.put("text", clean);
        appendLive(e, user, "chat", body);
    }

    void deleteMessage(CurrentUser user, UUID roomId, long seq) {
        deleteMessage(user, moderator(enter(user, roomId)), seq);
    }

    private void deleteMessage(CurrentUser user, Entered e, long seq) {
        boolean exists = stateOf(e).chat().stream().anyMatch(c -> c.seq() == seq && !c.deleted());
        if (!exists) {
            throw Problem.notFound();
        }
        var body = log.object();
        body.put("target", seq);
        append(e, user, "chat.delete", body);
    }

    void mute(CurrentUser user, UUID roomId, UUID pupilId, boolean muted) {
        mute(user, moderator(enter(user, roomId)), pupilId, muted);
    }

    private void mute(CurrentUser user, Entered e, UUID pupilId, boolean muted) {
        var who = stateOf(e).stays().stream()
                .filter(s -> s.account().equals(pupilId) && s.role() == Room.Role.PARTICIPANT)
                .findFirst()
                .orElseThrow(Problem::notFound);
        var body = log.object();
        body.put("account", pupilId.toString());
        body.put("name", who.name());
        body.put("muted", muted);
        append(e, user, "mute", body);
    }

    void raiseHand(CurrentUser user, UUID roomId) {
        raiseHand(user, enter(user, roomId));
    }

    private void raiseHand(CurrentUser user, Entered e) {
        requireOpen(e);
        if (stateOf(e).handRaised(user.accountId())) {
            return;
        }
        appendLive(e, user, "hand.raise", named(user));
    }

    /** Lowers one's own hand; a moderator lowers anyone's (takes the next in the queue). */
    void lowerHand(CurrentUser user, UUID roomId, Optional<UUID> whose) {
        lowerHand(user, enter(user, roomId), whose);
    }

    private void lowerHand(CurrentUser user, Entered e, Optional<UUID> whose) {
        requireOpen(e);
        UUID target = whose.orElse(user.accountId());
        if (!target.equals(user.accountId()) && !e.moderates()) {
            throw Problem.forbidden("classroom.moderatorOnly");
        }
        if (!stateOf(e).handRaised(target)) {
            return;
        }
        var body = log.object();
        body.put("account", target.toString());
        appendLive(e, user, "hand.lower", body);
    }

    void openPoll(
            CurrentUser user, UUID roomId, String question, List<String> options, boolean multiple, boolean anonymous) {
        openPoll(user, moderator(enter(user, roomId)), question, options, multiple, anonymous);
    }

    private void openPoll(
            CurrentUser user, Entered e, String question, List<String> options, boolean multiple, boolean anonymous) {
        requireOpen(e);
        String q = question == null ? "" : question.strip();
        if (q.isEmpty() || q.length() > 200) {
            throw Problem.invalid("question", "classroom.poll.question");
        }
        List<String> opts = options == null
                ? List.of()
                : options.stream()
                        .map(o -> o == null ? "" : o.strip())
                        .filter(o -> !o.isEmpty())
                        .toList();
        if (opts.size() < 2 || opts.size() > 8 || opts.stream().anyMatch(o -> o.length() > 80)) {
            throw Problem.invalid("options", "classroom.poll.options");
        }
        var body = log.object();
        body.put("question", ChatText.clean(q));
        var arr = body.putArray("options");
        opts.forEach(o -> arr.add(ChatText.clean(o)));
        body.put("multiple", multiple);
        body.put("anonymous", anonymous);
        appendLive(e, user, "poll.open", body);
    }

    void vote(CurrentUser user, UUID roomId, long pollSeq, List<Integer> choices) {
        vote(user, enter(user, roomId), pollSeq, choices);
    }

    private void vote(CurrentUser user, Entered e, long pollSeq, List<Integer> choices) {
        requireOpen(e);
        var poll = stateOf(e)
                .poll(pollSeq)
                .filter(RoomState.Poll::open)
                .orElseThrow(() -> Problem.conflict("classroom.poll.closed"));
        var distinct = choices == null
                ? List.<Integer>of()
                : choices.stream().distinct().sorted().toList();
        if (distinct.isEmpty()
                || (!poll.multiple() && distinct.size() > 1)
                || distinct.stream().anyMatch(c -> c < 0 || c >= poll.options().size())) {
            throw Problem.badRequest("classroom.poll.choice");
        }
        var body = named(user);
        body.put("poll", pollSeq);
        var arr = body.putArray("choices");
        distinct.forEach(arr::add);
        appendLive(e, user, "poll.vote", body);
    }

    void closePoll(CurrentUser user, UUID roomId, long pollSeq) {
        closePoll(user, moderator(enter(user, roomId)), pollSeq);
    }

    private void closePoll(CurrentUser user, Entered e, long pollSeq) {
        stateOf(e).poll(pollSeq).filter(RoomState.Poll::open).orElseThrow(Problem::notFound);
        var body = log.object();
        body.put("poll", pollSeq);
        append(e, user, "poll.close", body);
    }

    /** A stroke on the whiteboard: moderators always, pupils when allowed. Points are x,y pairs in 0..1000. */
    void stroke(CurrentUser user, UUID roomId, String color, int width, List<Integer> points) {
        stroke(user, enter(user, roomId), color, width, points);
    }

    private void stroke(CurrentUser user, Entered e, String color, int width, List<Integer> points) {
        requireOpen(e);
        if (!e.moderates() && !stateOf(e).pupilsDraw()) {
            throw Problem.forbidden("classroom.board.notAllowed");
        }
        if (color == null || !COLOR.matcher(color).matches() || width < 1 || width > 40) {
            throw Problem.badRequest("classroom.board.invalid");
        }
        if (points == null
                || points.size() < 2
                || points.size() % 2 != 0
                || points.size() > 2 * MAX_POINTS
                || points.stream().anyMatch(p -> p == null || p < 0 || p > BOARD_SIZE)) {
            throw Problem.badRequest("classroom.board.invalid");
        }
        var body = log.object();
        body.put("account", user.accountId().toString());
        body.put("color", color.toLowerCase(java.util.Locale.ROOT));
        body.put("width", width);
        var arr = body.putArray("points");
        points.forEach(arr::add);
        appendLive(e, user, "board.stroke", body);
    }

    /**
     * A straight line by its ends' coordinates: the whiteboard's form, which draws without a mouse and without
     * JavaScript. Refused like a stroke (rights first), then field by field, in the user's language.
     */
    void line(CurrentUser user, UUID roomId, LineForm form) {
        var e = enter(user, roomId);
        requireOpen(e);
        if (!e.moderates() && !stateOf(e).pupilsDraw()) {
            throw Problem.forbidden("classroom.board.notAllowed");
        }
        var errors = org.preau.platform.web.forms.FormErrors.none();
        List<Integer> points = new ArrayList<>();
        for (String field : List.of("fromX", "fromY", "toX", "toY")) {
            String raw = form.value(field).strip();
            Integer v = null;
            try {
                v = Integer.valueOf(raw);
            } catch (NumberFormatException notANumber) {
                // reported below
            }
            if (v == null || v < 0 || v > BOARD_SIZE) {
                errors.add(field, "classroom.board.coordinate", "0", String.valueOf(BOARD_SIZE));
            } else {
                points.add(v);
            }
        }
        String color = form.value("lineColor");
        if (!LineForm.COLORS.contains(color)) {
            errors.add("lineColor", "classroom.board.color.unknown");
        }
        if (errors.any()) {
            throw errors.toProblem();
        }
        stroke(user, e, color, 4, points);
    }

    void clearBoard(CurrentUser user, UUID roomId) {
        clearBoard(user, moderator(enter(user, roomId)));
    }

    private void clearBoard(CurrentUser user, Entered e) {
        append(e, user, "board.clear", log.object());
    }

    void letPupilsDraw(CurrentUser user, UUID roomId, boolean allowed) {
        letPupilsDraw(user, moderator(enter(user, roomId)), allowed);
    }

    private void letPupilsDraw(CurrentUser user, Entered e, boolean allowed) {
        var body = log.object();
        body.put("allowed", allowed);
        append(e, user, "board.pupils", body);
    }

    /** An action as JSON, by someone asked who they are in the room now (a test's, or a page's). */
    void act(CurrentUser user, UUID roomId, JsonNode a) {
        act(user, enter(user, roomId), a);
    }

    /**
     * An action sent over the WebSocket, as JSON: {@code {"action": "chat", "text": "..."}}, by the user the
     * connection's handshake found in the room, with the role it found; nothing the client sends changes either.
     */
    void act(CurrentUser user, Entered e, JsonNode a) {
        String action = a.path("action").asString("");
        switch (action) {
            case "chat" -> post(user, e, a.path("text").asString(""));
            case "chat.delete" ->
                deleteMessage(user, moderator(e), a.path("seq").asLong());
            case "mute" ->
                mute(user, moderator(e), uuid(a, "account"), a.path("muted").asBoolean(true));
            case "hand.raise" -> raiseHand(user, e);
            case "hand.lower" ->
                lowerHand(user, e, a.hasNonNull("account") ? Optional.of(uuid(a, "account")) : Optional.empty());
            case "poll.open" -> {
                List<String> options = new ArrayList<>();
                a.path("options").forEach(o -> options.add(o.asString("")));
                openPoll(
                        user,
                        moderator(e),
                        a.path("question").asString(""),
                        options,
                        a.path("multiple").asBoolean(false),
                        a.path("anonymous").asBoolean(false));
            }
            case "poll.vote" -> {
                List<Integer> choices = new ArrayList<>();
                a.path("choices").forEach(c -> choices.add(c.asInt(-1)));
                vote(user, e, a.path("poll").asLong(), choices);
            }
            case "poll.close" -> closePoll(user, moderator(e), a.path("poll").asLong());
            case "board.stroke" -> {
                List<Integer> points = new ArrayList<>();
                a.path("points").forEach(p -> points.add(p.isInt() ? p.asInt() : -1));
                stroke(user, e, a.path("color").asString(""), a.path("width").asInt(0), points);
            }
            case "board.clear" -> clearBoard(user, moderator(e));
            case "board.pupils" ->
                letPupilsDraw(user, moderator(e), a.path("allowed").asBoolean(false));
            case "room.open" -> open(user, moderator(e));
            case "room.close" -> close(user, moderator(e));
            default -> throw Problem.badRequest("classroom.action.unknown");
        }
    }

    private static UUID uuid(JsonNode a, String field) {
        try {
            return UUID.fromString(a.path(field).asString(""));
        } catch (IllegalArgumentException e) {
            throw Problem.badRequest("classroom.action.unknown");
        }
    }

    private static Entered moderator(Entered e) {
        if (!e.moderates()) {
            throw Problem.forbidden("classroom.moderatorOnly");
        }
        return e;
    }

    /**
     * The room's state to check an action against: for a connection, as this node holds it (no query: the stream
     * keeps it current); for a page's form, caught up with the table first.
     */
    private RoomState stateOf(Entered e) {
        return e.connected() ? hub.current(e.room()) : hub.state(e.room());
    }

    /** Pupils act only in an open room; so do teachers, except to open it. */
    private void requireOpen(Entered e) {
        refuseUnlessOpen(stateOf(e).state());
    }

    private static void refuseUnlessOpen(Room.State state) {
        if (state != Room.State.OPEN) {
            throw Problem.conflict(state == Room.State.CLOSED ? "classroom.room.closed" : "classroom.room.notOpen");
        }
    }

    private void append(Entered e, CurrentUser user, String kind, ObjectNode body) {
        hub.appended(log.append(e.room(), kind, Optional.of(user.accountId()), body));
    }

    /**
     * Appends an action that needs the room open: refused by the append itself if the room is not open in the
     * database, however recently it closed and whatever this node has seen of it yet.
     */
    private void appendLive(Entered e, CurrentUser user, String kind, ObjectNode body) {
        var written = log.appendIfOpen(e.room(), kind, Optional.of(user.accountId()), body);
        if (written.isEmpty()) {
            // Refused: say why from the room's latest (a read, on this rare path only).
            var state = hub.state(e.room()).state();
            throw Problem.conflict(state == Room.State.WAITING ? "classroom.room.notOpen" : "classroom.room.closed");
        }
        hub.appended(written.get());
    }

    private ObjectNode named(CurrentUser user) {
        var body = log.object();
        body.put("account", user.accountId().toString());
        body.put("name", user.displayName());
        return body;
    }
}
