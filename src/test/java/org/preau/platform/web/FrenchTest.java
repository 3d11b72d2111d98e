package org.preau.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** "responsable de Agathe" must read "responsable d’Agathe" (issue 9): elision before a vowel sound. */
class FrenchTest {

    @Test
    void namesStartingWithAVowelAccentedOrNotElide() {
        assertThat(French.elides("Agathe")).isTrue();
        assertThat(French.elides("emma")).isTrue();
        assertThat(French.elides("Inès")).isTrue();
        assertThat(French.elides("Octave")).isTrue();
        assertThat(French.elides("Ulysse")).isTrue();
        assertThat(French.elides("Élodie")).isTrue();
        assertThat(French.elides("Èva")).isTrue();
        assertThat(French.elides("Île")).isTrue();
        assertThat(French.elides("Œdipe")).isTrue();
        assertThat(French.elides("  Anaïs Roux")).isTrue();
    }

    @Test
    void namesStartingWithAnHElideAsAMuteH() {
        assertThat(French.elides("Hugo")).isTrue();
        assertThat(French.elides("Hélène")).isTrue();
    }

    @Test
    void aYElidesOnlyWhereItSoundsLikeAVowel() {
        assertThat(French.elides("Yves")).isTrue();
        assertThat(French.elides("Yvonne")).isTrue();
        assertThat(French.elides("Yann")).isFalse();
        assertThat(French.elides("Yasmine")).isFalse();
        assertThat(French.elides("Y")).isFalse();
    }

    @Test
    void consonantsAndNothingDoNot() {
        assertThat(French.elides("Louise")).isFalse();
        assertThat(French.elides("Zoé")).isFalse();
        assertThat(French.elides("Çédric")).isFalse();
        assertThat(French.elides("")).isFalse();
        assertThat(French.elides("   ")).isFalse();
        assertThat(French.elides(null)).isFalse();
        assertThat(French.elides("1er")).isFalse();
    }
}
