package org.preau.messaging.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.preau.directory.CommunicationRules;
import org.preau.directory.Directory;
import org.preau.directory.Membership;
import org.preau.directory.Person;
import org.preau.directory.PupilPlacement;
import org.preau.directory.RecipientGroup;
import org.preau.identity.CurrentUser;
import org.preau.messaging.MessageDelivered;
import org.preau.messaging.internal.Mail.AttachmentChanges;
import org.preau.messaging.internal.Mail.DraftInput;
import org.preau.messaging.internal.Mail.Folder;
import org.preau.messaging.internal.Mail.Message;
import org.preau.messaging.internal.Mail.Page;
import org.preau.messaging.internal.Mail.Suspension;
import org.preau.messaging.internal.Mail.Target;
import org.preau.messaging.internal.MessageRepository.Box;
import org.preau.messaging.internal.MessageRepository.Cursor;
import org.preau.notifications.NotificationKind;
import org.preau.notifications.NotificationRequested;
import org.preau.platform.Ids;
import org.preau.platform.text.RichText;
import org.preau.platform.web.Problem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything a person does with their own messages, for the pages and the API alike. Rights are decided here: one
 * reads only messages one is a party to (every read goes through one's own mailbox row, so a guessed id answers "not
 * found"), one writes only to whom the directory's communication rules allow or to someone who wrote to one first,
 * within the send limits, and nobody sends while their account or their school's messaging is suspended.
 */
@Service
public class MessagingService {

    static final int PAGE_SIZE = 30;
    static final int MAX_SUBJECT = 200;
    static final int MAX_BODY = 20_000;
    static final int MAX_TARGETS = 50;
    static final int MAX_FOLDER_NAME = 60;

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final MessageRepository repository;
    private final SafetyRepository safety;
    private final CommunicationRules rules;
    private final Directory directory;
    private final SendLimits limits;
    private final ApplicationEventPublisher events;
    private final MessageAttachments attachments;
    private final Clock clock;

    MessagingService(
            MessageRepository repository,
            MessageAttachments attachments,
            SafetyRepository safety,
            CommunicationRules rules,
            Directory directory,
            SendLimits limits,
            ApplicationEventPublisher events,
            Clock clock) {
        this.repository = repository;
        this.attachments = attachments;
        this.safety = safety;
        this.rules = rules;
        this.directory = directory;
        this.limits = limits;
        this.events = events;
        this.clock = clock;
    }

    // ---- reading -----------------------------------------------------------------------------------------------

    /** A folder by its page name: the inbox by default, or one of the person's own folders by id. */
    public record FolderChoice(Box box, Optional<Folder> folder) {}

    public FolderChoice folder(CurrentUser user, Optional<String> name) {
        String n = name.orElse("reception");
        return switch (n) {
            case "reception" -> new FolderChoice(Box.INBOX, Optional.empty());
            case "envoyes" -> new FolderChoice(Box.SENT, Optional.empty());
            case "brouillons" -> new FolderChoice(Box.DRAFTS, Optional.empty());
            case "corbeille" -> new FolderChoice(Box.TRASH, Optional.empty());
            default -> {
                try {
                    var folder = repository.folder(user.accountId(), UUID.fromString(n));
                    yield new FolderChoice(Box.FOLDER, Optional.of(folder.orElseThrow(Problem::notFound)));
                } catch (IllegalArgumentException e) {
                    throw Problem.notFound();
                }
            }
        };
    }

    /** One page of a folder, or of a search in all one's messages (the trash aside) when {@code query} has words. */
    public Page list(CurrentUser user, FolderChoice folder, Optional<String> query, Optional<String> after) {
        var cursor = after.flatMap(Cursor::parse);
        var tsquery = query.map(MessagingService::prefixQuery).filter(q -> !q.isEmpty());
        Box box = tsquery.isPresent() ? Box.SEARCH : folder.box();
        var rows =
                repository.list(user.accountId(), box, folder.folder().map(Folder::id), tsquery, cursor, PAGE_SIZE + 1);
        if (rows.size() > PAGE_SIZE) {
            var last = rows.get(PAGE_SIZE - 1);
            return new Page(rows.subList(0, PAGE_SIZE), Optional.of(new Cursor(last.listedAt(), last.id()).text()));
        }
        return new Page(rows, Optional.empty());
    }

    /** "fraction devoir" → {@code fraction:* & devoir:*}: every word, as typed or as the start of a longer one. */
    static String prefixQuery(String text) {
        var words = new ArrayList<String>();
        var m = WORD.matcher(text.toLowerCase(java.util.Locale.ROOT));
        while (m.find() && words.size() < 8) {
            words.add(m.group() + ":*");
        }
        return String.join(" & ", words);
    }

    public int unread(CurrentUser user) {
        return repository.unread(user.accountId());
    }

    public List<Folder> folders(CurrentUser user) {
        return repository.folders(user.accountId());
    }

    /** A message one is a party to; "not found" otherwise, whatever the id. */
    public Message message(CurrentUser user, UUID messageId) {
        return repository.find(user.accountId(), messageId).orElseThrow(Problem::notFound);
    }

    /** Opens a sent message: the thread it belongs to (as far as one is a party to it), and marks it read. */
    @Transactional
    public List<Message> openThread(CurrentUser user, UUID messageId) {
        Message m = message(user, messageId);
        if (m.isDraft()) {
            throw Problem.notFound();
        }
        repository.markOpened(user.accountId(), messageId, clock.instant());
        return repository.thread(user.accountId(), m.threadId());
    }

    /**
     * Whether this id is a message of one's own that has been sent: what a draft becomes when it is sent. A send form
     * posted again (its first answer lost on a slow network, a double click) then finds its message, not a missing
     * draft.
     */
    public boolean sentByMe(CurrentUser user, UUID messageId) {
        return repository
                .find(user.accountId(), messageId)
                .filter(m -> !m.isDraft() && m.sentByMe())
                .isPresent();
    }

    /** One's own draft; "not found" for anything else. */
    public Message draft(CurrentUser user, UUID draftId) {
        Message m = message(user, draftId);
        if (!m.isDraft() || !m.sentByMe()) {
            throw Problem.notFound();
        }
        return m;
    }

    // ---- state -------------------------------------------------------------------------------------------------

    @Transactional
    public void markRead(CurrentUser user, UUID messageId, boolean read) {
        message(user, messageId);
        repository.setRead(user.accountId(), messageId, read, clock.instant());
    }

    @Transactional
    public void trash(CurrentUser user, UUID messageId, boolean trashed) {
        message(user, messageId);
        repository.setTrashed(user.accountId(), messageId, trashed, clock.instant());
    }

    /** Moves a message to one of one's folders, or back to where it came from (inbox or sent) with none. */
    @Transactional
    public void move(CurrentUser user, UUID messageId, Optional<UUID> folderId) {
        message(user, messageId);
        if (folderId.isPresent()
                && repository.folder(user.accountId(), folderId.get()).isEmpty()) {
            throw Problem.invalid("dossier", "messaging.folder.unknown");
        }
        repository.move(user.accountId(), messageId, folderId);
    }

    @Transactional
    public Folder createFolder(CurrentUser user, String name) {
        String n = name == null ? "" : name.strip();
        if (n.isEmpty()) {
            throw Problem.invalid("nom", "messaging.folder.name.required");
        }
        if (n.length() > MAX_FOLDER_NAME) {
            throw Problem.invalid("nom", "messaging.folder.name.tooLong", MAX_FOLDER_NAME);
        }
        if (repository.folderNameTaken(user.accountId(), n)) {
            throw Problem.invalid("nom", "messaging.folder.name.taken", n);
        }
        UUID school = schoolsOf(user).stream().findFirst().orElseThrow(() -> noSchool());
        var folder = new Folder(school, Ids.newId(), n);
        repository.insertFolder(school, folder.id(), user.accountId(), n, clock.instant());
        return folder;
    }

    /** The suspension that keeps this person from sending (school's or everyone's), for the banner. */
    public Optional<Suspension> suspension(CurrentUser user) {
        for (UUID school : schoolsOf(user)) {
            var s = safety.suspensionOf(school);
            if (s.isPresent()) {
                return s;
            }
        }
        return schoolsOf(user).isEmpty() ? safety.suspensionOf(Suspension.EVERY_SCHOOL) : Optional.empty();
    }

    public boolean accountSuspended(CurrentUser user) {
        return safety.accountSuspended(user.accountId());
    }

    // ---- composing ---------------------------------------------------------------------------------------------

    /** People and groups the person may write to matching {@code query}: the directory decides, never this module. */
    public record Found(List<Person> people, List<RecipientGroup> groups) {}

    public Found searchRecipients(CurrentUser user, String query, java.util.function.Predicate<RecipientGroup> label) {
        String q = query == null ? "" : query.strip();
        var people = q.isEmpty() ? List.<Person>of() : rules.searchRecipients(user.accountId(), q, 20);
        var groups = rules.recipientGroups(user.accountId()).stream()
                .filter(label)
                .limit(20)
                .toList();
        return new Found(people, groups);
    }

    /** Saves a draft (a new one when {@code draftId} is empty) and returns its id; no recipient is told anything. */
    @Transactional
    public UUID saveDraft(CurrentUser user, Optional<UUID> draftId, DraftInput input) {
        return saveDraft(user, draftId, input, AttachmentChanges.NONE);
    }

    /**
     * Saves a draft with changes to its files, in one transaction: a refused file (type, size, malware, too many)
     * leaves the draft as it was before this save, and no bytes behind. A forward ({@code changes.forwardOf()}, for a
     * new draft only) carries the files of a message one is a party to.
     */
    @Transactional
    public UUID saveDraft(CurrentUser user, Optional<UUID> draftId, DraftInput input, AttachmentChanges changes) {
        UUID id = saveText(user, draftId, input);
        Message d = draft(user, id);
        if (draftId.isEmpty() && changes.forwardOf().isPresent()) {
            Message original = message(user, changes.forwardOf().get());
            if (original.isDraft()) {
                throw Problem.notFound();
            }
            attachments.copy(original.schoolId(), original.id(), d.schoolId(), d.id());
        }
        attachments.change(d.schoolId(), d.id(), changes.add(), changes.remove());
        return id;
    }

    /** Adds or removes files of one's draft, leaving its text as it is; returns the draft's files. */
    @Transactional
    public List<Mail.Attachment> changeAttachments(CurrentUser user, UUID draftId, AttachmentChanges changes) {
        Message d = draft(user, draftId);
        // Locks the draft's row like a save does: a send from another tab waits, and sends the files with it.
        if (!repository.touchDraft(d.schoolId(), d.id(), clock.instant())) {
            throw Problem.conflict("messaging.draft.alreadySent");
        }
        return attachments.change(d.schoolId(), d.id(), changes.add(), changes.remove());
    }

    /** One attachment of a message one is a party to (sender or recipient, a draft's author); "not found" otherwise. */
    public MessageRepository.StoredAttachment attachment(CurrentUser user, UUID messageId, UUID attachmentId) {
        Message m = message(user, messageId);
        return attachments.find(m.schoolId(), m.id(), attachmentId).orElseThrow(Problem::notFound);
    }

    /** The most a message carries in all ("50 Mo"), and the most files, for the form's hint. */
    public String attachmentLimit() {
        return attachments.human(attachments.maxTotalBytes());
    }

    private UUID saveText(CurrentUser user, Optional<UUID> draftId, DraftInput input) {
        if (input.subject().length() > MAX_SUBJECT) {
            throw Problem.invalid("sujet", "messaging.subject.tooLong", MAX_SUBJECT);
        }
        if (input.body().length() > MAX_BODY) {
            throw Problem.invalid("message", "messaging.body.tooLong", MAX_BODY);
        }
        if (input.targets().size() > MAX_TARGETS) {
            throw Problem.invalid("destinataires", "messaging.targets.tooMany", MAX_TARGETS);
        }
        var resolved = resolve(user, input.targets());
        String html = RichText.render(input.body());
        var now = clock.instant();
        if (draftId.isPresent()) {
            Message d = draft(user, draftId.get());
            if (!repository.updateDraft(d.schoolId(), d.id(), input.subject(), html, input.body(), now)) {
                throw Problem.conflict("messaging.draft.alreadySent");
            }
            repository.replaceTargets(d.schoolId(), d.id(), List.copyOf(resolved.keySet()));
            return d.id();
        }
        UUID id = Ids.newId();
        UUID thread = id;
        if (input.parentId().isPresent()) {
            Message parent = message(user, input.parentId().get());
            if (parent.isDraft()) {
                throw Problem.notFound();
            }
            thread = parent.threadId();
        }
        UUID school = schoolFor(user, resolved);
        repository.insertDraft(
                school,
                id,
                thread,
                user.accountId(),
                user.displayName(),
                input.subject(),
                html,
                input.body(),
                input.parentId(),
                now);
        repository.replaceTargets(school, id, List.copyOf(resolved.keySet()));
        return id;
    }

    /** Throws a draft away. */
    @Transactional
    public void discardDraft(CurrentUser user, UUID draftId) {
        Message d = draft(user, draftId);
        attachments.dropAll(d.schoolId(), d.id());
        repository.deleteDraft(d.schoolId(), d.id());
    }

    /**
     * Sends a draft: checks the suspensions, the fields, every recipient against the rules (again: they may have
     * changed since the draft was saved), the limits, then delivers to every member once and publishes
     * {@link MessageDelivered}, all in one transaction.
     */
    @Transactional
    public Message send(CurrentUser user, UUID draftId) {
        Message d = draft(user, draftId);
        checkMaySend(user, d.schoolId());
        var fields = new LinkedHashMap<String, Problem.Message>();
        if (d.targets().isEmpty()) {
            fields.put("destinataires", Problem.Message.of("messaging.recipients.required"));
        }
        if (d.subject().isBlank()) {
            fields.put("sujet", Problem.Message.of("messaging.subject.required"));
        }
        if (RichText.showsNothing(d.bodyHtml())) {
            fields.put("message", Problem.Message.of("messaging.body.required"));
        }
        if (!fields.isEmpty()) {
            throw Problem.invalid(fields);
        }
        var resolved = resolve(user, d.targets().stream().map(Target::key).toList());
        Set<UUID> recipients = new LinkedHashSet<>();
        resolved.values().forEach(recipients::addAll);
        recipients.remove(user.accountId());
        limits.checkRecipients(user, recipients.size());
        limits.takeOne(user);
        if (!repository.send(d.schoolId(), d.id(), recipients, clock.instant())) {
            throw Problem.conflict("messaging.draft.alreadySent");
        }
        events.publishEvent(new MessageDelivered(
                List.copyOf(recipients), d.id(), d.schoolId(), user.accountId(), user.displayName(), d.subject()));
        // "Nouveautés" and mail per each recipient's preference: the subject only, never the text of the message.
        String key = "message:" + d.id();
        String link = "/messagerie/messages/" + d.id();
        var args = List.of(user.displayName(), d.subject());
        var to = List.copyOf(recipients);
        var now = clock.instant();
        events.publishEvent(new NotificationRequested(
                NotificationKind.MESSAGE, key, to, Optional.of(d.schoolId()), args, link, now));
        return d;
    }

    /** Writes and sends at once (the API): one transaction, so a refused message leaves no draft behind. */
    @Transactional
    public Message sendNew(CurrentUser user, DraftInput input) {
        return sendNew(user, input, AttachmentChanges.NONE);
    }

    /** Writes and sends at once with files: a refused file or a refused send leaves no draft, row or bytes. */
    @Transactional
    public Message sendNew(CurrentUser user, DraftInput input, AttachmentChanges changes) {
        UUID id = saveDraft(user, Optional.empty(), input, changes);
        send(user, id);
        return message(user, id);
    }

    /**
     * A reply, a reply to all or a forward made into a draft (the page's buttons): a forward carries the original's
     * files, a reply does not (as in common mail clients: the sender has them already).
     */
    @Transactional
    public UUID startDraft(CurrentUser user, UUID messageId, Mode mode, String subjectPrefix, String quoteHeader) {
        var input = startFrom(user, messageId, mode, subjectPrefix, quoteHeader);
        var changes = mode == Mode.FORWARD
                ? new AttachmentChanges(List.of(), List.of(), Optional.of(messageId))
                : AttachmentChanges.NONE;
        return saveDraft(user, Optional.empty(), input, changes);
    }

    private void checkMaySend(CurrentUser user, UUID schoolId) {
        var suspended = safety.suspensionOf(schoolId);
        if (suspended.isPresent()) {
            throw Problem.forbidden("messaging.suspended.send", suspended.get().reason());
        }
        if (safety.accountSuspended(user.accountId())) {
            throw Problem.forbidden("messaging.suspended.account");
        }
    }

    /** What a reply, a reply to all or a forward starts from (not saved until the person saves or sends it). */
    public enum Mode {
        REPLY,
        REPLY_ALL,
        FORWARD
    }

    public DraftInput startFrom(CurrentUser user, UUID messageId, Mode mode, String subjectPrefix, String quoteHeader) {
        Message m = message(user, messageId);
        if (m.isDraft()) {
            throw Problem.notFound();
        }
        String subject = m.subject().startsWith(subjectPrefix) ? m.subject() : subjectPrefix + m.subject();
        if (mode == Mode.FORWARD) {
            String quoted = quoteHeader + "\n\n"
                    + m.bodySource()
                            .lines()
                            .map(l -> "> " + l)
                            .reduce((a, b) -> a + "\n" + b)
                            .orElse("");
            return new DraftInput(subject, "\n\n" + quoted, List.of(), Optional.empty());
        }
        var targets = new ArrayList<String>();
        if (m.sentByMe()) {
            m.targets().forEach(t -> targets.add(t.key()));
        } else {
            targets.add("P:" + m.senderId());
            if (mode == Mode.REPLY_ALL) {
                for (Target t : m.targets()) {
                    if (t.isPerson() && !t.ref().equals(user.accountId().toString()) && mayAddress(user, t)) {
                        targets.add(t.key());
                    } else if (!t.isPerson() && mayAddress(user, t)) {
                        targets.add(t.key());
                    }
                }
            }
        }
        return new DraftInput(subject, "", List.copyOf(new LinkedHashSet<>(targets)), Optional.of(m.id()));
    }

    /** A draft to one person, from a link ("écrire à"): refused at once if the rules forbid it. */
    public DraftInput startTo(CurrentUser user, UUID accountId) {
        var targets = List.of("P:" + accountId);
        resolve(user, targets);
        return new DraftInput("", "", targets, Optional.empty());
    }

    /** The targets of a form as the page names them; those the person may not (or no longer) address are left out. */
    public List<Target> describe(CurrentUser user, List<String> keys) {
        var out = new ArrayList<Target>();
        for (String key : new LinkedHashSet<>(keys)) {
            try {
                out.addAll(resolve(user, List.of(key)).keySet());
            } catch (Problem refused) {
                // left out: saving or sending the draft says why
            }
        }
        return out;
    }

    private boolean mayAddress(CurrentUser user, Target t) {
        try {
            resolve(user, List.of(t.key()));
            return true;
        } catch (Problem refused) {
            return false;
        }
    }

    // ---- targets -----------------------------------------------------------------------------------------------

    /**
     * Each target key with the accounts it reaches. A person: only if the rules allow it or they wrote to the sender
     * first. A group: its members the sender may write to, refused if that is nobody. Unknown or forbidden keys are
     * refused with the same message, so that a guessed id reveals nothing.
     */
    private Map<Target, Set<UUID>> resolve(CurrentUser user, List<String> keys) {
        var out = new LinkedHashMap<Target, Set<UUID>>();
        List<RecipientGroup> groups = null;
        for (String key : new LinkedHashSet<>(keys)) {
            if (key.startsWith("P:")) {
                UUID to;
                try {
                    to = UUID.fromString(key.substring(2));
                } catch (IllegalArgumentException e) {
                    throw Problem.invalid("destinataires", "messaging.recipient.forbidden");
                }
                boolean allowed = rules.mayWrite(user.accountId(), to)
                        || (!to.equals(user.accountId()) && repository.wroteTo(to, user.accountId()));
                Optional<Person> person = allowed ? personOf(user, to) : Optional.empty();
                if (person.isEmpty()) {
                    throw Problem.invalid("destinataires", "messaging.recipient.forbidden");
                }
                out.put(new Target(Target.PERSON, to.toString(), person.get().displayName()), Set.of(to));
            } else {
                var parsed = RecipientGroup.parseKey(key)
                        .orElseThrow(() -> Problem.invalid("destinataires", "messaging.recipient.forbidden"));
                if (groups == null) {
                    groups = rules.recipientGroups(user.accountId());
                }
                var group = groups.stream()
                        .filter(g -> g.key().equals(parsed.key()))
                        .findFirst()
                        .orElseThrow(() -> Problem.invalid("destinataires", "messaging.recipient.forbidden"));
                var members = rules.membersOf(user.accountId(), group);
                if (members.isEmpty()) {
                    throw Problem.invalid("destinataires", "messaging.group.empty", group.name());
                }
                var ids = new LinkedHashSet<UUID>();
                members.forEach(p -> ids.add(p.accountId()));
                out.put(new Target(group.kind().name(), group.key(), group.name()), ids);
            }
        }
        return out;
    }

    private Optional<Person> personOf(CurrentUser user, UUID accountId) {
        for (UUID school : schoolsOf(user)) {
            var p = directory.personOf(school, accountId);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    /** The schools a person writes from: where they are a member, and a parent's children's schools. */
    List<UUID> schoolsOf(CurrentUser user) {
        var out = new LinkedHashSet<UUID>();
        for (Membership m : directory.membershipsOf(user.accountId())) {
            out.add(m.school().id());
        }
        for (PupilPlacement child : directory.childrenOf(user.accountId())) {
            out.add(child.school().id());
        }
        return List.copyOf(out);
    }

    /** A message belongs to one school (ADR 0045): its first group's, or the first one shared with its first person. */
    private UUID schoolFor(CurrentUser user, Map<Target, Set<UUID>> resolved) {
        var mine = schoolsOf(user);
        if (mine.isEmpty()) {
            throw noSchool();
        }
        for (Target t : resolved.keySet()) {
            if (!t.isPerson()) {
                UUID school = RecipientGroup.parseKey(t.ref()).orElseThrow().schoolId();
                if (mine.contains(school)) {
                    return school;
                }
            } else {
                UUID to = UUID.fromString(t.ref());
                for (UUID school : mine) {
                    if (directory.personOf(school, to).isPresent()) {
                        return school;
                    }
                }
            }
        }
        return mine.getFirst();
    }

    private static Problem noSchool() {
        return Problem.forbidden("messaging.noSchool");
    }
}
