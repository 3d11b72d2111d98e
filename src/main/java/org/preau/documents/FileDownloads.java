package org.preau.documents;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Sends a stored file to a browser or an app the one safe way, for every module: streamed from the storage, with
 * HTTP ranges (a video or a large PDF resumes), conditional requests (the entity tag is the content's SHA-256),
 * {@code X-Content-Type-Options: nosniff}, a sandboxing Content-Security-Policy and a {@code Content-Disposition}
 * whose name cannot break the header. Only raster images and PDF may be shown inline; HTML, SVG and everything else
 * are always attachments, so an uploaded page never runs as one of Préau's (ADR 0038). The caller has already
 * decided that the reader may see the file.
 */
public interface FileDownloads {

    /**
     * @param key the reference returned by {@link FileStore#write}
     * @param filename the name to offer (cleaned of anything unsafe)
     * @param contentType the type detected when the file was stored
     * @param inline whether the reader asked to view rather than save (honoured for safe types only)
     */
    void send(
            HttpServletRequest request,
            HttpServletResponse response,
            String key,
            String filename,
            String contentType,
            boolean inline)
            throws IOException;
}
