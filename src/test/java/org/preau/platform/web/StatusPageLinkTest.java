package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.servlet.i18n.FixedLocaleResolver;

/**
 * The footer's link to the status page: this site's {@code /statut}, or the status host when one is set
 * ({@code preau.status.public-url}, served by the status page's listener of its own, docs/adr/0083).
 */
class StatusPageLinkTest {

    @Test
    void withNothingSetTheFooterLinksThisSitesPage() {
        assertThat(UiFactory.statusPage("")).isEqualTo("/statut");
        assertThat(UiFactory.statusPage(null)).isEqualTo("/statut");
        assertThat(ui("").statusPage()).isEqualTo("/statut");
    }

    @Test
    void aStatusHostIsLinkedToItsPage() {
        assertThat(UiFactory.statusPage("https://statut.example.fr")).isEqualTo("https://statut.example.fr/statut");
        assertThat(UiFactory.statusPage(" https://statut.example.fr/ ")).isEqualTo("https://statut.example.fr/statut");
        assertThat(UiFactory.statusPage("http://127.0.0.1:8081")).isEqualTo("http://127.0.0.1:8081/statut");
        assertThat(ui("https://statut.example.fr").statusPage()).isEqualTo("https://statut.example.fr/statut");
    }

    @Test
    void anythingElseIsRefusedAtStartWithTheSettingsName() {
        assertThatThrownBy(() -> UiFactory.statusPage("javascript:alert(1)"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("preau.status.public-url");
        assertThatThrownBy(() -> UiFactory.statusPage("statut.example.fr"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("preau.status.public-url");
    }

    private static Ui ui(String statusUrl) {
        var factory = new UiFactory(
                new StaticMessageSource(), new FixedLocaleResolver(Locale.FRENCH), new NoAssets(), statusUrl);
        return factory.create(new MockHttpServletRequest("GET", "/"));
    }

    /** No fingerprinted assets: the link does not need them. */
    private static final class NoAssets
            implements org.springframework.beans.factory.ObjectProvider<
                    org.springframework.web.servlet.resource.ResourceUrlProvider> {
        @Override
        public org.springframework.web.servlet.resource.ResourceUrlProvider getObject(Object... args) {
            return null;
        }

        @Override
        public org.springframework.web.servlet.resource.ResourceUrlProvider getIfAvailable() {
            return null;
        }

        @Override
        public org.springframework.web.servlet.resource.ResourceUrlProvider getIfUnique() {
            return null;
        }

        @Override
        public org.springframework.web.servlet.resource.ResourceUrlProvider getObject() {
            return null;
        }
    }
}
