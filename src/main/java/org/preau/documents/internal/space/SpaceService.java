package org.preau.documents.internal.space;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.preau.directory.Audience;
import org.preau.directory.CommunicationRules;
import org.preau.directory.Directory;
import org.preau.directory.Person;
import org.preau.directory.Rights;
import org.preau.documents.FileStore;
import org.preau.documents.internal.DocumentsProperties;
import org.preau.identity.CurrentUser;
import org.preau.identity.Profile;
import org.preau.platform.Ids;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal spaces and read-only shares, for pages and the API alike. Every read and write is decided here: a
 * person writes only in their own space; a node is readable by its owner and, read-only, by whoever it (or a folder
 * above it) is shared with, unless it is in the trash. Anything else is answered "not found", the same answer as an
 * id that does not exist, so no id can be probed (ADR 0036). Shares follow the communication rules: a person only with
 * someone the sharer may write to, a class or group only by a teacher of it or the school's staff.
 */
@Service
public class SpaceService {

    private final SpaceRepository repository;
    private final FileStore store;
    private final Directory directory;
    private final Rights rights;
    private final CommunicationRules rules;
    private final DocumentsProperties properties;
    private final Clock clock;

    SpaceService(
            SpaceRepository repository,
            FileStore store,
            Directory directory,
            Rights rights,
            CommunicationRules rules,
            DocumentsProperties properties,
            Clock clock) {
        this.repository = repository;
        this.store = store;
        this.directory = directory;
        this.rights = rights;
        this.rules = rules;
        this.properties = properties;
        this.clock = clock;
    }

    /** Bytes used and allowed, exact: the sum of the owner's files, trash included. */
    public record Usage(long usedBytes, long quotaBytes) {

        public int percent() {
            return quotaBytes == 0 ? 100 : (int) Math.min(100, (usedBytes * 100) / quotaBytes);
        }

        public String used() {
            return SpaceRules.human(usedBytes);
        }

        public String quota() {
            return SpaceRules.human(quotaBytes);
        }
    }

    /** A folder of one's own space (or its root), with its path from the root. */
    public record Listing(Optional<Node> folder, List<Node> path, List<Node> children, Usage usage) {}

    /** A node shared with the reader, browsed read-only. */
    public record SharedView(Node node, List<Node> children, String ownerName) {}

    public Usage usage(CurrentUser user) {
        return new Usage(repository.used(user.accountId()), properties.quotaBytes(user.profile()));
    }

    public Listing list(CurrentUser user, Optional<UUID> folderId) {
        Optional<Node> folder = folderId.map(id -> ownFolder(user, id));
        List<Node> path =
                new ArrayList<>(folder.map(f -> repository.chain(f.id())).orElse(List.of()));
        java.util.Collections.reverse(path);
        return new Listing(folder, path, repository.children(user.accountId(), folderId), usage(user));
    }

    /** Every folder of one's space, for "move to". */
    public List<Node> folders(CurrentUser user) {
        var out = new ArrayList<Node>();
        collectFolders(user.accountId(), Optional.empty(), out, 0);
        return out;
    }

    private void collectFolders(UUID owner, Optional<UUID> parent, List<Node> out, int depth) {
        if (depth > 16) {
            return;
        }
        for (Node n : repository.children(owner, parent)) {
            if (n.folder()) {
                out.add(n);
                collectFolders(owner, Optional.of(n.id()), out, depth + 1);
            }
        }
    }

    public List<Node> trash(CurrentUser user) {
        return repository.trash(user.accountId());
    }

    @Transactional
    public Node createFolder(CurrentUser user, Optional<UUID> parentId, String rawName) {
        UUID school = lockSpace(user);
        parentId.ifPresent(id -> ownFolder(user, id));
        String name = name(rawName, "name");
        if (repository.nameTaken(user.accountId(), parentId, name, Optional.empty())) {
            throw Problem.invalid("name", "documents.name.taken", name);
        }
        Instant now = clock.instant();
        Node folder = new Node(
                school,
                Ids.newId(),
                user.accountId(),
                parentId,
                true,
                name,
                "",
                0,
                Optional.empty(),
                Optional.empty(),
                now);
        repository.insert(folder, now);
        return folder;
    }

