/**
 * Homework: the cahier de textes (lessons and work to do, an official record whose every version is kept),
 * hand-ins and feedback, and the "Aujourd'hui" page every pupil opens first. Exposes {@link
 * org.preau.homework.HomeworkChanged} for other modules; everything else is internal. Teachers write only where the
 * directory says they teach; pupils and parents read only their own classes' and children's data; these rules are
 * checked in the services, for pages and for the {@code /api/v1} API alike.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Homework")
package org.preau.homework;
