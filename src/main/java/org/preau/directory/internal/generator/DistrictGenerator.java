package org.preau.directory.internal.generator;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.preau.directory.internal.generator.District.Audience;
import org.preau.directory.internal.generator.District.Kind;
import org.preau.directory.internal.generator.District.Lesson;
import org.preau.directory.internal.generator.District.Person;
import org.preau.directory.internal.generator.District.School;
import org.preau.directory.internal.generator.District.Subject;
import org.preau.directory.internal.generator.District.Teaching;

/**
 * Builds a district as FIRST-MORNING.md describes it: collèges of ~800 pupils in classes of ~27, one teacher per 14
 * pupils, ~1.6 parent accounts per pupil (some parents with two or three children, some of them in two schools),
 * four staff per school (one of them the head, DIRECTION), each pupil in one class and two or three groups
 * (half-class for science, a second language, Latin for some), twelve subjects, and a weekly timetable of six
 * lessons a day, Wednesday afternoon off.
 *
 * <p>Only {@link java.util.Random} seeded with the seed is used, and collections are ordered, so the same seed
 * gives the same district. External ids and UAIs are derived from the seed, so districts of different seeds can
 * live in one database.
 */
final class DistrictGenerator {

    static final int PUPILS_PER_SCHOOL = 800;
    static final int CLASS_SIZE = 27;
    static final int PUPILS_PER_TEACHER = 14;

    static final List<Subject> SUBJECTS = List.of(
            new Subject("FRANCAIS", "Français"),
            new Subject("MATHS", "Mathématiques"),
            new Subject("HIST-GEO", "Histoire-Géographie"),
            new Subject("ANGLAIS", "Anglais LV1"),
            new Subject("ESPAGNOL", "Espagnol LV2"),
            new Subject("ALLEMAND", "Allemand LV2"),
            new Subject("SVT", "Sciences de la vie et de la Terre"),
            new Subject("PHYS-CHIM", "Physique-Chimie"),
            new Subject("TECHNO", "Technologie"),
            new Subject("EPS", "Éducation physique et sportive"),
            new Subject("ARTS-PLA", "Arts plastiques"),
            new Subject("LATIN", "Latin"));

    /** Weekly hours of the subjects taught to a whole class. */
    private static final Map<String, Integer> CLASS_HOURS = orderedHours();

    private static Map<String, Integer> orderedHours() {
        var m = new LinkedHashMap<String, Integer>();
        m.put("FRANCAIS", 4);
        m.put("MATHS", 4);
        m.put("HIST-GEO", 3);
        m.put("ANGLAIS", 3);
        m.put("EPS", 3);
        m.put("PHYS-CHIM", 2);
        m.put("TECHNO", 2);
        m.put("ARTS-PLA", 1);
        return m;
    }

    private static final String[] LEVELS = {"6", "5", "4", "3"};
    private static final String[] LEVEL_CODES = {"6EME", "5EME", "4EME", "3EME"};