    /**
     * Adds a file to one's space. The space row is locked first, so the quota check and the insert are atomic for
     * that person; the declared size is checked before any byte is read, and the real size as the bytes stream (at
     * most what the quota and the size limit leave). Any refusal rolls the transaction back: no row, no blob.
     */
    @Transactional
    public Node upload(
            CurrentUser user, Optional<UUID> parentId, String filename, long declaredSize, InputStream content) {
        UUID school = lockSpace(user);
        parentId.ifPresent(id -> ownFolder(user, id));
        String name = name(filename, "file");
        if (repository.nameTaken(user.accountId(), parentId, name, Optional.empty())) {
            throw Problem.invalid("file", "documents.name.taken", name);
        }
        long max = properties.maxFileSize().toBytes();
        Usage usage = usage(user);
        long left = Math.max(0, usage.quotaBytes() - usage.usedBytes());
        if (declaredSize > max) {
            throw tooLarge(name);
        }
        if (declaredSize > left) {
            throw quota(name, usage);
        }
        FileStore.Stored stored;
        try (InputStream in = content) {
            stored = store.write(in, Math.min(max, left));
        } catch (FileStore.TooLarge e) {
            throw left < max ? quota(name, usage) : tooLarge(name);
        } catch (FileStore.Infected e) {
            throw Problem.invalid("file", "documents.file.infected", name);
        } catch (IOException e) {
            // The connection broke midway: nothing is kept (the transaction rolls back), and the sender is told so.
            throw Problem.invalid("file", "documents.upload.broken", name);
        }
        if (stored.sizeBytes() == 0) {
            throw Problem.invalid("file", "documents.file.empty", name);
        }
        if (!SpaceRules.accepted(stored.detectedType())) {
            throw Problem.invalid("file", "documents.file.type", name, stored.detectedType());
        }
        Instant now = clock.instant();
        Node file = new Node(
                school,
                Ids.newId(),
                user.accountId(),
                parentId,
                false,
                name,
                stored.detectedType(),
                stored.sizeBytes(),
                Optional.of(stored.key()),
                Optional.empty(),
                now);
        repository.insert(file, now);
        return file;
    }

    @Transactional
    public void rename(CurrentUser user, UUID nodeId, String rawName) {
        lockSpace(user);
        Node node = own(user, nodeId);
        String name = name(rawName, "name");
        if (repository.nameTaken(user.accountId(), node.parentId(), name, Optional.of(nodeId))) {
            throw Problem.invalid("name", "documents.name.taken", name);
        }
        repository.rename(nodeId, name, clock.instant());
    }

    /** Moves a node into another folder of one's space (or the root); never into itself or below itself. */
    @Transactional
    public void move(CurrentUser user, UUID nodeId, Optional<UUID> targetId) {
        lockSpace(user);
        Node node = own(user, nodeId);
        if (targetId.isPresent()) {
            ownFolder(user, targetId.get());
            boolean below = repository.chain(targetId.get()).stream().anyMatch(n -> n.id().equals(nodeId));
            if (below) {
                throw Problem.invalid("target", "documents.move.intoItself", node.name());
            }
        }
        if (repository.nameTaken(user.accountId(), targetId, node.name(), Optional.of(nodeId))) {
            throw Problem.invalid("target", "documents.name.taken", node.name());
        }
        repository.move(nodeId, targetId, clock.instant());
    }

    /** To the trash, with everything under it; shares stop answering while it is there. */
    @Transactional
    public void trash(CurrentUser user, UUID nodeId) {
        lockSpace(user);
        own(user, nodeId);
        repository.setTrashed(repository.subtree(nodeId).stream().map(Node::id).toList(), Optional.of(clock.instant()));
    }

