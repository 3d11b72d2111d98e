package org.preau.documents.internal.space;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.preau.documents.FileDownloads;
import org.preau.identity.CurrentUser;
import org.preau.platform.web.Problem;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The espace documentaire for apps and integrations, through the same service and so the same rules as the pages.
 * A file is sent as the raw request body ({@code PUT /api/v1/documents/content?name=...}), streamed straight to the
 * store: no multipart buffering, no size limit but the module's own. Errors are problem details.
 */
@RestController
@RequestMapping("/api/v1/documents")
class DocumentsApi {

    private final SpaceService spaces;
    private final FileDownloads downloads;

    DocumentsApi(SpaceService spaces, FileDownloads downloads) {
        this.spaces = spaces;
        this.downloads = downloads;
    }

    /** A node as the API shows it. */
    record Item(
            UUID id,
            Optional<UUID> parentId,
            String kind,
            String name,
            String contentType,
            long sizeBytes,
            boolean trashed,
            Instant updatedAt) {

        static Item of(Node n) {
            return new Item(
                    n.id(),
                    n.parentId(),
                    n.folder() ? "FOLDER" : "FILE",
                    n.name(),
                    n.contentType(),
                    n.sizeBytes(),
                    n.trashed(),
                    n.updatedAt());
        }
    }

    /** A folder of one's space (the root without {@code folder}) and the quota figures. */
    record Folder(Optional<UUID> folderId, List<Item> items, long usedBytes, long quotaBytes) {}

    @GetMapping
    Folder list(@AuthenticationPrincipal CurrentUser user, @RequestParam Optional<UUID> folder) {
        var listing = spaces.list(user, folder);
        return new Folder(
                folder,
                listing.children().stream().map(Item::of).toList(),
                listing.usage().usedBytes(),
                listing.usage().quotaBytes());
    }

    /** Adds a file to one's space from the raw body, streamed. */
    @PutMapping("/content")
    @ResponseStatus(HttpStatus.CREATED)
    Item upload(
            @AuthenticationPrincipal CurrentUser user,
            @RequestParam String name,
            @RequestParam Optional<UUID> folder,
            HttpServletRequest request)
            throws IOException {
        long declared = request.getContentLengthLong();
        return Item.of(spaces.upload(user, folder, name, Math.max(0, declared), request.getInputStream()));
    }

    record NewFolder(String name, Optional<UUID> parentId) {}

    @PostMapping("/folders")
    @ResponseStatus(HttpStatus.CREATED)
    Item createFolder(@AuthenticationPrincipal CurrentUser user, @RequestBody NewFolder body) {
        return Item.of(
                spaces.createFolder(user, body.parentId() == null ? Optional.empty() : body.parentId(), body.name()));
    }

    /** Read one node one may see (own or shared). */
    @GetMapping("/{nodeId}")
    Item get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId) {
        return Item.of(spaces.view(user, nodeId).node());
    }

    /** A file's bytes, with ranges and conditional requests. */
    @GetMapping("/{nodeId}/content")
    void content(
            @AuthenticationPrincipal CurrentUser user,
            @PathVariable UUID nodeId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        Node file = spaces.readableFile(user, nodeId);
        downloads.send(request, response, file.blobKey().orElseThrow(), file.name(), file.contentType(), false);
    }

    record Change(Optional<String> name, Optional<String> parentId) {}

    /** Renames and/or moves ({@code parentId} empty string: to the root). */
    @PostMapping("/{nodeId}")
    Item change(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId, @RequestBody Change body) {
        if (body.name() != null && body.name().isPresent()) {
            spaces.rename(user, nodeId, body.name().get());
        }
        if (body.parentId() != null && body.parentId().isPresent()) {
            String p = body.parentId().get();
            spaces.move(user, nodeId, p.isBlank() ? Optional.empty() : Optional.of(SpaceController.parse(p)));
        }
        return Item.of(spaces.view(user, nodeId).node());
    }

    /** To the trash. */
    @DeleteMapping("/{nodeId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void trash(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId) {
        spaces.trash(user, nodeId);
    }

    @PostMapping("/{nodeId}/restore")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void restore(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId) {
        spaces.restore(user, nodeId);
    }

    @GetMapping("/trash")
    List<Item> trashList(@AuthenticationPrincipal CurrentUser user) {
        return spaces.trash(user).stream().map(Item::of).toList();
    }

    @GetMapping("/shared")
    List<Item> shared(@AuthenticationPrincipal CurrentUser user) {
        return spaces.sharedWithMe(user).stream().map(Item::of).toList();
    }

    record NewShare(String kind, UUID targetId) {}

    @PostMapping("/{nodeId}/shares")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void share(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId, @RequestBody NewShare body) {
        if (body.kind() == null || body.targetId() == null) {
            throw Problem.invalid("target", "documents.share.pick");
        }
        spaces.share(user, nodeId, body.kind(), body.targetId());
    }

    @GetMapping("/{nodeId}/shares")
    List<SpaceService.Target> shares(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID nodeId) {
        return spaces.sharesOf(user, nodeId);
    }
}
