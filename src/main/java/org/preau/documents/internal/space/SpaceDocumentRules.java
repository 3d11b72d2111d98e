package org.preau.documents.internal.space;

import org.preau.documents.DocumentRules;
import org.preau.documents.internal.DocumentsProperties;
import org.springframework.stereotype.Component;

/** The personal space's rules ({@link SpaceRules}, the size limit of the settings), offered to other modules. */
@Component
class SpaceDocumentRules implements DocumentRules {

    private final DocumentsProperties properties;

    SpaceDocumentRules(DocumentsProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean accepts(String detectedType) {
        return SpaceRules.accepted(detectedType);
    }

    @Override
    public long maxFileBytes() {
        return properties.maxFileSize().toBytes();
    }

    @Override
    public String cleanName(String filename) {
        return SpaceRules.cleanName(filename);
    }

    @Override
    public String human(long bytes) {
        return SpaceRules.human(bytes);
    }
}
