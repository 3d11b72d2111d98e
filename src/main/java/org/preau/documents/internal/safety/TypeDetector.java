package org.preau.documents.internal.safety;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.tika.Tika;
import org.apache.tika.metadata.Metadata;
import org.springframework.stereotype.Component;

/**
 * What a file is, from its bytes only (never its name, which the sender chose): Apache Tika's magic-byte and
 * container detection (tika-core, no parsers). A renamed executable is {@code application/x-msdownload} whatever its
 * extension says.
 */
@Component
public class TypeDetector {

    private final Tika tika = new Tika();

    public String detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return tika.getDetector()
                    .detect(new java.io.BufferedInputStream(in), new Metadata())
                    .getBaseType()
                    .toString();
        }
    }
}
