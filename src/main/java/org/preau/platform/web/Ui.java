package org.preau.platform.web;

import java.util.Locale;
import java.util.Optional;
import org.preau.platform.SignedInUser;
import org.springframework.context.MessageSource;
import org.springframework.web.servlet.resource.ResourceUrlProvider;

/**
 * Everything a page template needs from the request besides its own data: translated text, the CSRF field, the
 * signed-in user for the navigation, fingerprinted asset URLs. Every JTE page takes {@code @param Ui ui}.
 */
public final class Ui {

    /**
     * Request attribute that marks a page served in degraded (read-only) mode; the surge module sets it and the
     * layout then shows a banner.
     */
    public static final String READ_ONLY_ATTRIBUTE = "preau.degraded";

    private final MessageSource messages;
    private final Locale locale;
    private final String csrfParameter;
    private final String csrfToken;
    private final SignedInUser user;
    private final String path;
    private final ResourceUrlProvider assets;
    private final boolean readOnly;
    private final String statusPage;

    public Ui(
            MessageSource messages,
            Locale locale,
            String csrfParameter,
            String csrfToken,
            SignedInUser user,
            String path,
            ResourceUrlProvider assets) {
        this(messages, locale, csrfParameter, csrfToken, user, path, assets, false);
    }

    public Ui(
            MessageSource messages,
            Locale locale,
            String csrfParameter,
            String csrfToken,
            SignedInUser user,
            String path,
            ResourceUrlProvider assets,
            boolean readOnly) {
        this(messages, locale, csrfParameter, csrfToken, user, path, assets, readOnly, DEFAULT_STATUS_PAGE);
    }

    /** Where the footer's link to the status page goes when nothing else is set: this site's own {@code /statut}. */
    public static final String DEFAULT_STATUS_PAGE = "/statut";

    public Ui(
            MessageSource messages,
            Locale locale,
            String csrfParameter,
            String csrfToken,
            SignedInUser user,
            String path,
            ResourceUrlProvider assets,
            boolean readOnly,
            String statusPage) {
        this.statusPage = statusPage == null || statusPage.isBlank() ? DEFAULT_STATUS_PAGE : statusPage;
        this.messages = messages;
        this.locale = locale;
        this.csrfParameter = csrfParameter;
        this.csrfToken = csrfToken;
        this.user = user;
        this.path = path;
        this.assets = assets;
        this.readOnly = readOnly;
    }

    /**
     * The footer's link to the public status page: the status host when one is set ({@code preau.status.public-url},
     * served by the status page's listener of its own, docs/adr/0083), else this site's {@code /statut}.
     */
    public String statusPage() {
        return statusPage;
    }

    /** Whether the page is served in degraded (read-only) mode: the layout shows a banner, forms will be refused. */
    public boolean readOnly() {
        return readOnly;
    }

    /** The text for {@code key} in the user's language; the key itself when missing, so gaps are visible. */
    public String t(String key, Object... args) {
        return messages.getMessage(key, args, key, locale);
    }

    /** The text of a message (a key with its arguments) in the user's language. */
    public String t(Problem.Message message) {
        return text(messages, message, locale);
    }

    /** A message's text; arguments that are messages themselves (a field's label...) are translated first. */
    static String text(MessageSource messages, Problem.Message message, Locale locale) {
        Object[] args = message.argArray();
        for (int i = 0; i < args.length; i++) {
            if (args[i] instanceof Problem.Message nested) {
                args[i] = text(messages, nested, locale);
            }
        }
        return messages.getMessage(message.key(), args, message.key(), locale);
    }

    public Locale locale() {
        return locale;
    }

    /** {@code fr} or {@code en}, for the {@code lang} attribute. */
    public String lang() {
        return locale.getLanguage();
    }

    public String otherLang() {
        return "en".equals(lang()) ? "fr" : "en";
    }

    public String csrfParameter() {
        return csrfParameter;
    }

    public String csrfToken() {
        return csrfToken;
    }

    public Optional<SignedInUser> user() {
        return Optional.ofNullable(user);
    }

    public boolean signedIn() {
        return user != null;
    }

    public boolean hasProfile(String... profiles) {
        if (user == null) {
            return false;
        }
        for (String p : profiles) {
            if (p.equals(user.profileName())) {
                return true;
            }
        }
        return false;
    }

    /** The current path, to mark the current navigation entry. */
    public String path() {
        return path;
    }

    /** The fingerprinted URL of a static asset, cacheable forever. */
    public String asset(String lookupPath) {
        if (assets == null) {
            return lookupPath;
        }
        String url = assets.getForLookupPath(lookupPath);
        return url != null ? url : lookupPath;
    }
}
