package com.slaledger.intake;

import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Secrets the service makes for itself and keeps in its database ({@code service_key}): the first
 * instance that needs one writes 32 random bytes, and every instance, then and after a restart, reads
 * the same. Read once per process; a database that cannot be reached fails the call, which the
 * caller settles as any transient failure, and the next call tries again.
 */
@Component
public class ServiceKeys {

    private static final int BYTES = 32;

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> known = new ConcurrentHashMap<>();

    public ServiceKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The secret of this name, made now when no instance has made it yet. */
    public byte[] secret(String name) {
        return known.computeIfAbsent(name, this::load).clone();
    }

    private byte[] load(String name) {
        byte[] fresh = new byte[BYTES];
        random.nextBytes(fresh);
        jdbc.sql("INSERT INTO service_key (name, secret) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
                .params(name, fresh)
                .update();
        return jdbc.sql("SELECT secret FROM service_key WHERE name = ?")
                .param(name)
                .query(byte[].class)
                .single();
    }
}