    /** Back from the trash, to its folder if that is not in the trash itself, otherwise to the root. */
    @Transactional
    public void restore(CurrentUser user, UUID nodeId) {
        lockSpace(user);
        Node node = repository
                .find(nodeId)
                .filter(n -> n.ownerId().equals(user.accountId()) && n.trashed())
                .orElseThrow(Problem::notFound);
        boolean parentGone =
                node.parentId().flatMap(repository::find).map(Node::trashed).orElse(false);
        Optional<UUID> parent = parentGone ? Optional.empty() : node.parentId();
        if (repository.nameTaken(user.accountId(), parent, node.name(), Optional.of(nodeId))) {
            throw Problem.conflict("documents.restore.taken", node.name());
        }
        if (parentGone) {
            repository.move(nodeId, Optional.empty(), clock.instant());
        }
        repository.setTrashed(repository.subtree(nodeId).stream().map(Node::id).toList(), Optional.empty());
    }

    /** Deletes a trashed node for good: its rows, its shares and its references (the bytes go with housekeeping). */
    @Transactional
    public void purge(CurrentUser user, UUID nodeId) {
        lockSpace(user);
        repository
                .find(nodeId)
                .filter(n -> n.ownerId().equals(user.accountId()) && n.trashed())
                .orElseThrow(Problem::notFound);
        var nodes = repository.subtree(nodeId);
        repository.delete(nodes.stream().map(Node::id).toList());
        nodes.forEach(n -> n.blobKey().ifPresent(store::delete));
    }

    // --- shares

    /** Someone or an audience a node may be shared with, as the share form offers it. */
    public record Target(String kind, UUID id, String label) {}

    /** The classes and groups the user may share with, then the people they may write to matching {@code query}. */
    public List<Target> targets(CurrentUser user, Optional<String> query) {
        UUID school = spaceSchool(user);
        var out = new ArrayList<Target>();
        boolean staff = rights.isStaffOf(user, school);
        directory.classes(school).stream()
                .filter(c -> staff || rights.teaches(user, c.id()))
                .forEach(c -> out.add(new Target("CLASS", c.id(), c.name())));
        directory.groups(school).stream()
                .filter(g -> staff || rights.teaches(user, g.id()))
                .forEach(g -> out.add(new Target("GROUP", g.id(), g.name())));
        query.filter(q -> q.strip().length() >= 2)
                .ifPresent(q -> rules.searchRecipients(user.accountId(), q, 20).stream()
                        .forEach(p -> out.add(new Target("PERSON", p.accountId(), p.displayName()))));
        return out;
    }

    @Transactional
    public void share(CurrentUser user, UUID nodeId, String kind, UUID targetId) {
        lockSpace(user);
        Node node = own(user, nodeId);
        switch (kind) {
            case "PERSON" -> {
                if (targetId.equals(user.accountId()) || !rules.mayWrite(user.accountId(), targetId)) {
                    throw Problem.invalid("target", "documents.share.notAllowed");
                }
            }
            case "CLASS", "GROUP" -> {
                boolean inSchool = kind.equals("CLASS")
                        ? directory.schoolClass(node.schoolId(), targetId).isPresent()
                        : directory.groups(node.schoolId()).stream().anyMatch(g -> g.id().equals(targetId));
                if (!inSchool || !(rights.isStaffOf(user, node.schoolId()) || rights.teaches(user, targetId))) {
                    throw Problem.invalid("target", "documents.share.notAllowed");
                }
            }
            default -> throw Problem.invalid("target", "documents.share.notAllowed");
        }
        repository.share(node.schoolId(), nodeId, kind, targetId, user.accountId(), clock.instant());
    }

    @Transactional
    public void unshare(CurrentUser user, UUID nodeId, String kind, UUID targetId) {
        lockSpace(user);
        own(user, nodeId);
        repository.unshare(nodeId, kind, targetId);
    }

    /** A node's shares with their names, for its owner. */
    public List<Target> sharesOf(CurrentUser user, UUID nodeId) {
        Node node = own(user, nodeId);
        return repository.sharesOf(nodeId).stream()
                .map(s -> new Target(s.kind(), s.targetId(), label(node.schoolId(), s)))
                .toList();
    }

    private String label(UUID school, SpaceRepository.Share s) {
        return switch (s.kind()) {
            case "CLASS" ->
                directory.schoolClass(school, s.targetId()).map(c -> c.name()).orElse("?");
            case "GROUP" ->
                directory.groups(school).stream()
                        .filter(g -> g.id().equals(s.targetId()))
                        .map(g -> g.name())
                        .findFirst()
                        .orElse("?");
            default ->
                directory
                        .personOf(school, s.targetId())
                        .map(Person::displayName)
                        .orElse("?");
        };
    }

