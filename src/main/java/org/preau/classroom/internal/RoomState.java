package org.preau.classroom.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A room's content as the fold of its events, in sequence order: presence, chat, muted pupils, the queue of raised
 * hands, polls and votes, the whiteboard's strokes, attendance. The same fold runs on every node from the same
 * events, so every node agrees; the browser runs it too, from the events it is sent. Every method holds the instance's
 * lock and returns copies; {@link LiveHub} holds it while it applies a catch-up (read without it) and a delivery.
 */
public final class RoomState {

    public record Chat(long seq, UUID author, String name, String text, Instant at, boolean deleted) {}

    public record Hand(UUID account, String name, long seq, Instant at) {}

    public record Presence(String connection, UUID account, String name, Room.Role role) {}

    public record Poll(
            long seq,
            String question,
            List<String> options,
            boolean multiple,
            boolean anonymous,
            boolean open,
            Map<UUID, List<Integer>> votes) {

        public int[] counts() {
            int[] c = new int[options.size()];
            votes.values().forEach(v -> v.forEach(i -> c[i]++));
            return c;
        }
    }

    public record Stroke(long seq, String color, int width, int[] points) {}

    /** One stay in the room: arrived, and left (empty while still there). */
    public record Stay(UUID account, String name, Room.Role role, Instant joined, Optional<Instant> left) {}

    private Room.State state;
    private long lastSeq;
    private final List<RoomEvent> log = new ArrayList<>();
    private final LinkedHashMap<Long, Chat> chat = new LinkedHashMap<>();
    private final Set<UUID> muted = new HashSet<>();
    private final LinkedHashMap<UUID, Hand> hands = new LinkedHashMap<>();
    private final TreeMap<Long, Poll> polls = new TreeMap<>();
    private final List<Stroke> strokes = new ArrayList<>();
    private boolean pupilsDraw;
    private final LinkedHashMap<String, Presence> presence = new LinkedHashMap<>();
    private final Map<String, Integer> stayOfConnection = new LinkedHashMap<>();
    private final List<Stay> stays = new ArrayList<>();

