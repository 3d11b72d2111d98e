package org.preau.documents.internal.safety;

import java.nio.file.Path;
import java.util.Optional;
import org.preau.documents.internal.DocumentsProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** ClamAV when {@code preau.documents.clamd.host} is set; otherwise uploads are not scanned (and the log says so). */
@Configuration(proxyBeanMethods = false)
class ScannerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ScannerConfiguration.class);

    @Bean
    MalwareScanner malwareScanner(DocumentsProperties properties) {
        var clamd = properties.clamd();
        if (clamd.enabled()) {
            log.info("Documents: uploads scanned by clamd at {}:{}", clamd.host(), clamd.port());
            return new ClamdScanner(clamd.host(), clamd.port(), clamd.timeout());
        }
        log.warn("Documents: no malware scanner configured (preau.documents.clamd.host): uploads are not scanned");
        return new MalwareScanner() {
            @Override
            public Optional<String> scan(Path file) {
                return Optional.empty();
            }

            @Override
            public boolean enabled() {
                return false;
            }
        };
    }
}
