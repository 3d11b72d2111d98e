package org.preau.homework.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.preau.homework.internal.files.FileRules;

class FileRulesTest {

    @Test
    void acceptsAFileWhoseBytesMatchItsExtension() {
        assertThat(FileRules.check("devoir.pdf", "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII)))
                .contains("application/pdf");
        assertThat(FileRules.check("photo.PNG", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}))
                .contains("image/png");
        assertThat(FileRules.check("notes.txt", "Bonjour".getBytes(StandardCharsets.UTF_8)))
                .isPresent();
    }

    @Test
    void refusesARenamedExecutable() {
        byte[] windowsExe = {'M', 'Z', (byte) 0x90, 0, 3, 0, 0, 0};
        assertThat(FileRules.check("devoir.pdf", windowsExe)).isEmpty();
        assertThat(FileRules.check("devoir.txt", windowsExe)).isEmpty();
        assertThat(FileRules.check("devoir.docx", windowsExe)).isEmpty();
        assertThat(FileRules.check("devoir.png", "%PDF-1.4".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
    }

    @Test
    void refusesExtensionsOutsideTheList() {
        assertThat(FileRules.allowedName("virus.exe")).isFalse();
        assertThat(FileRules.allowedName("page.html")).isFalse();
        assertThat(FileRules.allowedName("image.svg")).isFalse();
        assertThat(FileRules.allowedName("Devoir.PDF")).isTrue();
    }

    @Test
    void cleansNamesOfPathsAndControlCharacters() {
        assertThat(FileRules.cleanName("../../etc/passwd.txt")).isEqualTo("passwd.txt");
        assertThat(FileRules.cleanName("C:\\Users\\x\\devoir\u0007.pdf")).isEqualTo("devoir.pdf");
    }
}
