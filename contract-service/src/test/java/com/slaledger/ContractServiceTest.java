package com.slaledger;

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

/**
 * A contract-service integration test on real PostgreSQL (a database of its own) and a real Kafka
 * broker, with the HTTP server on a random port. Every test class uses exactly this setup, so
 * Spring caches one context for all of them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            ContractServiceApplication.CONFIG_NAME,
            TestTokens.PROPERTY,
            // Migrations as the owner, the service as the role they grant to, as in production.
            TestInfrastructure.LOGIN + "=" + PostgresServer.CONTRACT_APP_ROLE
        })
@Import({TestInfrastructure.class, TestInfrastructure.WithKafka.class, FaultInjection.class})
@ActiveProfiles("test")
public @interface ContractServiceTest {}
