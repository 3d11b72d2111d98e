package org.preau.documents.internal.storage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.preau.documents.FileDownloads;
import org.preau.documents.FileStore;
import org.preau.platform.web.Problem;
import org.springframework.stereotype.Component;

/**
 * {@link FileDownloads}: one range ({@code bytes=a-b}, {@code a-}, {@code -n}; several ranges get the whole file,
 * which HTTP allows), {@code If-None-Match} and {@code If-Range} against the content hash, and the headers that keep
 * an uploaded file from acting as a page of ours.
 */
@Component
class HttpFileDownloads implements FileDownloads {

    /** The only types a browser may show inline: raster images, which run no code. */
    static final Set<String> INLINE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp");

    /** No script, no plugin, no form, no navigation: even a file shown inline is an inert document. */
    static final String POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox";

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private final FileStore store;

    HttpFileDownloads(FileStore store) {
        this.store = store;
    }

    @Override
    public void send(
            HttpServletRequest request,
            HttpServletResponse response,
            String key,
            String filename,
            String contentType,
            boolean inline)
            throws IOException {
        FileStore.Blob blob = store.describe(key).orElseThrow(Problem::notFound);
        String etag = "\"" + blob.sha256() + "\"";
        long size = blob.sizeBytes();
        String baseType = contentType.split(";")[0].strip().toLowerCase(java.util.Locale.ROOT);
        boolean showInline = inline && INLINE.contains(baseType);
        response.setHeader("ETag", etag);
        response.setHeader("Accept-Ranges", "bytes");
        response.setHeader("Cache-Control", "private, max-age=86400");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", POLICY);
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        response.setHeader("Content-Disposition", disposition(showInline, filename));
        String ifNoneMatch = request.getHeader("If-None-Match");
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        // The type we detected, and for anything a browser might render, plain bytes.
        response.setContentType(showInline || !renderable(baseType) ? contentType : "application/octet-stream");
        Optional<long[]> range = range(request, etag, size);
        if (range.isPresent() && range.get().length == 0) {
            response.setStatus(HttpServletResponse.SC_REQUESTED_RANGE_NOT_SATISFIABLE);
            response.setHeader("Content-Range", "bytes */" + size);
            return;
        }
        if (range.isPresent()) {
            long from = range.get()[0];
            long to = range.get()[1];
            response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
            response.setHeader("Content-Range", "bytes " + from + "-" + to + "/" + size);
            response.setContentLengthLong(to - from + 1);
            if (!"HEAD".equals(request.getMethod())) {
                try (InputStream in = store.open(key, from, to - from + 1)) {
                    in.transferTo(response.getOutputStream());
                }
            }
            return;
        }
        response.setContentLengthLong(size);
        if (!"HEAD".equals(request.getMethod())) {
            try (InputStream in = store.open(key)) {
                in.transferTo(response.getOutputStream());
            }
        }
    }

    /** Types a browser would run or lay out as a document if it were told their real type. */
    static boolean renderable(String baseType) {
        return baseType.startsWith("text/html")
                || baseType.contains("xml")
                || baseType.contains("svg")
                || baseType.contains("javascript")
                || baseType.equals("application/xhtml+xml");
    }

    /**
     * Empty: no range asked (or it does not apply); an empty array: unsatisfiable; otherwise {first, last}
     * inclusive.
     */
    static Optional<long[]> range(HttpServletRequest request, String etag, long size) {
        String header = request.getHeader("Range");
        if (header == null) {
            return Optional.empty();
        }
        String ifRange = request.getHeader("If-Range");
        if (ifRange != null && !ifRange.strip().equals(etag)) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty(); // several ranges or another unit: the whole file
        }
        long from;
        long to;
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0) {
                    return Optional.of(new long[0]);
                }
                from = Math.max(0, size - suffix);
                to = size - 1;
            } else {
                from = Long.parseLong(m.group(1));
                to = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (from >= size || from > to) {
            return Optional.of(new long[0]);
        }
        return Optional.of(new long[] {from, to});
    }

    private static boolean matches(String header, String etag) {
        for (String candidate : header.split(",")) {
            String c = candidate.strip();
            if (c.equals("*") || c.equals(etag) || c.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A name that cannot break the header or the file system: an ASCII fallback with anything else replaced, and
     * the real name percent-encoded (RFC 6266, RFC 5987).
     */
    static String disposition(boolean inline, String filename) {
        String name = filename == null || filename.isBlank() ? "fichier" : filename;
        name = name.replaceAll("[\\p{Cntrl}]", "").replace('/', '_').replace('\\', '_');
        String ascii = name.replaceAll("[^A-Za-z0-9._ -]", "_");
        String encoded = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
        return (inline ? "inline" : "attachment") + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
