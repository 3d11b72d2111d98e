package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@code preau.public-url}: the address printed on activation sheets, checked at start. */
class PublicUrlTest {

    @Test
    void anAddressIsKeptWithoutItsTrailingSlash() {
        assertThat(PublicUrl.parse("https://ent.example.fr/")).hasValue("https://ent.example.fr");
        assertThat(PublicUrl.parse(" https://ent.example.fr/preau ")).hasValue("https://ent.example.fr/preau");
        assertThat(PublicUrl.parse("http://127.0.0.1:8080")).hasValue("http://127.0.0.1:8080");
    }

    @Test
    void nothingSetMeansNoAddressOfItsOwn() {
        assertThat(PublicUrl.parse("")).isEmpty();
        assertThat(PublicUrl.parse(null)).isEmpty();
    }

    @Test
    void somethingThatIsNotAWebAddressStopsTheStartWithAClearMessage() {
        assertThatThrownBy(() -> PublicUrl.parse("ent.example.fr"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("preau.public-url");
        assertThatThrownBy(() -> PublicUrl.parse("ftp://ent.example.fr")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PublicUrl.parse("https://ent.example.fr/?x=1"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> PublicUrl.parse("https://exa mple.fr")).isInstanceOf(IllegalStateException.class);
    }
}
