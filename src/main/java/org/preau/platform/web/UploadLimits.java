package org.preau.platform.web;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;

/**
 * The upload limits of the server (Spring's multipart settings), as people read them: shown before an upload and in
 * the refusal of one that was too large. A module's own, smaller limits (per file, per hand-in) are its business.
 */
@Component
public class UploadLimits {

    private final DataSize request;
    private final DataSize file;

    public UploadLimits(Environment env) {
        this.request = DataSize.parse(env.getProperty("spring.servlet.multipart.max-request-size", "10MB"));
        this.file = DataSize.parse(env.getProperty("spring.servlet.multipart.max-file-size", "1MB"));
    }

    /** The most one form submission may carry, in whole megabytes. */
    public long requestMegabytes() {
        return request.toMegabytes();
    }

    /** The most one file may weigh before the application even sees it, in whole megabytes. */
    public long fileMegabytes() {
        return file.toMegabytes();
    }
}
