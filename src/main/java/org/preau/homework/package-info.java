/**
 * Homework: the cahier de textes (lessons and work to do, an official record whose every version is kept),
 * hand-ins and feedback, and the "Aujourd'hui" page every pupil opens first. Exposes {@link
 * org.preau.homework.HomeworkChanged}, {@link org.preau.homework.WorkAssigned}, {@link
 * org.preau.homework.HandinReturned} and {@link org.preau.homework.HandinReopened} for other modules (caches,
 * notifications); everything else is internal. "Aujourd'hui" shows the news through the news module's {@link
 * org.preau.news.NewsBoard}, keeping its version in the kept page's key. Teachers write only where the
 * directory says they teach; pupils and parents read only their own classes' and children's data; these rules are
 * checked in the services, for pages and for the {@code /api/v1} API alike.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /}, {@code /cahier-de-textes}, {@code /cahier-de-textes/**}, {@code /travail/**},
 *       {@code /depots/**}, {@code /fichiers/{fileId}}, {@code /api/v1/today/**}, {@code /api/v1/entries/**},
 *       {@code /api/v1/work/**}, {@code /api/v1/handins/**}
 *   <li>Events published: {@link org.preau.homework.HomeworkChanged}, {@link org.preau.homework.WorkAssigned},
 *       {@link org.preau.homework.HandinReturned}, {@link org.preau.homework.HandinReopened}
 *   <li>Events consumed: {@link org.preau.directory.DemoDistrictLoaded} (the demo day of homework),
 *       {@link org.preau.homework.HomeworkChanged} (the "Aujourd'hui" cache),
 *       {@link org.preau.directory.DirectoryChanged} (the names of people shown in histories and boards)
 *   <li>Templates: {@code jte/homework/}
 *   <li>Bundle: {@code i18n/homework.properties}
 *   <li>Assets: {@code /assets/homework/} (and the offline copy's service worker and manifest at the root, where a
 *       service worker must live to serve "/")
 *   <li>Migrations: {@code db/migration/homework}, {@code V4_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Homework")
package org.preau.homework;
