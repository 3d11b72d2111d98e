/**
 * Admin: the school and operator console under {@code /admin} — schools, their classes and groups with their members,
 * user search, activation codes to print for a class, password resets, and each school's communication rules. It
 * owns no directory or identity data: it reads the directory and calls identity's activation codes through their
 * public APIs, after checking in its own services who may act on which school (staff on their schools, operators on
 * all). Directory imports have their own pages, linked from the admin home.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Admin")
package org.preau.admin;
