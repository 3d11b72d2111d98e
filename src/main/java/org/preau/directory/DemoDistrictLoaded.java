package org.preau.directory;

/**
 * Published (synchronously) right after the demo district has been loaded into an empty database, before the server
 * says it is ready: other modules add their demo content (homework entries, …) then, and only then.
 */
public record DemoDistrictLoaded() {}