    private static final String[] GIVEN = {
        "Louise",
        "Hugo",
        "Jade",
        "Gabriel",
        "Emma",
        "Léo",
        "Alice",
        "Raphaël",
        "Chloé",
        "Arthur",
        "Lina",
        "Louis",
        "Rose",
        "Jules",
        "Mia",
        "Adam",
        "Anna",
        "Lucas",
        "Inès",
        "Nathan",
        "Léa",
        "Paul",
        "Manon",
        "Tom",
        "Zoé",
        "Noah",
        "Camille",
        "Ethan",
        "Sarah",
        "Sacha",
        "Juliette",
        "Théo",
        "Lou",
        "Mathis",
        "Agathe",
        "Victor",
        "Margaux",
        "Nolan",
        "Clara",
        "Maël",
        "Élise",
        "Antoine",
        "Romane",
        "Baptiste",
        "Lucie",
        "Timéo",
        "Anaïs",
        "Marius",
        "Jeanne",
        "Augustin"
    };
    private static final String[] FAMILY = {
        "Martin",
        "Bernard",
        "Dubois",
        "Thomas",
        "Robert",
        "Richard",
        "Petit",
        "Durand",
        "Leroy",
        "Moreau",
        "Simon",
        "Laurent",
        "Lefèvre",
        "Michel",
        "Garcia",
        "David",
        "Bertrand",
        "Roux",
        "Vincent",
        "Fournier",
        "Morel",
        "Girard",
        "André",
        "Lefebvre",
        "Mercier",
        "Dupont",
        "Lambert",
        "Bonnet",
        "François",
        "Martinez",
        "Legrand",
        "Garnier",
        "Faure",
        "Rousseau",
        "Blanc",
        "Guérin",
        "Muller",
        "Henry",
        "Roussel",
        "Nicolas",
        "Perrin",
        "Morin",
        "Mathieu",
        "Clément",
        "Gauthier",
        "Dumont",
        "Lopez",
        "Fontaine",
        "Chevalier",
        "Robin",
        "Masson",
        "Sanchez",
        "Gérard",
        "Nguyen",
        "Boyer",
        "Denis",
        "Lemaire",
        "Duval",
        "Joly",
        "Gautier"
    };
    private static final String[] PATRONS = {
        "Jean Moulin",
        "Jules Ferry",
        "Victor Hugo",
        "Marie Curie",
        "Jean Jaurès",
        "Simone Veil",
        "Louis Pasteur",
        "Albert Camus",
        "George Sand",
        "Jacques Prévert",
        "Olympe de Gouges",
        "Paul Éluard",
        "Lucie Aubrac",
        "Pierre de Fermat",
        "Germaine Tillion",
        "Condorcet",
        "Émile Zola",
        "Colette",
        "Jean Zay",
        "Marcel Pagnol"
    };
    private static final String[] CITIES = {
        "Toulouse", "Montpellier", "Albi", "Castres", "Montauban", "Rodez", "Cahors", "Auch", "Tarbes", "Foix",
        "Nîmes", "Perpignan", "Carcassonne", "Béziers", "Narbonne", "Millau", "Figeac", "Muret", "Colomiers", "Sète"
    };

    /** The 28 teaching hours of a week: Monday, Tuesday, Thursday, Friday 6 lessons; Wednesday 4 in the morning. */
    private static final List<int[]> WEEK = week();

    private static List<int[]> week() {
        var hours = new ArrayList<int[]>();
        int[] full = {8, 9, 10, 11, 14, 15};
        int[] wednesday = {8, 9, 10, 11};
        for (int day = 1; day <= 5; day++) {
            for (int h : day == 3 ? wednesday : full) {
                hours.add(new int[] {day, h});
            }
        }
        return List.copyOf(hours);
    }

    private DistrictGenerator() {}

    static District generate(int pupilCount, long seed) {
        return generate(pupilCount, seed, PUPILS_PER_SCHOOL);
    }

