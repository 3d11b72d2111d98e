package org.preau.status.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The responsibility registry: every component of this deployment, what it does, who operates it, who hosts it
 * and where, and how the public can reach them. Read once at start from a YAML file (docs/status.md says how to
 * write one); a wrong file stops the start with a message naming the entry, rather than a page that lies.
 *
 * @param components in the order the page lists them
 */
public record Registry(List<Component> components) {

    /** What probe, if any, exercises a component. */
    public enum ProbeKind {
        /** This node's own lanes and password-hashing pool. */
        NODE,
        /** A query on PostgreSQL, on a connection of the probe's own. */
        DATABASE,
        /** A file written to the file store and read back. */
        FILES,
        /** An SMTP greeting and EHLO, when a server is configured. */
        SMTP,
        /** An HTTP GET (identity provider metadata, a video server's API), when an address is configured. */
        HTTP,
        /** Nothing here can exercise it (the hosting provider, the network, the maintainer): incidents only. */
        NONE
    }

    /** A text in French and English. */
    public record Text(String fr, String en) {
        public String in(Locale locale) {
            return "en".equals(locale.getLanguage()) && en != null && !en.isBlank() ? en : fr;
        }
    }

    /** Who hosts it and where: a provider and an ISO 3166 country code. */
    public record Host(String provider, String country) {
        public String countryName(Locale locale) {
            return country == null || country.isBlank()
                    ? ""
                    : Locale.of("", country.toUpperCase(Locale.ROOT)).getDisplayCountry(locale);
        }
    }

    /**
     * One component.
     *
     * @param id a stable short id ({@code database}), used in the JSON and the feed
     * @param name its public name
     * @param does what it does, in a sentence a parent understands
     * @param operator who runs it (an organisation, never a person's private address)
     * @param contact how the public reaches the operator (a web page or an address meant for it)
     * @param host who hosts it and in which country
     * @param probe what exercises it
     * @param target where the probe goes ({@code host:port} for SMTP, a URL for HTTP): internal, never shown
     */
    public record Component(
            String id,
            Text name,
            Text does,
            String operator,
            String contact,
            Host host,
            ProbeKind probe,
            String target) {

        Optional<String> probeTarget() {
            return target == null || target.isBlank() ? Optional.empty() : Optional.of(target.strip());
        }
    }

    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,39}");

    public Registry {
        components = List.copyOf(components);
    }

    Optional<Component> find(String id) {
        return components.stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The first component probed by {@code kind}, if the registry has one. */
    Optional<Component> first(ProbeKind kind) {
        return components.stream().filter(c -> c.probe() == kind).findFirst();
    }

    /** Reads and checks the registry at {@code location} ({@code classpath:}, {@code file:} or a plain path). */
    static Registry load(ResourceLoader loader, String location) {
        Resource resource = location.startsWith("classpath:") || location.startsWith("file:")
                ? loader.getResource(location)
                : new FileSystemResource(location);
        if (!resource.exists()) {
            throw new IllegalStateException(
                    "The status registry " + location + " does not exist (preau.status.registry)");
        }
        List<PropertySource<?>> sources;
        try {
            sources = new YamlPropertySourceLoader().load("status-registry", resource);
        } catch (IOException e) {
            throw new UncheckedIOException("The status registry " + location + " could not be read", e);
        }
        var binder = new Binder(ConfigurationPropertySources.from(sources));
        var read = binder.bind("components", Bindable.listOf(Component.class)).orElse(List.of());
        return check(location, read);
    }

    static Registry check(String location, List<Component> read) {
        var problems = new ArrayList<String>();
        var ids = new HashSet<String>();
        for (int i = 0; i < read.size(); i++) {
            var c = read.get(i);
            String where = "component " + (i + 1) + (c.id() == null ? "" : " (" + c.id() + ")");
            if (c.id() == null || !ID.matcher(c.id()).matches()) {
                problems.add(where + ": id must be lower-case letters, digits and dashes");
            } else if (!ids.add(c.id())) {
                problems.add(where + ": id used twice");
            }
            if (c.name() == null || blank(c.name().fr())) {
                problems.add(where + ": name.fr is required");
            }
            if (c.does() == null || blank(c.does().fr())) {
                problems.add(where + ": does.fr is required");
            }
            if (blank(c.operator())) {
                problems.add(where + ": operator is required");
            }
            if (blank(c.contact())) {
                problems.add(where + ": contact is required");
            }
            if (c.host() == null || blank(c.host().provider()) || blank(c.host().country())) {
                problems.add(where + ": host.provider and host.country are required");
            } else if (!c.host().country().matches("[A-Za-z]{2}")) {
                problems.add(where + ": host.country is a two-letter country code (FR, DE, US...)");
            }
            if (c.probe() == null) {
                problems.add(where + ": probe is required (node, database, files, smtp, http or none)");
            }
        }
        if (read.isEmpty()) {
            problems.add("no components");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "The status registry " + location + " is wrong: " + String.join("; ", problems));
        }
        return new Registry(read);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
