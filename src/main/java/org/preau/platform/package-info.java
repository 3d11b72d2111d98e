/**
 * Shared kernel: what every module needs and no module owns — database wiring (the embedded PostgreSQL used when
 * no external one is configured), ids, the clock, web conventions (the page shell, errors, i18n) and the
 * command-line runner. It depends on no other module.
 *
 * <p>Module card (kept true by {@code ModuleConventionsTest}):
 *
 * <ul>
 *   <li>Routes: {@code /error}, {@code /favicon.ico} (the icon, from memory), {@code /bench/plafond}, {@code /bench/plafond-public} (the benchmark's ceiling,
 *       registered only when the property preau.bench.ceiling is true)
 *   <li>Events published: none
 *   <li>Events consumed: none
 *   <li>Templates: {@code jte/platform/} (the layout, the error page, the form kit)
 *   <li>Bundle: {@code i18n/platform.properties}
 *   <li>Assets: {@code /assets/platform/}
 *   <li>Migrations: {@code db/migration/platform}, {@code V1_x}
 * </ul>
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.preau.platform;