    /** With {@code perSchool} pupils per school instead of 800 (the demo district has two small schools). */
    static District generate(int pupilCount, long seed, int perSchool) {
        if (pupilCount < 1) {
            throw new IllegalArgumentException("at least one pupil");
        }
        var random = new Random(seed);
        String prefix = "G" + Long.toUnsignedString(seed, 36).toUpperCase() + "-";
        int schoolCount = (pupilCount + perSchool - 1) / perSchool;
        long h = mix(seed);
        // A metropolitan département 01-95 (there is no 20: Corse's UAIs start with 620/720), so that every generated
        // school has a holiday zone (SchoolCalendar derives it from the UAI).
        int department = (int) Long.remainderUnsigned(h, 94) + 1;
        if (department >= 20) {
            department++;
        }
        int base = (int) Long.remainderUnsigned(h >>> 12, 9000 - Math.min(schoolCount, 999));
        char letter = (char) ('A' + Long.remainderUnsigned(h >>> 30, 26));

        var schools = new ArrayList<School>();
        var parents = new ArrayList<Person>();
        var staff = new ArrayList<Person>();
        var teachers = new ArrayList<Person>();
        var pupils = new ArrayList<Person>();
        var families = new ArrayList<Family>();
        int pupilSeq = 0;
        int teacherSeq = 0;

        for (int s = 0; s < schoolCount; s++) {
            int inSchool = s < schoolCount - 1 ? perSchool : pupilCount - perSchool * (schoolCount - 1);
            String key = prefix + "ETAB" + s;
            String uai = String.format("%03d%04d%c", department, base + s, letter);
            String name = "Collège " + PATRONS[(s + (int) (h & 0xff)) % PATRONS.length];
            String city = CITIES[(s * 7 + (int) ((h >>> 8) & 0xff)) % CITIES.length];

            // Classes: ~27 pupils, spread over the four levels; a small (rural) collège still has one class per level,
            // smaller (the demo's 65 pupils: four classes of about 16).
            int classCount = Math.max(Math.min(4, inSchool), Math.round(inSchool / (float) CLASS_SIZE));
            var classes = new ArrayList<Audience>();
            var classLevel = new ArrayList<Integer>();
            int[] perLevel = new int[4];
            for (int c = 0; c < classCount; c++) {
                int level = c * 4 / classCount;
                char section = (char) ('A' + perLevel[level]++);
                classes.add(new Audience(
                        LEVELS[level] + section, LEVELS[level] + "e " + section, LEVEL_CODES[level], false));
                classLevel.add(level);
            }
            // Pupils: dealt to classes in turn.
            var classPupils = new ArrayList<List<Integer>>();
            classes.forEach(c -> classPupils.add(new ArrayList<>()));
            int firstPupil = pupils.size();
            for (int p = 0; p < inSchool; p++) {
                classPupils.get(p % classCount).add(firstPupil + p);
            }
            // Groups: two science halves per class, a second language and Latin per level.
            var groups = new ArrayList<Audience>();
            var pupilGroups = new ArrayList<List<String>>();
            for (int p = 0; p < inSchool; p++) {
                pupilGroups.add(new ArrayList<>());
            }
            var languageGroups = new ArrayList<List<Audience>>(); // per level: ESP and ALL groups
            var latinGroups = new ArrayList<List<Audience>>();
            for (int level = 0; level < 4; level++) {
                languageGroups.add(new ArrayList<>());
                latinGroups.add(new ArrayList<>());
            }
            for (int c = 0; c < classCount; c++) {
                var klass = classes.get(c);
                for (int half = 1; half <= 2; half++) {
                    groups.add(new Audience(klass.code() + "-G" + half, klass.name() + " groupe " + half, null, true));
                }
                var members = classPupils.get(c);
                for (int i = 0; i < members.size(); i++) {
                    pupilGroups.get(members.get(i) - firstPupil).add(klass.code() + "-G" + (i % 2 + 1));
                }
            }
            for (int level = 0; level < 4; level++) {
                var levelPupils = new ArrayList<Integer>();
                for (int c = 0; c < classCount; c++) {
                    if (classLevel.get(c) == level) {
                        levelPupils.addAll(classPupils.get(c));
                    }
                }
                if (levelPupils.isEmpty()) {
                    continue;
                }
                int languageCount = Math.max(2, Math.round(levelPupils.size() / (float) CLASS_SIZE));
                int spanish = Math.max(1, Math.round(languageCount * 0.6f));
                for (int g = 0; g < languageCount; g++) {
                    boolean esp = g < spanish;
                    int n = esp ? g + 1 : g - spanish + 1;
                    var group = new Audience(
                            (esp ? "ESP" : "ALL") + LEVELS[level] + "-" + n,
                            (esp ? "Espagnol" : "Allemand") + " " + LEVELS[level] + "e (" + n + ")",
                            null,
                            true);
                    groups.add(group);
                    languageGroups.get(level).add(group);
                }
                int latinPupils = 0;
                var latinMembers = new ArrayList<Integer>();
                for (int p : levelPupils) {
                    if (random.nextInt(100) < 30) {
                        latinMembers.add(p);
                        latinPupils++;
                    }
                }
                int latinCount = latinPupils == 0 ? 0 : (latinPupils + CLASS_SIZE - 1) / CLASS_SIZE;
                for (int g = 0; g < latinCount; g++) {
                    var group = new Audience(
                            "LAT" + LEVELS[level] + "-" + (g + 1),
                            "Latin " + LEVELS[level] + "e (" + (g + 1) + ")",
                            null,
                            true);
                    groups.add(group);
                    latinGroups.get(level).add(group);
                }
                for (int i = 0; i < levelPupils.size(); i++) {
                    var langs = languageGroups.get(level);
                    pupilGroups
                            .get(levelPupils.get(i) - firstPupil)
                            .add(langs.get(i * langs.size() / levelPupils.size())
                                    .code());
                }
                for (int i = 0; i < latinMembers.size(); i++) {
                    pupilGroups
                            .get(latinMembers.get(i) - firstPupil)
                            .add(latinGroups
                                    .get(level)
                                    .get(i * latinCount / latinMembers.size())
                                    .code());
                }
            }

            // Teachers: one per 14 pupils, each with one subject, shared in proportion to the hours taught.
            var teaching = new LinkedHashMap<String, List<Teaching>>(); // subject -> audiences to teach
            for (var subject : SUBJECTS) {
                teaching.put(subject.code(), new ArrayList<>());
            }
            for (var klass : classes) {
                for (var subject : CLASS_HOURS.keySet()) {
                    teaching.get(subject).add(new Teaching(klass.code(), false, subject));
                }
            }
            for (var group : groups) {
                String subject = group.code().startsWith("ESP")
                        ? "ESPAGNOL"
                        : group.code().startsWith("ALL")
                                ? "ALLEMAND"
                                : group.code().startsWith("LAT") ? "LATIN" : "SVT";
                teaching.get(subject).add(new Teaching(group.code(), true, subject));
            }
            int teacherCount = Math.max(SUBJECTS.size(), (inSchool + PUPILS_PER_TEACHER - 1) / PUPILS_PER_TEACHER);
            int totalHours = 0;
            var hoursOf = new LinkedHashMap<String, Integer>();
            for (var e : teaching.entrySet()) {
                int hours = e.getValue().size()
                        * CLASS_HOURS.getOrDefault(e.getKey(), e.getKey().equals("LATIN") ? 1 : 2)
                        / (e.getKey().equals("SVT") ? 2 : 1);
                hoursOf.put(e.getKey(), hours);
                totalHours += hours;
            }
            var teachersOf = new LinkedHashMap<String, List<Person>>();
            var teachesOf = new LinkedHashMap<String, List<Teaching>>();
            int assigned = 0;
            var subjectCodes = new ArrayList<>(teaching.keySet());
            var counts = new LinkedHashMap<String, Integer>();
            for (var code : subjectCodes) {
                int n = teaching.get(code).isEmpty()
                        ? 0
                        : Math.max(1, Math.round(teacherCount * hoursOf.get(code) / (float) Math.max(1, totalHours)));
                counts.put(code, n);
                assigned += n;
            }
            // Adjust on French (the largest) so that the total is exactly the teacher count.
            counts.put("FRANCAIS", Math.max(1, counts.get("FRANCAIS") + teacherCount - assigned));
            for (var code : subjectCodes) {
                var list = new ArrayList<Person>();
                var lists = new ArrayList<List<Teaching>>();
                for (int t = 0; t < counts.get(code); t++) {
                    lists.add(new ArrayList<>());
                }
                var audiences = teaching.get(code);
                for (int a = 0; a < audiences.size(); a++) {
                    lists.get(a % lists.size()).add(audiences.get(a));
                }
                for (var l : lists) {
                    var person = new Person(
                            prefix + "P" + teacherSeq++,
                            Kind.TEACHER,
                            GIVEN[random.nextInt(GIVEN.length)],
                            FAMILY[random.nextInt(FAMILY.length)],
                            LocalDate.of(1965 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                            s,
                            null,
                            null,
                            List.of(),
                            List.of(),
                            List.copyOf(l));
                    list.add(person);
                    teachers.add(person);
                }
                teachersOf.put(code, list);
                teachesOf.put(code, audiences);
            }
            // Who teaches what to whom, to put the right teacher in each lesson.
            var teacherFor = new LinkedHashMap<String, String>();
            for (var e : teachersOf.entrySet()) {
                for (var t : e.getValue()) {
                    for (var tt : t.teaches()) {
                        teacherFor.put(tt.audience() + "/" + tt.subject(), t.id());
                    }
                }
            }

            // Staff: the head (DIRECTION), vie scolaire, documentaliste, secrétariat.
            String[] functions = {"DIR", "EDU", "DOC", "ADM"};
            for (int i = 0; i < functions.length; i++) {
                staff.add(new Person(
                        prefix + "S" + s + "-" + i,
                        Kind.STAFF,
                        GIVEN[random.nextInt(GIVEN.length)],
                        FAMILY[random.nextInt(FAMILY.length)],
                        LocalDate.of(1965 + random.nextInt(30), 1 + random.nextInt(12), 1 + random.nextInt(28)),
                        s,
                        functions[i],
                        null,
                        List.of(),
                        List.of(),
                        List.of()));
            }

            // Pupils and their families.
            for (int c = 0; c < classCount; c++) {
                for (int p : classPupils.get(c)) {
                    var family = familyFor(random, families, prefix, parents);
                    int age = 11 + classLevel.get(c);
                    pupils.add(new Person(
                            prefix + "E" + pupilSeq++,
                            Kind.PUPIL,
                            GIVEN[random.nextInt(GIVEN.length)],
                            family.name,
                            LocalDate.of(2026 - age, 1 + random.nextInt(12), 1 + random.nextInt(28)),
                            s,
                            null,
                            classes.get(c).code(),
                            List.copyOf(pupilGroups.get(p - firstPupil)),
                            family.parentIds,
                            List.of()));
                    family.children++;
                }
            }

            schools.add(new School(
                    s,
                    key,
                    uai,
                    name,
                    city,
                    List.copyOf(classes),
                    List.copyOf(groups),
                    timetable(
                            classes,
                            classLevel,
                            classPupils,
                            pupilGroups,
                            firstPupil,
                            languageGroups,
                            latinGroups,
                            teacherFor,
                            s)));
        }
        return new District(
                seed,
                List.copyOf(schools),
                SUBJECTS,
                List.copyOf(parents),
                List.copyOf(staff),
                List.copyOf(teachers),
                List.copyOf(pupils));
    }

    private static final class Family {
        final String name;
        final List<String> parentIds;
        int children;

        Family(String name, List<String> parentIds) {
            this.name = name;
            this.parentIds = parentIds;
        }
    }

    /**
     * A pupil joins an existing family (a sibling, 16% of the time, up to three children; sometimes a family of an
     * earlier school, so some parents have children in two schools) or starts a new one with one parent (10%) or
     * two. That gives about 1.6 parent accounts per pupil.
     */
    private static Family familyFor(Random random, List<Family> families, String prefix, List<Person> parents) {
        if (!families.isEmpty() && random.nextInt(100) < 16) {
            int index = random.nextInt(100) < 75
                    ? families.size() - 1 - random.nextInt(Math.min(families.size(), 300))
                    : random.nextInt(families.size());
            var f = families.get(index);
            if (f.children < 3) {
                return f;
            }
        }
        String name = FAMILY[random.nextInt(FAMILY.length)];
        int count = random.nextInt(100) < 10 ? 1 : 2;
        var ids = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            var parent = new Person(
                    prefix + "R" + parents.size(),
                    Kind.PARENT,
                    GIVEN[random.nextInt(GIVEN.length)],
                    i == 0 ? name : FAMILY[random.nextInt(FAMILY.length)],
                    null,
                    -1,
                    null,
                    null,
                    List.of(),
                    List.of(),
                    List.of());
            parents.add(parent);
            ids.add(parent.id());
        }
        var f = new Family(name, List.copyOf(ids));
        families.add(f);
        return f;
    }

