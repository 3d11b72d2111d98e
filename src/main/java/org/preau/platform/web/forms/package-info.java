/**
 * The form kit every module uses: {@link org.preau.platform.web.forms.FormErrors} (from data binding, Bean
 * Validation or a service's {@link org.preau.platform.web.Problem}) and the templates under {@code jte/platform/form/}
 * (error summary, input, textarea, select, checkbox, file). See docs/NEW-MODULE.md.
 */
package org.preau.platform.web.forms;
