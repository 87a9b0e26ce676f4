package com.slaledger.projection;

import com.slaledger.testsupport.PostgresServer;
import com.slaledger.testsupport.TestInfrastructure;
import com.slaledger.testsupport.TestTokens;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** A projection-service test on real PostgreSQL and Kafka, HTTP on a random port; one shared context. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ProjectionServiceApplication.CONFIG_NAME,
            TestTokens.PROPERTY,
            // Not the database's owner: it may connect and create (and so own) its schemas, no more.
            TestInfrastructure.LOGIN + "=" + PostgresServer.PROJECTION_APP_ROLE,
            TestInfrastructure.LOGIN_OWNS_SCHEMAS + "=true",
            // No contract-service runs beside these tests: a ./run-local on :8080 must not answer for it.
            "sla.projection.contract-service-url=http://127.0.0.1:1",
            // Live streams' heartbeats often enough that a test sees a gone client dropped in seconds.
            "sla.projection.stream.heartbeat=PT0.5S"
        })
@Import({TestInfrastructure.class, TestInfrastructure.WithKafka.class, EventsTopic.class, LostCommitAnswers.class})
@ActiveProfiles("test")
public @interface ProjectionServiceTest {}
