/**
 * News (actualités): what a school's staff or a teacher publishes to the whole school or to one class or group, with
 * a publication date, an optional expiry date and pinning. Staff of a school publish anywhere in it; a teacher
 * publishes only to the classes and groups they teach (asked of the directory's {@link org.preau.directory.Rights} in
 * the service, for pages and API alike). Readers see the news of their schools and of their own classes and groups
 * (parents: their children's). Exposes {@link org.preau.news.NewsBoard}, through which the home page shows the news
 * from a per-school cache, and the {@link org.preau.news.NewsPublished} event for notifications.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /actualites}, {@code /actualites/**}, {@code /api/v1/news}, {@code /api/v1/news/**}
 *   <li>Events published: {@link org.preau.news.NewsPublished}
 *   <li>Events consumed: {@link org.preau.news.NewsPublished} (the per-school cache, dropped on every node after
 *       commit)
 *   <li>Templates: {@code jte/news/}
 *   <li>Bundle: {@code i18n/news.properties}
 *   <li>Assets: none
 *   <li>Migrations: {@code db/migration/news}, {@code V11_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "News")
package org.preau.news;
