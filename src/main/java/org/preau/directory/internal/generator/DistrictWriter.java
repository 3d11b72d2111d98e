package org.preau.directory.internal.generator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.preau.directory.internal.generator.District.Kind;
import org.preau.directory.internal.generator.District.Lesson;
import org.preau.directory.internal.generator.District.Person;
import org.preau.directory.internal.generator.District.School;

/**
 * Writes a district as import files: the national XML feed (six files, plus the timetable as CSV, which the feed
 * does not carry) or Préau's CSV files. Output is byte-identical for the same district (fixed order, "\n" line
 * ends, no time stamps).
 */
final class DistrictWriter {

    private static final DateTimeFormatter BIRTH = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    private DistrictWriter() {}

    /** The files written, in import order. */
    static List<Path> write(District d, String format, Path dir) throws IOException {
        Files.createDirectories(dir);
        return switch (format) {
            case "xml" -> xml(d, dir);
            case "csv" -> csv(d, dir);
            default -> throw new IllegalArgumentException("format must be xml or csv: " + format);
        };
    }

    // ---------------------------------------------------------------- national XML feed

    private static List<Path> xml(District d, Path dir) throws IOException {
        var files = new ArrayList<Path>();
        files.add(feed(dir, "EtabEducNat", out -> {
            for (var s : d.schools()) {
                var classes = s.classes().stream()
                        .map(c -> c.code() + "$" + c.name() + "$" + c.level())
                        .toList();
                var groups =
                        s.groups().stream().map(g -> g.code() + "$" + g.name()).toList();
                request(
                        out,
                        "categorieStructure",
                        "EtabEducNat",
                        s.key(),
                        List.of(
                                attr("ENTStructureJointure", s.key()),
                                attr("ENTStructureUAI", s.uai()),
                                attr("ENTStructureNomCourant", s.name()),
                                attr("ENTStructureTypeStruct", "COLLEGE"),
                                attr("l", s.city()),
                                attr("ENTStructureClasses", classes),
                                attr("ENTStructureGroupes", groups)));
            }
        }));
        files.add(feed(dir, "MatiereEducNat", out -> {
            for (var m : d.subjects()) {
                request(
                        out,
                        "categorieMatiere",
                        "MatiereEducNat",
                        m.code(),
                        List.of(attr("ENTMatJointure", m.code()), attr("ENTLibelleMatiere", m.label())));
            }
        }));
        files.add(feed(dir, "MefEducNat", out -> {
            String[][] mefs = {{"6EME", "6EME"}, {"5EME", "5EME"}, {"4EME", "4EME"}, {"3EME", "3EME"}};
            for (var m : mefs) {
                request(
                        out,
                        "categorieMef",
                        "MefEducNat",
                        m[0],
                        List.of(attr("ENTMefJointure", m[0]), attr("ENTLibelleMef", m[1])));
            }
        }));
        files.add(feed(dir, "PersRelEleve", out -> {
            for (var p : d.parents()) {
                request(
                        out,
                        "categoriePersonne",
                        "PersRelEleve",
                        p.id(),
                        List.of(
                                attr("ENTPersonJointure", p.id()),
                                attr("sn", p.familyName()),
                                attr("givenName", p.givenName())));
            }
        }));
        files.add(feed(dir, "PersEducNat", out -> {
            var all = new ArrayList<Person>(d.staff());
            all.addAll(d.teachers());
            for (var p : all) {
                String key = d.schools().get(p.school()).key();
                boolean teacher = p.kind() == Kind.TEACHER;
                var classes = p.teaches().stream()
                        .filter(t -> !t.group())
                        .map(t -> key + "$" + t.audience() + "$" + t.subject())
                        .toList();
                var groups = p.teaches().stream()
                        .filter(t -> t.group())
                        .map(t -> key + "$" + t.audience() + "$" + t.subject())
                        .toList();
                String function = teacher ? "ENS" : p.function();
                request(
                        out,
                        "categoriePersonne",
                        "PersEducNat",
                        p.id(),
                        List.of(
                                attr("ENTPersonJointure", p.id()),
                                attr("ENTPersonDateNaissance", p.birthDate().format(BIRTH)),
                                attr("sn", p.familyName()),
                                attr("givenName", p.givenName()),
                                attr("ENTPersonProfils", teacher ? "National_ENS" : "National_" + profil(p.function())),
                                attr("ENTPersonStructRattach", key),
                                attr("ENTPersonFonctions", key + "$" + function + "$" + functionName(function)),
                                attr("ENTAuxEnsClassesMatieres", classes),
                                attr("ENTAuxEnsGroupesMatieres", groups),
                                attr("PersEducNatPresenceDevantEleves", teacher ? "O" : "N")));
            }
        }));
        files.add(feed(dir, "Eleve", out -> {
            for (var p : d.pupils()) {
                String key = d.schools().get(p.school()).key();
                request(
                        out,
                        "categoriePersonne",
                        "Eleve",
                        p.id(),
                        List.of(
                                attr("ENTPersonJointure", p.id()),
                                attr("ENTPersonDateNaissance", p.birthDate().format(BIRTH)),
                                attr("sn", p.familyName()),
                                attr("givenName", p.givenName()),
                                attr("ENTPersonStructRattach", key),
                                attr("ENTEleveClasses", key + "$" + p.classCode()),
                                attr(
                                        "ENTEleveGroupes",
                                        p.groups().stream()
                                                .map(g -> key + "$" + g)
                                                .toList()),
                                attr("ENTEleveAutoriteParentale", p.parents())));
            }
        }));
        files.add(timetable(d, dir));
        return files;
    }

