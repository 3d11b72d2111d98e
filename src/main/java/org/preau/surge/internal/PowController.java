package org.preau.surge.internal;

import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hands out proof-of-work challenges to the log-in page's worker (static/assets/surge/pow.js): 200 with a challenge while
 * proof-of-work is required, 204 otherwise.
 */
@RestController
class PowController {

    private final ProofOfWork pow;

    PowController(ProofOfWork pow) {
        this.pow = pow;
    }

    @GetMapping("/api/v1/surge/pow/challenge")
    ResponseEntity<Map<String, Object>> challenge() {
        return pow.challenge()
                .map(c -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .body(Map.<String, Object>of(
                                "token", c.token(),
                                "nonce", c.nonce(),
                                "bits", c.bits(),
                                "expiresAt", c.expiresAt().toString())))
                .orElseGet(() -> ResponseEntity.noContent()
                        .cacheControl(CacheControl.noStore())
                        .build());
    }
}