    /** "Partagés avec moi": what is shared with the reader, their classes and groups (or those they teach). */
    public List<Node> sharedWithMe(CurrentUser user) {
        return repository.sharedWith(readerTargets(user), user.accountId());
    }

    public String ownerName(Node node) {
        return directory
                .personOf(node.schoolId(), node.ownerId())
                .map(Person::displayName)
                .orElse("");
    }

    /** A node the reader may see (own or shared), read-only view with its children if it is a folder. */
    public SharedView view(CurrentUser user, UUID nodeId) {
        Node node = readable(user, nodeId);
        List<Node> children = node.folder() ? repository.childrenOf(nodeId) : List.of();
        return new SharedView(node, children, ownerName(node));
    }

    /**
     * The file behind {@code nodeId} if the reader may see it: theirs, or shared with them directly or through a
     * folder above it, and neither it nor a folder above it in the trash. Otherwise "not found".
     */
    public Node readableFile(CurrentUser user, UUID nodeId) {
        Node node = readable(user, nodeId);
        if (node.folder()) {
            throw Problem.notFound();
        }
        return node;
    }

    Node readable(CurrentUser user, UUID nodeId) {
        List<Node> chain = repository.chain(nodeId);
        if (chain.isEmpty() || chain.stream().anyMatch(Node::trashed)) {
            throw Problem.notFound();
        }
        Node node = chain.get(0);
        if (node.ownerId().equals(user.accountId())) {
            return node;
        }
        if (repository.sharedWithAny(chain.stream().map(Node::id).toList(), readerTargets(user))) {
            return node;
        }
        throw Problem.notFound();
    }

    /** Whom a share may name for this reader: themselves, their class and groups, what they teach. */
    private Set<UUID> readerTargets(CurrentUser user) {
        var out = new LinkedHashSet<UUID>();
        out.add(user.accountId());
        if (user.is(Profile.PUPIL)) {
            directory
                    .placementOf(user.accountId())
                    .ifPresent(p -> p.audiences().stream().map(Audience::id).forEach(out::add));
        }
        if (user.is(Profile.TEACHER)) {
            directory
                    .assignmentsOf(user.accountId())
                    .forEach(a -> out.add(a.audience().id()));
        }
        return out;
    }

    // --- helpers

    private Node own(CurrentUser user, UUID nodeId) {
        return repository
                .find(nodeId)
                .filter(n -> n.ownerId().equals(user.accountId()) && !n.trashed())
                .orElseThrow(Problem::notFound);
    }

    private Node ownFolder(CurrentUser user, UUID nodeId) {
        Node n = own(user, nodeId);
        if (!n.folder()) {
            throw Problem.notFound();
        }
        return n;
    }

    private UUID lockSpace(CurrentUser user) {
        return repository.lockSpace(user.accountId(), homeSchool(user), clock.instant());
    }

    private UUID spaceSchool(CurrentUser user) {
        return repository.spaceSchool(user.accountId()).orElseGet(() -> homeSchool(user));
    }

    /** The school a space belongs to: the first the account is a member of (or a child's, for a parent). */
    private UUID homeSchool(CurrentUser user) {
        var memberships = directory.membershipsOf(user.accountId());
        if (!memberships.isEmpty()) {
            return memberships.get(0).school().id();
        }
        return directory.childrenOf(user.accountId()).stream()
                .map(p -> p.school().id())
                .findFirst()
                .orElseThrow(() -> Problem.forbidden("documents.space.noSchool"));
    }

    private static String name(String raw, String field) {
        String name = SpaceRules.cleanName(raw);
        if (name.isEmpty() || name.equals(".") || name.equals("..")) {
            throw Problem.invalid(field, "documents.name.required");
        }
        return name;
    }

    private Problem tooLarge(String name) {
        return Problem.invalid(
                "file",
                "documents.file.tooLarge",
                name,
                SpaceRules.human(properties.maxFileSize().toBytes()));
    }

    private static Problem quota(String name, Usage usage) {
        return Problem.invalid("file", "documents.file.quota", name, usage.used(), usage.quota());
    }
}