    private static String profil(String function) {
        return switch (function) {
            case "DIR" -> "DIR";
            case "EDU" -> "EVS";
            case "DOC" -> "DOC";
            default -> "ETA";
        };
    }

    private static String functionName(String code) {
        return switch (code) {
            case "ENS" -> "ENSEIGNEMENT";
            case "DIR" -> "DIRECTION";
            case "EDU" -> "EDUCATION";
            case "DOC" -> "DOCUMENTATION";
            default -> "ADMINISTRATION";
        };
    }

    private interface Body {
        void write(Writer out) throws IOException;
    }

    private static Path feed(Path dir, String kind, Body body) throws IOException {
        Path file = dir.resolve("ENT_IT_Complet_" + kind + "_0001.xml");
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ficAlimMENESR>\n");
            body.write(out);
            out.write("</ficAlimMENESR>\n");
        }
        return file;
    }

    private record Attr(String name, List<String> values) {}

    private static Attr attr(String name, String value) {
        return new Attr(name, value == null ? List.of() : List.of(value));
    }

    private static Attr attr(String name, List<String> values) {
        return new Attr(name, values);
    }

    private static void request(Writer out, String category, String kind, String id, List<Attr> attrs)
            throws IOException {
        out.write("<addRequest>\n<operationalAttributes><attr name=\"");
        out.write(category);
        out.write("\"><value>");
        out.write(kind);
        out.write("</value></attr></operationalAttributes>\n<identifier><id>");
        out.write(escape(id));
        out.write("</id></identifier>\n<attributes>\n");
        for (var a : attrs) {
            if (a.values().isEmpty()) {
                continue;
            }
            out.write("<attr name=\"");
            out.write(a.name());
            out.write("\">");
            for (String v : a.values()) {
                out.write("<value>");
                out.write(escape(v));
                out.write("</value>");
            }
            out.write("</attr>\n");
        }
        out.write("</attributes>\n</addRequest>\n");
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    // ---------------------------------------------------------------- CSV

    private static List<Path> csv(District d, Path dir) throws IOException {
        var files = new ArrayList<Path>();
        files.add(csvFile(dir.resolve("schools.csv"), "uai;name;city", out -> {
            for (var s : d.schools()) {
                row(out, s.uai(), s.name(), s.city());
            }
        }));
        files.add(csvFile(dir.resolve("subjects.csv"), "uai;code;label", out -> {
            for (var s : d.schools()) {
                for (var m : d.subjects()) {
                    row(out, s.uai(), m.code(), m.label());
                }
            }
        }));
        files.add(csvFile(dir.resolve("classes.csv"), "uai;type;code;name;level", out -> {
            for (var s : d.schools()) {
                for (var c : s.classes()) {
                    row(out, s.uai(), "CLASS", c.code(), c.name(), c.level());
                }
                for (var g : s.groups()) {
                    row(out, s.uai(), "GROUP", g.code(), g.name(), "");
                }
            }
        }));
        files.add(csvFile(
                dir.resolve("people.csv"),
                "id;profile;uai;family_name;given_name;login;email;function;classes;groups;parents;teaches",
                out -> {
                    for (var p : d.parents()) {
                        row(out, p.id(), "PARENT", "", p.familyName(), p.givenName(), "", "", "", "", "", "", "");
                    }
                    for (var p : d.staff()) {
                        row(
                                out,
                                p.id(),
                                "STAFF",
                                uai(d, p),
                                p.familyName(),
                                p.givenName(),
                                "",
                                "",
                                functionOf(p.function()),
                                "",
                                "",
                                "",
                                "");
                    }
                    for (var p : d.teachers()) {
                        var teaches = p.teaches().stream()
                                .map(t -> t.audience() + ":" + t.subject())
                                .toList();
                        row(
                                out,
                                p.id(),
                                "TEACHER",
                                uai(d, p),
                                p.familyName(),
                                p.givenName(),
                                "",
                                "",
                                "",
                                "",
                                "",
                                "",
                                String.join("|", teaches));
                    }
                    for (var p : d.pupils()) {
                        row(
                                out,
                                p.id(),
                                "PUPIL",
                                uai(d, p),
                                p.familyName(),
                                p.givenName(),
                                "",
                                "",
                                "",
                                p.classCode(),
                                String.join("|", p.groups()),
                                String.join("|", p.parents()),
                                "");
                    }
                }));
        files.add(timetable(d, dir));
        return files;
    }

    private static String uai(District d, Person p) {
        return d.schools().get(p.school()).uai();
    }

    private static String functionOf(String code) {
        return switch (code) {
            case "DIR" -> "DIRECTION";
            case "EDU" -> "VIE_SCOLAIRE";
            case "DOC" -> "DOCUMENTALISTE";
            default -> "SECRETARIAT";
        };
    }

    private static Path timetable(District d, Path dir) throws IOException {
        return csvFile(dir.resolve("timetable.csv"), "uai;audience;subject;teacher;weekday;start;end;room", out -> {
            for (School s : d.schools()) {
                for (Lesson l : s.lessons()) {
                    row(
                            out,
                            s.uai(),
                            l.audience(),
                            l.subject(),
                            l.teacher() == null ? "" : l.teacher(),
                            Integer.toString(l.weekday()),
                            l.start().toString(),
                            l.end().toString(),
                            l.room());
                }
            }
        });
    }

    private static Path csvFile(Path file, String header, Body body) throws IOException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            out.write(header);
            out.write("\n");
            body.write(out);
        }
        return file;
    }

    /** Values never contain ';', quotes or line breaks (they come from the built-in lists). */
    private static void row(Writer out, String... values) throws IOException {
        out.write(String.join(";", values));
        out.write("\n");
    }
}