    /**
     * The week of every class, placed so that nobody is in two places at once: no teacher has two lessons at the same
     * hour, and no pupil either (a class and its half-classes, the level's language and Latin groups share pupils).
     * Lessons are placed one at a time on the first free hour of a preferred order: first the level-wide groups
     * (second language twice a week, Latin once) on hours reserved for the level, so that the whole level is in its
     * groups together; then each class's subjects and science halves, walking the week with a stride coprime with
     * its length so that subjects spread over the days, shifted per class so that classes of a level differ. A lesson
     * for which no hour is free for its teacher and all its pupils is left out (the generated school has a few more
     * hours to place than a 28-hour week can always hold); {@link DistrictGeneratorTest} bounds how many.
     */
    private static List<Lesson> timetable(
            List<Audience> classes,
            List<Integer> classLevel,
            List<List<Integer>> classPupils,
            List<List<String>> pupilGroups,
            int firstPupil,
            List<List<Audience>> languageGroups,
            List<List<Audience>> latinGroups,
            Map<String, String> teacherFor,
            int school) {
        // Who is in each class and group (pupils numbered within the school).
        var members = new LinkedHashMap<String, BitSet>();
        for (int c = 0; c < classes.size(); c++) {
            var set = members.computeIfAbsent(classes.get(c).code(), k -> new BitSet());
            for (int p : classPupils.get(c)) {
                set.set(p - firstPupil);
                for (String g : pupilGroups.get(p - firstPupil)) {
                    members.computeIfAbsent(g, k -> new BitSet()).set(p - firstPupil);
                }
            }
        }
        var week = new Week(members, teacherFor);
        var lessons = new ArrayList<Lesson>();
        for (int level = 0; level < 4; level++) {
            if (!classLevel.contains(level)) {
                continue;
            }
            // Hours reserved for the level: two of second language, one of Latin.
            int[] reserved = {
                (level * 5 + 2) % WEEK.size(), (level * 5 + 15) % WEEK.size(), (level * 7 + 23) % WEEK.size()
            };
            for (int k = 0; k < 2; k++) {
                for (var g : languageGroups.get(level)) {
                    String subject = g.code().startsWith("ESP") ? "ESPAGNOL" : "ALLEMAND";
                    week.place(
                            lessons,
                            g.code(),
                            subject,
                            "L" + (10 + languageGroups.get(level).indexOf(g)),
                            reserved[k]);
                }
            }
            for (var g : latinGroups.get(level)) {
                week.place(
                        lessons,
                        g.code(),
                        "LATIN",
                        "L" + (30 + latinGroups.get(level).indexOf(g)),
                        reserved[2]);
            }
        }
        for (int c = 0; c < classes.size(); c++) {
            var klass = classes.get(c);
            int i = 0;
            for (var e : CLASS_HOURS.entrySet()) {
                for (int k = 0; k < e.getValue(); k++, i++) {
                    week.place(
                            lessons,
                            klass.code(),
                            e.getKey(),
                            room(e.getKey(), klass, school, c),
                            (i * 5 + c) % WEEK.size());
                }
            }
            // The two science halves at the same hour when their teachers differ (the other half is then in the lab).
            int first = week.place(lessons, klass.code() + "-G1", "SVT", "Labo SVT", (i * 5 + c) % WEEK.size());
            week.place(
                    lessons,
                    klass.code() + "-G2",
                    "SVT",
                    "Labo SVT 2",
                    first >= 0 ? first : (i * 5 + c + 1) % WEEK.size());
        }
        lessons.sort(java.util.Comparator.comparing(Lesson::weekday)
                .thenComparing(Lesson::start)
                .thenComparing(Lesson::audience));
        return List.copyOf(lessons);
    }

