/**
 * Admin: the school and operator console under {@code /admin} — schools, their classes and groups with their members,
 * user search, activation codes to print for a class, password resets, and each school's communication rules. It
 * owns no directory or identity data: it reads the directory and calls identity's activation codes through their
 * public APIs, after checking in its own services who may act on which school (staff on their schools, operators on
 * all). Directory imports have their own pages, linked from the admin home.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /admin}, {@code /admin/ecoles/**}
 *   <li>Events published: none
 *   <li>Events consumed: none
 *   <li>Templates: {@code jte/admin/}
 *   <li>Bundle: {@code i18n/admin.properties}
 *   <li>Assets: {@code /assets/admin/}
 *   <li>Migrations: {@code db/migration/admin}, {@code V6_x} (none yet)
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin")
package org.preau.admin;
