package org.preau.homework.internal.files;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.UUID;

/**
 * A file as a user sent it, before any check: the name and type they claim, and its bytes.
 *
 * @param staged set when the bytes come from an earlier, refused send of the same form ({@link StagedUploads}): the
 *     staged copy is consumed when this upload is stored
 */
public record Upload(String filename, long sizeBytes, Opener content, Optional<UUID> staged) {

    public Upload(String filename, long sizeBytes, Opener content) {
        this(filename, sizeBytes, content, Optional.empty());
    }

    /** Opens the bytes; may fail midway (a broken connection), which must leave nothing behind. */
    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }
}
