package org.preau.support;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The accessibility helper must be able to fail: an image without text and an unlabelled field are caught. */
class AxeSelfTest {

    private static Playwright playwright;
    private static Browser browser;

    @BeforeAll
    static void launch() {
        Browsers.requireBrowser();
        playwright = Browsers.playwright();
        browser = Browsers.launch(playwright);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
        if (playwright != null) {
            playwright.close();
        }
    }

    @Test
    void reportsViolationsOfAnInaccessiblePage() {
        Page page = browser.newPage();
        page.setContent("<!DOCTYPE html><html><head><title>x</title></head><body><main>"
                + "<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw='><input type='text'></main></body></html>");
        assertThatThrownBy(() -> Axe.assertAccessible(page))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("image-alt");
    }
}
