package org.tenantio.importer.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole service on a random port, against one embedded PostgreSQL and throw-away
 * inbox/archive folders shared by every integration test (one Spring context, cached).
 * Tests keep apart by each using a tenant of their own.
 */
@Target(ElementType.TYPE)
@java.lang.annotation.Inherited
@Retention(RetentionPolicy.RUNTIME)
@CamelSpringBootTest
@org.junit.jupiter.api.extension.ExtendWith(SystemScopeExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = TestFolders.class)
public @interface IntegrationTest {
}
