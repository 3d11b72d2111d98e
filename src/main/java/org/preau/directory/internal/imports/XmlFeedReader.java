package org.preau.directory.internal.imports;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.exc.WstxLazyException;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.preau.directory.internal.calendar.HolidayZones;
import org.preau.directory.internal.imports.Entry.AudienceDecl;
import org.preau.directory.internal.imports.Entry.DeleteEntry;
import org.preau.directory.internal.imports.Entry.LevelEntry;
import org.preau.directory.internal.imports.Entry.Op;
import org.preau.directory.internal.imports.Entry.PersonEntry;
import org.preau.directory.internal.imports.Entry.Ref;
import org.preau.directory.internal.imports.Entry.SchoolEntry;
import org.preau.directory.internal.imports.Entry.SubjectEntry;
import org.preau.directory.internal.imports.Entry.Teach;
import org.preau.identity.Profile;

/**
 * Reads the national directory feed ({@code ficAlimMENESR}, the "AAF" files) with StAX (Woodstox), one request at a
 * time, so a file of any size is read in constant memory; its characters come from {@link XmlFeedInput} (strictly
 * decoded, every token bounded). Each {@code addRequest}, {@code modifyRequest} or
 * {@code deleteRequest} becomes an {@link Entry}; malformed values are reported with the line of their
 * {@code <attr>} element. The attributes read are listed in docs/IMPORTS.md.
 */
final class XmlFeedReader {

    static final Pattern UAI = Pattern.compile("^[0-9]{7}[A-Z]$");
    private static final DateTimeFormatter BIRTH_DATE =
            DateTimeFormatter.ofPattern("dd/MM/uuuu").withResolverStyle(ResolverStyle.STRICT);

    private static final XMLInputFactory FACTORY = newFactory();

