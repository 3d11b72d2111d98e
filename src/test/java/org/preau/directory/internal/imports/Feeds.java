package org.preau.directory.internal.imports;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Small import files with unique keys, and a dump of the directory's tables to compare before and after. */
final class Feeds {

    final String s = Long.toString(Math.abs(ThreadLocalRandom.current().nextLong()), 36);
    final String uai = String.format(
            "%07d%c",
            ThreadLocalRandom.current().nextInt(10_000_000),
            (char) ('A' + ThreadLocalRandom.current().nextInt(26)));

    static DirectoryImporter.Source source(String name, String text) {
        return source(name, text.getBytes(StandardCharsets.UTF_8));
    }

    static DirectoryImporter.Source source(String name, byte[] bytes) {
        return new DirectoryImporter.Source(name, () -> new ByteArrayInputStream(bytes));
    }

    /**
     * A file of {@code prefix}, {@code unit} repeated {@code times}, then {@code suffix}, made as it is read: a
     * value of hundreds of megabytes costs no memory in the test.
     */
    static DirectoryImporter.Source generated(String name, String prefix, String unit, long times, String suffix) {
        return new DirectoryImporter.Source(name, () -> generatedStream(prefix, unit, times, suffix));
    }

    static InputStream generatedStream(String prefix, String unit, long times, String suffix) {
        byte[] head = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] body = unit.getBytes(StandardCharsets.UTF_8);
        byte[] tail = suffix.getBytes(StandardCharsets.UTF_8);
        return new InputStream() {
            private final long total = head.length + body.length * times + tail.length;
            private long at;

            @Override
            public int read() {
                if (at >= total) {
                    return -1;
                }
                long i = at++;
                if (i < head.length) {
                    return head[(int) i] & 0xFF;
                }
                i -= head.length;
                if (i < body.length * times) {
                    return body[(int) (i % body.length)] & 0xFF;
                }
                return tail[(int) (i - body.length * times)] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (at >= total) {
                    return -1;
                }
                int n = 0;
                while (n < len && at < total) {
                    long i = at - head.length;
                    if (i >= 0 && i < body.length * times) {
                        // Inside the repeated part: copy up to the end of the current unit at once.
                        int from = (int) (i % body.length);
                        int count = (int) Math.min(Math.min(body.length - from, len - n), body.length * times - i);
                        System.arraycopy(body, from, b, off + n, count);
                        n += count;
                        at += count;
                    } else {
                        b[off + n++] = (byte) read();
                    }
                }
                return n;
            }
        };
    }

    static String feed(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ficAlimMENESR>\n" + body + "</ficAlimMENESR>\n";
    }

    static String add(String category, String kind, String id, String attrs) {
        return "<addRequest>\n<operationalAttributes><attr name=\"" + category + "\"><value>" + kind
                + "</value></attr></operationalAttributes>\n<identifier><id>" + id
                + "</id></identifier>\n<attributes>\n"
                + attrs + "</attributes>\n</addRequest>\n";
    }

    static String attr(String name, String... values) {
        var sb = new StringBuilder("<attr name=\"" + name + "\">");
        for (String v : values) {
            sb.append("<value>").append(v).append("</value>");
        }
        return sb.append("</attr>\n").toString();
    }

    String schools() {
        return feed(add(
                "categorieStructure",
                "EtabEducNat",
                "ETAB-" + s,
                attr("ENTStructureJointure", "ETAB-" + s)
                        + attr("ENTStructureUAI", uai)
                        + attr("ENTStructureNomCourant", "COLLEGE TEST " + s)
                        + attr("l", "Albi")
                        + attr("ENTStructureClasses", "3A$3e A$3EME", "3B$3e B$3EME")
                        + attr("ENTStructureGroupes", "ESP3$Espagnol 3e")));
    }

    String subjects() {
        return feed(add(
                        "categorieMatiere",
                        "MatiereEducNat",
                        "MATHS-" + s,
                        attr("ENTMatJointure", "MATHS-" + s) + attr("ENTLibelleMatiere", "MATHEMATIQUES"))
                + add(
                        "categorieMatiere",
                        "MatiereEducNat",
                        "ESP-" + s,
                        attr("ENTMatJointure", "ESP-" + s) + attr("ENTLibelleMatiere", "ESPAGNOL LV2")));
    }

    String parents() {
        return feed(person("PersRelEleve", "R1-" + s, "Claire", "Martin", "")
                + person("PersRelEleve", "R2-" + s, "Paul", "Martin", ""));
    }

    String staff() {
        String etab = "ETAB-" + s;
        return feed(person(
                        "PersEducNat",
                        "P1-" + s,
                        "Ada",
                        "Lovelace",
                        attr("ENTPersonProfils", "National_ENS")
                                + attr("ENTPersonStructRattach", etab)
                                + attr("ENTAuxEnsClassesMatieres", etab + "$3A$MATHS-" + s)
                                + attr("ENTAuxEnsGroupesMatieres", etab + "$ESP3$ESP-" + s))
                + person(
                        "PersEducNat",
                        "D1-" + s,
                        "Jean",
                        "Zay",
                        attr("ENTPersonProfils", "National_DIR")
                                + attr("ENTPersonStructRattach", etab)
                                + attr("ENTPersonFonctions", etab + "$DIR$DIRECTION")));
    }

    String pupils(String klass) {
        String etab = "ETAB-" + s;
        return feed(person(
                        "Eleve",
                        "E1-" + s,
                        "Louise",
                        "Martin",
                        attr("ENTPersonDateNaissance", "14/03/2012")
                                + attr("ENTPersonStructRattach", etab)
                                + attr("ENTEleveClasses", etab + "$" + klass)
                                + attr("ENTEleveGroupes", etab + "$ESP3")
                                + attr("ENTEleveAutoriteParentale", "R1-" + s, "R2-" + s))
                + person(
                        "Eleve",
                        "E2-" + s,
                        "Hugo",
                        "Bernard",
                        attr("ENTPersonStructRattach", etab) + attr("ENTEleveClasses", etab + "$3B")));
    }

    static String person(String kind, String id, String given, String family, String more) {
        return add(
                "categoriePersonne",
                kind,
                id,
                attr("ENTPersonJointure", id) + attr("sn", family) + attr("givenName", given) + more);
    }

    List<DirectoryImporter.Source> wholeFeed() {
        return List.of(
                source("ENT_IT_Complet_Eleve_" + s + ".xml", pupils("3A")),
                source("ENT_IT_Complet_PersEducNat_" + s + ".xml", staff()),
                source("ENT_IT_Complet_EtabEducNat_" + s + ".xml", schools()),
                source("ENT_IT_Complet_PersRelEleve_" + s + ".xml", parents()),
                source("ENT_IT_Complet_MatiereEducNat_" + s + ".xml", subjects()));
    }

    static final List<String> TABLES = List.of(
            "account",
            "school",
            "school_member",
            "school_class",
            "teaching_group",
            "subject",
            "class_enrolment",
            "group_enrolment",
            "teaching_assignment",
            "parent_link",
            "timetable_slot",
            "import_person_key",
            "import_school_key",
            "import_subject_ref");

    /** Every row of the directory's tables (and accounts), as text: equal dumps mean nothing changed. */
    static List<String> dump(JdbcClient jdbc) {
        var rows = new java.util.ArrayList<String>();
        for (String table : TABLES) {
            rows.addAll(jdbc.sql("select '" + table + "' || t::text from " + table + " t order by t::text")
                    .query(String.class)
                    .list());
        }
        return rows;
    }
}
