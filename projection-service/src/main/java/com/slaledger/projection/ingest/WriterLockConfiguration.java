package com.slaledger.projection.ingest;

import com.slaledger.platform.Settings;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one writer of the read models (ADR 0029): its lock is taken before anything touches them. */
@Configuration(proxyBeanMethods = false)
public class WriterLockConfiguration {

    /** The exit code of a projection-service that lost its writer lock to another session. */
    public static final int EXIT_LOST = 3;

    /**
     * The lock, on a connection of its own made from the pool's settings. When another session
     * takes it, this service stops: its context closes, as on SIGTERM, and a process of its own
     * ({@code sla.projection.writer-lock.exit-process}, set by {@code main}) exits with {@link
     * #EXIT_LOST}. A JVM that runs other services too (./run-local) keeps them.
     */
    @Bean
    WriterLock writerLock(
            DataSourceProperties dataSource,
            IngestProperties properties,
            @Value("${sla.projection.writer-lock.check-interval:PT2S}") Duration checkInterval,
            @Value("${sla.projection.writer-lock.exit-process:false}") boolean exitProcess,
            ApplicationContext context,
            Clock clock) {
        String url = dataSource.determineUrl();
        String user = dataSource.determineUsername();
        String password = dataSource.determinePassword();
        return new WriterLock(
                name -> DriverManager.getConnection(url, WriterLock.named(user, password, name)),
                properties.schema(),
                Settings.positive("sla.projection.writer-lock.check-interval", checkInterval),
                () -> {
                    int code = SpringApplication.exit(context, () -> EXIT_LOST);
                    if (exitProcess) {
                        System.exit(code);
                    }
                },
                clock);
    }

    /**
     * Migrations run once this instance holds the writer lock, so a second instance that waits for
     * it has changed nothing, not even the schema: a new build's migrations never run under the
     * feet of the writer it replaces.
     */
    @Bean
    FlywayMigrationStrategy migrateAsTheWriter(WriterLock lock) {
        return flyway -> {
            if (!lock.held()) {
                throw new IllegalStateException("the read models' migrations need the writer lock");
            }
            flyway.migrate();
        };
    }
}