    /** The hours of one school's week, with who is already busy at each. */
    private static final class Week {
        private final Map<String, BitSet> members;
        private final Map<String, String> teacherFor;
        private final BitSet[] busyPupils = new BitSet[WEEK.size()];
        private final List<java.util.Set<String>> busyTeachers = new ArrayList<>();

        Week(Map<String, BitSet> members, Map<String, String> teacherFor) {
            this.members = members;
            this.teacherFor = teacherFor;
            for (int h = 0; h < WEEK.size(); h++) {
                busyPupils[h] = new BitSet();
                busyTeachers.add(new java.util.HashSet<>());
            }
        }

        /**
         * Places a lesson on the first hour, from {@code preferred} on (stride 5, coprime with the 28 hours, so every
         * hour is tried once), where its teacher and all its pupils are free; returns the hour, or -1 if none is.
         */
        int place(List<Lesson> lessons, String audience, String subject, String room, int preferred) {
            String teacher = teacherFor.get(audience + "/" + subject);
            BitSet pupils = members.getOrDefault(audience, new BitSet());
            for (int j = 0; j < WEEK.size(); j++) {
                int h = (preferred + j * 5) % WEEK.size();
                if ((teacher != null && busyTeachers.get(h).contains(teacher)) || busyPupils[h].intersects(pupils)) {
                    continue;
                }
                busyPupils[h].or(pupils);
                if (teacher != null) {
                    busyTeachers.get(h).add(teacher);
                }
                add(lessons, audience, subject, WEEK.get(h), teacherFor, room);
                return h;
            }
            return -1;
        }
    }

    private static int firstOfLevel(List<Integer> classLevel, int level) {
        return classLevel.indexOf(level);
    }

    private static String room(String subject, Audience klass, int school, int c) {
        return switch (subject) {
            case "EPS" -> "Gymnase";
            case "SVT" -> "Labo SVT";
            case "PHYS-CHIM" -> "Labo PC";
            case "TECHNO" -> "Techno";
            case "ARTS-PLA" -> "Arts";
            default -> "B" + (101 + c);
        };
    }

    private static void add(
            List<Lesson> lessons,
            String audience,
            String subject,
            int[] hour,
            Map<String, String> teacherFor,
            String room) {
        var start = LocalTime.of(hour[1], 0);
        lessons.add(new Lesson(
                audience,
                subject,
                teacherFor.get(audience + "/" + subject),
                hour[0],
                start,
                start.plusMinutes(55),
                room));
    }

    /** SplitMix64: spreads the seed's bits, for UAIs that differ between seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