    RoomState(Room.State initial) {
        this.state = initial;
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    /** Applies the next event; an event already applied is ignored (catching up twice is harmless). */
    synchronized void apply(RoomEvent e) {
        if (e.seq() <= lastSeq) {
            return;
        }
        if (e.seq() != lastSeq + 1) {
            throw new IllegalStateException("Room " + e.roomId() + ": event " + e.seq() + " after " + lastSeq);
        }
        lastSeq = e.seq();
        log.add(e);
        var b = e.body();
        switch (e.kind()) {
            case "room.open" -> state = Room.State.OPEN;
            case "room.close" -> {
                state = Room.State.CLOSED;
                hands.clear();
                polls.replaceAll((k, p) -> closed(p));
            }
            case "join" -> {
                var p = new Presence(
                        text(b, "conn"), uuid(b, "account"), text(b, "name"), Room.Role.valueOf(text(b, "role")));
                presence.put(p.connection(), p);
                stayOfConnection.put(p.connection(), stays.size());
                stays.add(new Stay(p.account(), p.name(), p.role(), e.at(), Optional.empty()));
            }
            case "leave" -> {
                presence.remove(text(b, "conn"));
                Integer i = stayOfConnection.remove(text(b, "conn"));
                if (i != null) {
                    var s = stays.get(i);
                    stays.set(i, new Stay(s.account(), s.name(), s.role(), s.joined(), Optional.of(e.at())));
                }
            }
            case "chat" -> {
                // A message numbered after its author's mute is withheld, on every node alike: a mute takes effect
                // at its place in the log, even for a message sent from a node its signal had not reached yet.
                boolean withheld = muted.contains(uuid(b, "account"));
                chat.put(
                        e.seq(),
                        new Chat(
                                e.seq(),
                                uuid(b, "account"),
                                text(b, "name"),
                                withheld ? "" : text(b, "text"),
                                e.at(),
                                withheld));
            }
            case "chat.delete" -> {
                long target = b.get("target").asLong();
                var c = chat.get(target);
                if (c != null) {
                    chat.put(target, new Chat(c.seq(), c.author(), c.name(), "", c.at(), true));
                }
            }
            case "mute" -> {
                if (b.get("muted").asBoolean()) {
                    muted.add(uuid(b, "account"));
                } else {
                    muted.remove(uuid(b, "account"));
                }
            }
            case "hand.raise" ->
                hands.putIfAbsent(uuid(b, "account"), new Hand(uuid(b, "account"), text(b, "name"), e.seq(), e.at()));
            case "hand.lower" -> hands.remove(uuid(b, "account"));
            case "poll.open" -> {
                List<String> options = new ArrayList<>();
                b.get("options").forEach(o -> options.add(o.asString()));
                polls.put(
                        e.seq(),
                        new Poll(
                                e.seq(),
                                text(b, "question"),
                                List.copyOf(options),
                                b.get("multiple").asBoolean(),
                                b.get("anonymous").asBoolean(),
                                true,
                                new LinkedHashMap<>()));
            }
            case "poll.vote" -> {
                var p = polls.get(b.get("poll").asLong());
                if (p != null && p.open()) {
                    List<Integer> choices = new ArrayList<>();
                    b.get("choices").forEach(c -> choices.add(c.asInt()));
                    p.votes().put(uuid(b, "account"), List.copyOf(choices));
                }
            }
            case "poll.close" -> {
                var p = polls.get(b.get("poll").asLong());
                if (p != null) {
                    polls.put(p.seq(), closed(p));
                }
            }
            case "board.stroke" -> {
                var pts = (ArrayNode) b.get("points");
                int[] points = new int[pts.size()];
                for (int i = 0; i < points.length; i++) {
                    points[i] = pts.get(i).asInt();
                }
                strokes.add(new Stroke(e.seq(), text(b, "color"), b.get("width").asInt(), points));
            }
            case "board.clear" -> strokes.clear();
            case "board.pupils" -> pupilsDraw = b.get("allowed").asBoolean();
            default -> {
                // An event kind this version does not know: kept in the log, shown by nothing.
            }
        }
    }

    private static Poll closed(Poll p) {
        return new Poll(p.seq(), p.question(), p.options(), p.multiple(), p.anonymous(), false, p.votes());
    }

    /** The events after {@code seq}, in order (a copy). */
    synchronized List<RoomEvent> after(long seq) {
        if (seq >= lastSeq) {
            return List.of();
        }
        int from = (int) Math.max(0, seq);
        // log.get(i) has seq i + 1: the log starts at 1 and has no gap.
        return List.copyOf(log.subList(from, log.size()));
    }

    /**
     * The event as {@code viewer} is sent it. What must not travel is left out here, on the server: a deleted
     * message's text (a late joiner replaying the log never receives it), and who voted what in an anonymous poll,
     * or in any poll for anyone but the moderators (a pupil learns only that their own vote counted).
     */
    /**
     * Which rendering of {@code e} {@code viewer} gets: viewers with the same answer get the same bytes from {@link
     * #render} (at the same state). Only a vote differs by viewer: the voter's own, the moderators' of a named poll.
     */
    synchronized String viewOf(RoomEvent e, UUID viewer, Room.Role role) {
        if (!"poll.vote".equals(e.kind())) {
            return "all";
        }
        var seen = voteSeen(e.body(), viewer, role);
        return (seen.mine() ? "mine" : "")
                + (seen.named() ? "named" : "")
                + (seen.mine() || seen.named() ? "" : "others");
    }

    /** What a viewer may see of a vote: their own (with its choice), or a named poll's as its moderator. */
    private record VoteSeen(boolean mine, boolean named) {}

    /** The one rule for both {@link #render} and {@link #viewOf}, so a shared frame never shows more than its own. */
    private VoteSeen voteSeen(ObjectNode body, UUID viewer, Room.Role role) {
        var p = polls.get(body.get("poll").asLong());
        return new VoteSeen(
                viewer.equals(uuid(body, "account")), p != null && !p.anonymous() && role == Room.Role.MODERATOR);
    }

    synchronized ObjectNode render(RoomEvent e, UUID viewer, Room.Role role, ObjectNode out) {
        out.put("type", "event");
        out.put("seq", e.seq());
        out.put("kind", e.kind());
        out.put("at", e.at().toString());
        ObjectNode body = e.body().deepCopy();
        switch (e.kind()) {
            case "chat" -> {
                var c = chat.get(e.seq());
                if (c != null && c.deleted()) {
                    body.remove("text");
                    body.put("deleted", true);
                }
            }
            case "poll.vote" -> {
                // The results travel as counts taken now (the fold's latest), never as who chose what: a client
                // replaces its counts with the latest it received.
                var p = polls.get(body.get("poll").asLong());
                var seen = voteSeen(body, viewer, role);
                boolean mine = seen.mine();
                boolean named = seen.named();
                var shown = out.objectNode();
                shown.put("poll", body.get("poll").asLong());
                shown.put("mine", mine);
                if (mine || named) {
                    shown.set("choices", body.get("choices"));
                }
                if (named) {
                    shown.put("name", body.get("name").asString());
                }
                var counts = shown.putArray("counts");
                if (p != null) {
                    for (int c : p.counts()) {
                        counts.add(c);
                    }
                }
                body = shown;
            }
            case "join", "leave" -> body.remove("node");
            default -> {}
        }
        out.set("body", body);
        return out;
    }

    /**
     * Which frame {@link #renderFrame} makes of {@code events} for {@code viewer}: viewers with the same key get the
     * same bytes (at the same state). The events are a range of the log, so their numbers and what the viewer may
     * see of each vote in it decide the frame.
     */
    synchronized String frameKey(List<RoomEvent> events, UUID viewer, Room.Role role) {
        var key = new StringBuilder()
                .append(events.getFirst().seq())
                .append('-')
                .append(events.getLast().seq());
        for (var e : events) {
            if ("poll.vote".equals(e.kind())) {
                key.append('/').append(viewOf(e, viewer, role));
            }
        }
        return key.toString();
    }

    /**
     * The events as {@code viewer} is sent them in one frame, each as {@link #render} shows it, except that a run of
     * votes of one poll that the viewer may see only as counts goes as the last of them, marked {@code "from"} with
     * the first one's number: a vote shows such a viewer nothing but the poll's latest counts, the same in each, so
     * the run's last stands for the run (ADR 0090). A client takes it as the events from {@code from} to {@code seq}.
     * The voter's own votes, and a named poll's votes for its moderators, are never folded.
     */
    synchronized void renderFrame(List<RoomEvent> events, UUID viewer, Room.Role role, ArrayNode out) {
        for (int i = 0; i < events.size(); i++) {
            var e = events.get(i);
            long from = e.seq();
            while (i + 1 < events.size()
                    && foldable(e, viewer, role)
                    && foldable(events.get(i + 1), viewer, role)
                    && samePoll(e, events.get(i + 1))) {
                e = events.get(++i);
            }
            var shown = render(e, viewer, role, out.addObject());
            if (from != e.seq()) {
                shown.put("from", from);
            }
        }
    }

    /** A vote the viewer sees only as counts: {@link #viewOf}'s "others". */
    private boolean foldable(RoomEvent e, UUID viewer, Room.Role role) {
        return "others".equals(viewOf(e, viewer, role));
    }

    private static boolean samePoll(RoomEvent a, RoomEvent b) {
        return a.body().get("poll").asLong() == b.body().get("poll").asLong();
    }

    /** How many chat messages a snapshot carries: the latest, the ones a joining pupil reads. */
    static final int CHAT_TAIL = 200;

    /**
     * The room as it is at {@link #lastSeq()}, as {@code viewer} may see it: what a joining client starts from
     * instead of replaying the log (then it is sent the events after that number). The same rules as
     * {@link #render}: no deleted message's text, and poll results as counts (with the viewer's own choices only).
     */
    synchronized ObjectNode snapshot(UUID viewer, ObjectNode out) {
        out.put("state", state.name());
        out.put("pupilsDraw", pupilsDraw);
        var present = out.putArray("present");
        for (var p : presence.values()) {
            var o = present.addObject();
            o.put("conn", p.connection());
            o.put("account", p.account().toString());
            o.put("name", p.name());
            o.put("role", p.role().name());
        }
        var mutedOut = out.putArray("muted");
        muted.forEach(a -> mutedOut.add(a.toString()));
        var handsOut = out.putArray("hands");
        for (var h : hands.values()) {
            var o = handsOut.addObject();
            o.put("account", h.account().toString());
            o.put("name", h.name());
            o.put("at", h.at().toString());
        }
        var messages = List.copyOf(chat.values());
        int from = Math.max(0, messages.size() - CHAT_TAIL);
        out.put("chatEarlier", from);
        var chatOut = out.putArray("chat");
        for (var c : messages.subList(from, messages.size())) {
            var o = chatOut.addObject();
            o.put("seq", c.seq());
            o.put("account", c.author().toString());
            o.put("name", c.name());
            o.put("at", c.at().toString());
            o.put("deleted", c.deleted());
            if (!c.deleted()) {
                o.put("text", c.text());
            }
        }
        var pollsOut = out.putArray("polls");
        for (var p : polls.values()) {
            var o = pollsOut.addObject();
            o.put("seq", p.seq());
            o.put("question", p.question());
            var options = o.putArray("options");
            p.options().forEach(options::add);
            o.put("multiple", p.multiple());
            o.put("anonymous", p.anonymous());
            o.put("open", p.open());
            var counts = o.putArray("counts");
            for (int c : p.counts()) {
                counts.add(c);
            }
            var mine = p.votes().get(viewer);
            if (mine != null) {
                var m = o.putArray("mine");
                mine.forEach(m::add);
            }
        }
        var strokesOut = out.putArray("strokes");
        for (var s : strokes) {
            var o = strokesOut.addObject();
            o.put("color", s.color());
            o.put("width", s.width());
            var pts = o.putArray("points");
            for (int v : s.points()) {
                pts.add(v);
            }
        }
        return out;
    }

    synchronized Room.State state() {
        return state;
    }

    synchronized List<Chat> chat() {
        return List.copyOf(chat.values());
    }

    synchronized boolean isMuted(UUID account) {
        return muted.contains(account);
    }

    synchronized Set<UUID> muted() {
        return Collections.unmodifiableSet(new HashSet<>(muted));
    }

    synchronized List<Hand> hands() {
        return List.copyOf(hands.values());
    }

    synchronized boolean handRaised(UUID account) {
        return hands.containsKey(account);
    }

    synchronized List<Poll> polls() {
        return List.copyOf(polls.values());
    }

    synchronized Optional<Poll> poll(long seq) {
        return Optional.ofNullable(polls.get(seq));
    }

    synchronized List<Stroke> strokes() {
        return List.copyOf(strokes);
    }

    synchronized boolean pupilsDraw() {
        return pupilsDraw;
    }

    /** Who is in the room now, once per person (several tabs count once), in order of arrival. */
    synchronized List<Presence> present() {
        Map<UUID, Presence> byAccount = new LinkedHashMap<>();
        presence.values().forEach(p -> byAccount.putIfAbsent(p.account(), p));
        return List.copyOf(byAccount.values());
    }

    /** The connections present now, for a node to write their leaves. */
    synchronized List<Presence> connections() {
        return List.copyOf(presence.values());
    }

    synchronized List<Stay> stays() {
        return List.copyOf(stays);
    }

    private static String text(JsonNode b, String field) {
        var v = b.get(field);
        return v == null ? "" : v.asString();
    }

    private static UUID uuid(JsonNode b, String field) {
        return UUID.fromString(b.get(field).asString());
    }
}