    /** Woodstox, for its limits: the JDK's StAX buffers a text or an attribute value whole, however long. */
    private static XMLInputFactory newFactory() {
        var f = new WstxInputFactory();
        // The feed declares a DTD; never fetch it, never expand an entity it declares (XXE, billion laughs).
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        // BoundedDecodingReader already refuses a run of characters without '<' longer than this; these catch what
        // hides behind markup characters (a CDATA section or a comment full of '<').
        f.setProperty(WstxInputProperties.P_MAX_TEXT_LENGTH, BoundedDecodingReader.MAX_CHARS);
        f.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, BoundedDecodingReader.MAX_CHARS);
        return f;
    }

    /** Woodstox's own limit messages, "Text size limit (100000) exceeded" and the like. */
    private static final Pattern LIMIT_EXCEEDED = Pattern.compile("limit \\((\\d+)\\) exceeded");

    private final ErrorList errors;
    private final ImportKind fileKind;

    XmlFeedReader(ErrorList errors, ImportKind fileKind) {
        this.errors = errors;
        this.fileKind = fileKind;
    }

    /** One attribute: its values and the line of its element. */
    private record Attr(List<String> values, long line) {}

    /** Streams the file, handing each entry to {@code sink}. */
    void read(Reader in, Consumer<Entry> sink) {
        XMLStreamReader r = null;
        try {
            r = FACTORY.createXMLStreamReader(in);
            boolean root = false;
            Op op = null;
            long requestLine = 0;
            String identifier = null;
            String category = null;
            boolean operational = false;
            Map<String, Attr> attrs = new HashMap<>();
            String attrName = null;
            List<String> attrValues = null;
            long attrLine = 0;
            while (r.hasNext()) {
                int event = r.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    String name = r.getLocalName();
                    long line = r.getLocation().getLineNumber();
                    if (!root) {
                        if (!"ficAlimMENESR".equals(name)) {
                            errors.add(line, name, "imports.error.xml.root", name);
                            return;
                        }
                        root = true;
                        continue;
                    }
                    switch (name) {
                        case "addRequest", "modifyRequest", "deleteRequest" -> {
                            op = switch (name) {
                                case "addRequest" -> Op.ADD;
                                case "modifyRequest" -> Op.MODIFY;
                                default -> Op.DELETE;
                            };
                            requestLine = line;
                            identifier = null;
                            category = null;
                            attrs = new HashMap<>();
                        }
                        case "operationalAttributes" -> operational = true;
                        case "attr", "modification" -> {
                            attrName = r.getAttributeValue(null, "name");
                            attrValues = new ArrayList<>(1);
                            attrLine = line;
                        }
                        case "value" -> {
                            String text = r.getElementText().trim();
                            if (attrValues != null && !text.isEmpty()) {
                                attrValues.add(text);
                            }
                        }
                        case "id" -> identifier = r.getElementText().trim();
                        default -> {
                            // other elements (attributes, identifier, modifications) only group the above
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    String name = r.getLocalName();
                    switch (name) {
                        case "attr", "modification" -> {
                            if (attrName != null) {
                                if (operational) {
                                    if (!attrValues.isEmpty()) {
                                        category = attrValues.getFirst();
                                    }
                                } else {
                                    attrs.put(attrName, new Attr(attrValues, attrLine));
                                }
                            }
                            attrName = null;
                            attrValues = null;
                        }
                        case "operationalAttributes" -> operational = false;
                        case "addRequest", "modifyRequest", "deleteRequest" -> {
                            var entry = toEntry(op, requestLine, identifier, category, attrs);
                            if (entry != null) {
                                sink.accept(entry);
                            }
                        }
                        default -> {}
                    }
                }
            }
            if (!root) {
                errors.add(1, "", "imports.error.xml.root", "");
            }
        } catch (XMLStreamException e) {
            stopped(e, r);
        } catch (WstxLazyException e) {
            // Woodstox parses some content only when asked for it, and throws from accessors without checked
            // exceptions: the parse error is its cause.
            stopped(e.getCause() instanceof XMLStreamException x ? x : new XMLStreamException(e.getMessage()), r);
        } finally {
            if (r != null) {
                try {
                    r.close();
                } catch (XMLStreamException ignored) {
                    // closing a reader of a file we are done with
                }
            }
        }
    }

    /** Reports why the parser stopped: the file's bytes, a value too long, or malformed XML. */
    private void stopped(XMLStreamException e, XMLStreamReader r) {
        var unreadable = UnreadableInput.in(e);
        if (unreadable.isPresent()) {
            unreadable.get().report(errors);
            return;
        }
        var limit = LIMIT_EXCEEDED.matcher(String.valueOf(e.getMessage()));
        if (limit.find() && r != null) {
            long line = r.getLocation().getLineNumber();
            errors.add(line, "", "imports.error.too.long", line, limit.group(1));
            return;
        }
        long line = e.getLocation() == null ? 0 : e.getLocation().getLineNumber();
        errors.add(line, "", "imports.error.xml.malformed", firstLine(e.getMessage()));
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.lastIndexOf("Message: ");
        return nl >= 0
                ? message.substring(nl + 9).trim()
                : message.lines().findFirst().orElse("");
    }

    // ---------------------------------------------------------------- mapping requests to entries

    private Entry toEntry(Op op, long line, String identifier, String category, Map<String, Attr> attrs) {
        var kind = ImportKind.fromCategory(category).orElse(fileKind);
        if (kind == null || !kind.xml()) {
            errors.add(line, "categorie", "imports.error.xml.category", category == null ? "" : category);
            return null;
        }
        var m = new Mapper(line, op, attrs);
        return switch (kind) {
            case XML_SCHOOLS -> m.school(identifier);
            case XML_SUBJECTS -> m.subject(identifier);
            case XML_LEVELS -> m.level(identifier);
            case XML_PUPILS, XML_PARENTS, XML_STAFF -> m.person(kind, identifier);
            default -> null;
        };
    }

    /** Maps one request; knows the line of each attribute to report errors precisely. */
    private final class Mapper {
        private final long line;
        private final Op op;
        private final Map<String, Attr> attrs;

        Mapper(long line, Op op, Map<String, Attr> attrs) {
            this.line = line;
            this.op = op;
            this.attrs = attrs;
        }

        private long lineOf(String name) {
            var a = attrs.get(name);
            return a == null ? line : a.line();
        }

        private boolean has(String name) {
            return attrs.containsKey(name);
        }

        private List<String> values(String name) {
            var a = attrs.get(name);
            return a == null ? List.of() : a.values();
        }

        private String first(String... names) {
            for (String n : names) {
                var v = values(n);
                if (!v.isEmpty()) {
                    return v.getFirst();
                }
            }
            return null;
        }

        private String required(String... names) {
            String v = first(names);
            if (v == null) {
                errors.add(lineOf(names[0]), names[0], "imports.error.required", names[0]);
            }
            return v;
        }

        private boolean unsupportedDelete() {
            if (op == Op.DELETE) {
                errors.add(line, "deleteRequest", "imports.error.delete.unsupported");
                return true;
            }
            return false;
        }

        Entry school(String identifier) {
            if (unsupportedDelete()) {
                return null;
            }
            String uai = required("ENTStructureUAI");
            String name = required("ENTStructureNomCourant");
            if (uai != null && !UAI.matcher(uai).matches()) {
                errors.add(lineOf("ENTStructureUAI"), "ENTStructureUAI", "imports.error.uai", uai);
                return null;
            }
            if (uai == null || name == null) {
                return null;
            }
            String key = first("ENTStructureJointure");
            if (key == null) {
                key = identifier != null && !identifier.isBlank() ? identifier : uai;
            }
            return new SchoolEntry(
                    line,
                    key,
                    uai,
                    name,
                    first("l", "ENTStructureVille"),
                    audiences("ENTStructureClasses"),
                    audiences("ENTStructureGroupes"),
                    HolidayZones.fromAcademie(first("ENTServAcAcademie")));
        }

        /** {@code code$label[$level]} values; a group's composition that follows is not used. */
        private List<AudienceDecl> audiences(String attr) {
            var list = new ArrayList<AudienceDecl>();
            for (String v : values(attr)) {
                String[] parts = v.split("\\$", -1);
                String code = parts[0].trim();
                if (code.isEmpty()) {
                    errors.add(lineOf(attr), attr, "imports.error.format", v);
                    continue;
                }
                String label = parts.length > 1 && !parts[1].isBlank() && !"0".equals(parts[1]) ? parts[1] : code;
                String level = parts.length > 2 && !parts[2].isBlank() ? parts[2] : null;
                list.add(new AudienceDecl(code, label, "ENTStructureGroupes".equals(attr) ? null : level));
            }
            return list;
        }

        Entry subject(String identifier) {
            if (unsupportedDelete()) {
                return null;
            }
            String code = first("ENTMatJointure");
            if (code == null) {
                code = identifier;
            }
            if (code == null || code.isBlank()) {
                errors.add(line, "ENTMatJointure", "imports.error.required", "ENTMatJointure");
                return null;
            }
            String label = required("ENTLibelleMatiere");
            return label == null ? null : new SubjectEntry(line, null, code, label);
        }

        Entry level(String identifier) {
            if (unsupportedDelete()) {
                return null;
            }
            String code = first("ENTMefJointure");
            if (code == null) {
                code = identifier;
            }
            if (code == null || code.isBlank()) {
                errors.add(line, "ENTMefJointure", "imports.error.required", "ENTMefJointure");
                return null;
            }
            String label = required("ENTLibelleMef");
            return label == null ? null : new LevelEntry(line, code, label);
        }

        Entry person(ImportKind kind, String identifier) {
            String id = first("ENTPersonJointure");
            if (id == null) {
                id = identifier;
            }
            if (id == null || id.isBlank()) {
                errors.add(line, "ENTPersonJointure", "imports.error.required", "ENTPersonJointure");
                return null;
            }
            if (op == Op.DELETE) {
                return new DeleteEntry(line, id, "ENTPersonJointure");
            }
            boolean full = op == Op.ADD;
            String family = first("sn", "ENTPersonNom");
            String given = first("givenName", "ENTPersonPrenom");
            if (full || family != null || given != null) {
                if (family == null) {
                    errors.add(lineOf("sn"), "sn", "imports.error.required", "sn");
                }
                if (given == null) {
                    errors.add(lineOf("givenName"), "givenName", "imports.error.required", "givenName");
                }
            }
            String birth = first("ENTPersonDateNaissance");
            if (birth != null) {
                try {
                    LocalDate.parse(birth, BIRTH_DATE);
                } catch (DateTimeParseException e) {
                    errors.add(lineOf("ENTPersonDateNaissance"), "ENTPersonDateNaissance", "imports.error.date", birth);
                }
            }
            Profile profile;
            String function = null;
            List<Ref> schools = refs("ENTPersonStructRattach", full);
            List<Ref> classes = null;
            List<Ref> groups = null;
            List<Ref> parents = null;
            List<Teach> teaches = null;
            switch (kind) {
                case XML_PUPILS -> {
                    profile = Profile.PUPIL;
                    if (full && schools.isEmpty()) {
                        errors.add(
                                lineOf("ENTPersonStructRattach"),
                                "ENTPersonStructRattach",
                                "imports.error.required",
                                "ENTPersonStructRattach");
                    }
                    classes = pairs("ENTEleveClasses", full);
                    groups = pairs("ENTEleveGroupes", full);
                    if (full || has("ENTEleveAutoriteParentale")) {
                        parents = new ArrayList<>();
                        for (String v : values("ENTEleveAutoriteParentale")) {
                            parents.add(new Ref(null, v.split("\\$", -1)[0], "ENTEleveAutoriteParentale"));
                        }
                    }
                }
                case XML_PARENTS -> {
                    profile = Profile.PARENT;
                    schools = null;
                }
                default -> {
                    var profils = values("ENTPersonProfils");
                    boolean teaching = profils.stream()
                                    .anyMatch(p -> p.toUpperCase(Locale.ROOT).contains("ENS"))
                            || "O".equalsIgnoreCase(first("PersEducNatPresenceDevantEleves"))
                            || (profils.isEmpty()
                                    && (has("ENTAuxEnsClassesMatieres") || has("ENTAuxEnsGroupesMatieres")));
                    profile = teaching ? Profile.TEACHER : Profile.STAFF;
                    List<Ref> fromFunctions = new ArrayList<>();
                    for (String v : values("ENTPersonFonctions")) {
                        String[] parts = v.split("\\$", -1);
                        if (parts.length < 2 || parts[0].isBlank()) {
                            errors.add(lineOf("ENTPersonFonctions"), "ENTPersonFonctions", "imports.error.format", v);
                            continue;
                        }
                        fromFunctions.add(new Ref(parts[0], null, "ENTPersonFonctions"));
                        if (function == null && !teaching) {
                            function = functionOf(parts[1]);
                        }
                    }
                    if (schools != null) {
                        schools.addAll(fromFunctions);
                    } else if (!fromFunctions.isEmpty()) {
                        schools = fromFunctions;
                    }
                    if (full || has("ENTAuxEnsClassesMatieres") || has("ENTAuxEnsGroupesMatieres")) {
                        teaches = new ArrayList<>();
                        teaches.addAll(triples("ENTAuxEnsClassesMatieres", false));
                        teaches.addAll(triples("ENTAuxEnsGroupesMatieres", true));
                    }
                    if (full && (schools == null || schools.isEmpty())) {
                        errors.add(
                                lineOf("ENTPersonStructRattach"),
                                "ENTPersonStructRattach",
                                "imports.error.required",
                                "ENTPersonStructRattach");
                    }
                }
            }
            return new PersonEntry(
                    line,
                    op,
                    profile,
                    id,
                    given,
                    family,
                    first("ENTPersonLogin"),
                    first("mail"),
                    function,
                    schools,
                    classes,
                    groups,
                    parents,
                    teaches);
        }

        private List<Ref> refs(String attr, boolean full) {
            if (!full && !has(attr)) {
                return null;
            }
            var list = new ArrayList<Ref>();
            for (String v : values(attr)) {
                list.add(new Ref(v, null, attr));
            }
            return list;
        }

        /** {@code structure$code} values (ENTEleveClasses, ENTEleveGroupes). */
        private List<Ref> pairs(String attr, boolean full) {
            if (!full && !has(attr)) {
                return null;
            }
            var list = new ArrayList<Ref>();
            for (String v : values(attr)) {
                String[] parts = v.split("\\$", -1);
                if (parts.length < 2 || parts[0].isBlank() || parts[1].isBlank()) {
                    errors.add(lineOf(attr), attr, "imports.error.format", v);
                    continue;
                }
                list.add(new Ref(parts[0], parts[1], attr));
            }
            return list;
        }

        /** {@code structure$audience$subject} values (ENTAuxEnsClassesMatieres, ENTAuxEnsGroupesMatieres). */
        private List<Teach> triples(String attr, boolean group) {
            var list = new ArrayList<Teach>();
            for (String v : values(attr)) {
                String[] parts = v.split("\\$", -1);
                if (parts.length < 3 || parts[0].isBlank() || parts[1].isBlank() || parts[2].isBlank()) {
                    errors.add(lineOf(attr), attr, "imports.error.format", v);
                    continue;
                }
                list.add(new Teach(parts[0], parts[1], group, parts[2], attr));
            }
            return list;
        }
    }

    /** The function code of ENTPersonFonctions (second segment) as Préau's staff function. */
    static String functionOf(String code) {
        return switch (code.trim().toUpperCase(Locale.ROOT)) {
            case "DIR" -> "DIRECTION";
            case "EDU", "EVS" -> "VIE_SCOLAIRE";
            case "DOC" -> "DOCUMENTALISTE";
            case "ADM", "ADF" -> "SECRETARIAT";
            default -> code.trim().toUpperCase(Locale.ROOT);
        };
    }
}
