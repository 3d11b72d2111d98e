package org.preau.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.ContextConfiguration;

/**
 * An integration test against the whole application on a real PostgreSQL (its own database on the shared embedded
 * server), served on a random port. Contexts with the same configuration are cached and shared between test
 * classes, so tests create their own schools and accounts rather than assume an empty database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"preau.demo=true", "preau.data-dir=target/test-data", "preau.status.port=0"})
@ContextConfiguration(initializers = TestDatabaseInitializer.class)
@AutoConfigureMockMvc
public @interface PreauIntegrationTest {}
