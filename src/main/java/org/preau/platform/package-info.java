/**
 * Shared kernel: what every module needs and no module owns — database wiring (the embedded PostgreSQL used when
 * no external one is configured), ids, the clock, web conventions (the page shell, errors, i18n) and the
 * command-line runner. It depends on no other module.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package org.preau.platform;
