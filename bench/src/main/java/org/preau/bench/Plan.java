package org.preau.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Who arrives in the morning and how (FIRST-MORNING.md), drawn from the population with a fixed seed, so that the
 * capacity phases (which sign in the pupils who will come back with a remembered session) and the morning's
 * simulation agree on the same people.
 */
final class Plan {

    final List<String> remembered = new ArrayList<>();
    final List<String> password = new ArrayList<>();
    final List<Map.Entry<String, String>> activation = new ArrayList<>();
    final List<String> teachers = new ArrayList<>();
    final List<String> parents = new ArrayList<>();

    static Plan of(Population population, int pupilsParam) {
        Plan p = new Plan();
        Random seeded = new Random(42);
        List<String> pupils = new ArrayList<>(population.pupils);
        Collections.shuffle(pupils, seeded);
        int arriving = (int) Math.round(0.6 * pupilsParam);
        arriving = Math.min(arriving, pupils.size() + population.codes.size());
        int activating = Math.min(population.codes.size(), (int) Math.round(0.05 * arriving));
        int remembered = Math.min(pupils.size(), (int) Math.round(0.70 * arriving));
        int withPassword = Math.min(pupils.size() - remembered, arriving - remembered - activating);
        p.remembered.addAll(pupils.subList(0, remembered));
        p.password.addAll(pupils.subList(remembered, remembered + withPassword));
        var codes = new ArrayList<>(population.codes.entrySet());
        p.activation.addAll(codes.subList(0, activating));
        List<String> teachers = new ArrayList<>(population.teachers);
        Collections.shuffle(teachers, seeded);
        p.teachers.addAll(teachers.subList(0, (int) Math.round(0.85 * teachers.size())));
        List<String> parents = new ArrayList<>(population.parents);
        Collections.shuffle(parents, seeded);
        p.parents.addAll(parents.subList(0, (int) Math.round(0.30 * parents.size())));
        return p;
    }
}
