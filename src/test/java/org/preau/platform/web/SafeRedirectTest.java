package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeRedirectTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/travail/123?enfant=4#w-1", "/cahier-de-textes?semaine=2026-12-07"})
    void pathsOnThisSiteAreKept(String path) {
        assertThat(SafeRedirect.path(path, "/fallback")).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example/",
                "//evil.example/",
                "/\\evil.example",
                "\\\\evil",
                "evil",
                "/a\r\nSet-Cookie: x=1",
                "/tab\there",
                "",
            })
    void anythingElseBecomesTheFallback(String wanted) {
        assertThat(SafeRedirect.path(wanted, "/fallback")).isEqualTo("/fallback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/connexion", "/connexion?x=1", "/connexion/autre"})
    void refusedPrefixesBecomeTheFallback(String wanted) {
        assertThat(SafeRedirect.path(wanted, "/", "/connexion")).isEqualTo("/");
        assertThat(SafeRedirect.path("/connexions-du-jour", "/", "/connexion")).isEqualTo("/connexions-du-jour");
    }

    @org.junit.jupiter.api.Test
    void overlongPathsAreRefused() {
        assertThat(SafeRedirect.path("/" + "a".repeat(2000), "/")).isEqualTo("/");
        assertThat(SafeRedirect.path(null, "/")).isEqualTo("/");
    }
}
