package org.preau.platform.bench;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.preau.platform.web.ModuleRoutes;
import org.preau.platform.web.Problem;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.DigestUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The benchmark's ceiling (docs/benchmarks/README.md, "The ceiling"): a page of the size of "Aujourd'hui" served from
 * memory by a plain Spring MVC handler, behind everything a signed-in page goes through (Spring Session, the surge
 * filter, Spring Security, the security headers, compression). The benchmark divides Préau's signed-in views per
 * CPU-second by this endpoint's, measured in the same server in the same run, so that the ratio isolates what
 * Préau's own page work costs on top of its stack.
 *
 * <p>It exists only when {@value #PROPERTY}{@code =true} (bench/run sets it; it is in no defaults, demo included):
 * otherwise neither the handler nor its public path is registered, and the paths are like any unknown page.
 *
 * <ul>
 *   <li>{@value #SIGNED_IN} needs a signed-in session, like "Aujourd'hui";
 *   <li>{@value #ANONYMOUS} is public: the same bytes without the session, for how much the signed-in chain adds.
 * </ul>
 *
 * <p>{@code ?bytes=N} chooses the size (the benchmark passes the size of the real page it measured). The body is
 * HTML-like text, so that it compresses about as a page does; it carries a weak ETag and {@code Cache-Control:
 * private, no-cache} like "Aujourd'hui", and a repeat view with {@code If-None-Match} gets a 304 as Spring MVC gives
 * it (no body is produced).
 */
@RestController
@ConditionalOnBooleanProperty(CeilingController.PROPERTY)
class CeilingController {

    static final String PROPERTY = "preau.bench.ceiling";
    static final String SIGNED_IN = "/bench/plafond";
    static final String ANONYMOUS = "/bench/plafond-public";
    static final int DEFAULT_BYTES = 16_384;
    static final int MAX_BYTES = 1 << 20;
    /** Sizes kept at once: the benchmark asks for one or two; more only evicts. */
    private static final int MAX_SIZES = 8;

    private record Page(byte[] bytes, String etag) {}

    private final Map<Integer, Page> pages = new ConcurrentHashMap<>();

    @GetMapping({SIGNED_IN, ANONYMOUS})
    ResponseEntity<byte[]> ceiling(@RequestParam(name = "bytes", defaultValue = "" + DEFAULT_BYTES) int bytes) {
        if (bytes < 1 || bytes > MAX_BYTES) {
            throw Problem.badRequest("bench.ceiling.bytes", 1, MAX_BYTES);
        }
        Page page = pages.get(bytes);
        if (page == null) {
            if (pages.size() >= MAX_SIZES) {
                pages.clear();
            }
            page = pages.computeIfAbsent(bytes, CeilingController::page);
        }
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache().cachePrivate())
                .eTag(page.etag())
                .body(page.bytes());
    }

    /** Exactly {@code size} bytes of ASCII HTML: the same for the same size, on every node and in every run. */
    static byte[] html(int size) {
        String head = "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>Plafond</title></head>"
                + "<body><main><h1>Aujourd'hui</h1><ul>\n";
        String tail = "</ul></main></body></html>\n";
        List<String> words = List.of(
                "exercices",
                "page",
                "lire",
                "chapitre",
                "rendre",
                "mathematiques",
                "histoire",
                "lecon",
                "apprendre",
                "fiche",
                "revision",
                "controle",
                "questions",
                "cahier",
                "anglais",
                "physique",
                "redaction",
                "devoir",
                "corriger",
                "tableau",
                "carte",
                "schema",
                "resume",
                "vocabulaire",
                "probleme",
                "calcul",
                "texte");
        var random = new SplittableRandom(size);
        var out = new StringBuilder(size + 256).append(head);
        while (out.length() < size) {
            out.append("<li class=\"work\"><a href=\"/travail/")
                    .append(HexFormat.of().toHexDigits(random.nextLong()))
                    .append("\">");
            for (int i = 0, n = 4 + random.nextInt(10); i < n; i++) {
                out.append(words.get(random.nextInt(words.size()))).append(' ');
            }
            out.append(random.nextInt(1, 200))
                    .append("</a> <span class=\"due\">pour le ")
                    .append(random.nextInt(1, 29))
                    .append('/')
                    .append(random.nextInt(1, 13))
                    .append("</span></li>\n");
        }
        int keep = Math.max(0, size - tail.length());
        String text = out.substring(0, keep) + tail;
        return text.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private static Page page(int size) {
        byte[] bytes = html(size);
        return new Page(bytes, "W/\"" + DigestUtils.md5DigestAsHex(bytes) + "\"");
    }

    /** The public twin is public only while the ceiling exists. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty(CeilingController.PROPERTY)
    static class Routes {
        @Bean
        ModuleRoutes benchCeilingRoutes() {
            return ModuleRoutes.publicPaths("platform.bench", ANONYMOUS);
        }
    }
}
