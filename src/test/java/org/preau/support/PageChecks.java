package org.preau.support;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * What every rendered page must hold, checked inside a real Chromium: no text left untranslated or half-formatted
 * ({@code ''} from MessageFormat quoting, a {@code {0}} left unfilled, a bare message key), no Content-Security-Policy
 * violation (from the {@code securitypolicyviolation} event and from the console), nothing wider than the screen
 * (a phone is 390 px wide) and no resource of the page answering an error. Each check returns the defects it found,
 * as sentences, so that one walk over many pages reports all of them at once.
 */
public final class PageChecks {

    /** Installed before any script of the page: records every Content-Security-Policy violation. */
    static final String INIT_SCRIPT = """
            window.__preauCsp = [];
            document.addEventListener('securitypolicyviolation', e => window.__preauCsp.push(
              e.effectiveDirective + ' blocked ' + (e.blockedURI || 'inline') + ' (' + (e.sourceFile || '') + ':' + e.lineNumber + ')'));
            """;

    private static final String CHECKS = """
            (keyPrefixes) => {
              const out = { lang: document.documentElement.lang, placeholders: [], keys: [], overflow: [],
                            csp: (window.__preauCsp || []).slice() };
              const describe = el => {
                let d = el.tagName.toLowerCase();
                if (el.id) d += '#' + el.id;
                if (el.classList.length) d += '.' + [...el.classList].join('.');
                const text = (el.textContent || '').trim().replace(/\\s+/g, ' ');
                return text ? d + ' "' + text.slice(0, 50) + '"' : d;
              };
              // Every text a reader can meet: each text node (hidden ones included: scripts reveal them) and the
              // attributes that are read out or shown. Not data-* attributes: they are templates for scripts, which
              // fill their {0} themselves (the offline copy's banner).
              const texts = [];
              const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
              for (let n = walker.nextNode(); n; n = walker.nextNode()) texts.push(n.data);
              for (const el of document.querySelectorAll('*')) {
                for (const a of el.attributes) {
                  const n = a.name;
                  if (n === 'title' || n === 'alt' || n === 'placeholder' || n === 'content' || n.startsWith('aria-label')
                      || (n === 'value' && el.type !== 'hidden')) {
                    texts.push(a.value);
                  }
                }
              }
              const keyPattern = new RegExp('(^|[^\\\\w.@/-])((' + keyPrefixes.join('|') + ')\\\\.[A-Za-z0-9_]+(\\\\.[A-Za-z0-9_]+)*)(?![\\\\w/-])', 'g');
              for (const t of texts) {
                if (!t) continue;
                for (const m of t.matchAll(/.{0,30}(''|\\{\\d+(,[^}]*)?\\}).{0,30}/g)) out.placeholders.push(m[0].trim());
                if (keyPrefixes.length) for (const m of t.matchAll(keyPattern)) out.keys.push(m[2]);
              }
              // Horizontal overflow: the page itself, then any element sticking out on the right, unless it sits in a
              // container made to scroll sideways (that container must fit).
              const vw = window.innerWidth;
              const root = document.documentElement;
              if (root.scrollWidth > vw) out.overflow.push('the page is ' + root.scrollWidth + ' px wide for ' + vw + ' px');
              const scrolls = el => {
                for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
                  const x = getComputedStyle(a).overflowX;
                  if (x === 'auto' || x === 'scroll') return true;
                }
                return false;
              };
              for (const el of document.body.querySelectorAll('*')) {
                const r = el.getBoundingClientRect();
                if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
                if ((r.width > vw + 0.5 || r.right > vw + 0.5) && !scrolls(el)) {
                  out.overflow.push(describe(el) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' px');
                }
              }
              out.overflow = out.overflow.slice(0, 8);
              return out;
            }
            """;

    private PageChecks() {}

    /** A page under watch: Content-Security-Policy messages of its console and its resources that failed. */
    public static final class Watch {
        public final Page page;
        private final List<String> console = new CopyOnWriteArrayList<>();
        private final List<String> failedResources = new CopyOnWriteArrayList<>();

        private Watch(Page page) {
            this.page = page;
            page.onConsoleMessage(m -> {
                if (m.text().contains("Content Security Policy")) {
                    console.add(m.text());
                }
            });
            page.onResponse(r -> {
                if (r.status() >= 400 && !"document".equals(r.request().resourceType())) {
                    failedResources.add(r.status() + " " + r.url());
                }
            });
        }

        /** Forgets what was seen so far (call before each navigation). */
        public void reset() {
            console.clear();
            failedResources.clear();
        }
    }

    /** The first segments of every message key of every bundle ({@code homework}, {@code problem}...). */
    public static Set<String> messageKeyPrefixes() {
        var prefixes = new TreeSet<String>();
        try {
            for (var r : new PathMatchingResourcePatternResolver().getResources("classpath*:i18n/*.properties")) {
                var p = new Properties();
                try (var in = new InputStreamReader(r.getInputStream(), StandardCharsets.UTF_8)) {
                    p.load(in);
                }
                p.stringPropertyNames().forEach(k -> prefixes.add(k.split("\\.")[0]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return prefixes;
    }

    /** Makes every page of the context record CSP violations from its first script on. */
    public static void install(BrowserContext context) {
        context.addInitScript(INIT_SCRIPT);
    }

    public static Watch watch(Page page) {
        return new Watch(page);
    }

    /**
     * The defects of the page as it is now, each prefixed with {@code where}.
     *
     * @param keyPrefixes the first segments of the message keys ({@code homework}, {@code problem}...): text such as
     *     {@code homework.work.title} on a page is a key that no bundle translated
     * @param lang the language the page must declare ({@code <html lang>}), or null not to check it
     */
    @SuppressWarnings("unchecked")
    public static List<String> defects(Watch watch, String where, Collection<String> keyPrefixes, String lang) {
        var defects = new ArrayList<String>();
        var result = (Map<String, Object>) watch.page.evaluate(CHECKS, List.copyOf(keyPrefixes));
        if (lang != null && !lang.equals(result.get("lang"))) {
            defects.add(where + ": asked for " + lang + ", the page says lang=" + result.get("lang"));
        }
        for (Object p : (List<Object>) result.get("placeholders")) {
            defects.add(where + ": unformatted message text «" + p + "»");
        }
        for (Object k : (List<Object>) result.get("keys")) {
            defects.add(where + ": untranslated message key «" + k + "»");
        }
        for (Object o : (List<Object>) result.get("overflow")) {
            defects.add(where + ": wider than the screen: " + o);
        }
        for (Object c : (List<Object>) result.get("csp")) {
            defects.add(where + ": Content-Security-Policy violation: " + c);
        }
        for (String c : watch.console) {
            defects.add(where + ": console: " + c);
        }
        for (String f : watch.failedResources) {
            defects.add(where + ": a resource of the page failed: " + f);
        }
        return defects;
    }
}
