package com.slaledger;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Storing the answer of any command for one contract takes a second: a trigger on
 * {@code processed_command}, added as the event store's owner ({@link OwnerLogin}). A sequence,
 * which no transaction holds back, shows when the slow insert has begun. Closing removes both.
 */
public final class SlowResults implements AutoCloseable {

    private final JdbcClient owner;
    private final String name;

    private SlowResults(JdbcClient owner, String name) {
        this.owner = owner;
        this.name = name;
    }

    /** {@code name} names the trigger, its function and its sequence: a SQL identifier. */
    public static SlowResults forContract(JdbcClient owner, String name, String contractId) {
        SlowResults slow = new SlowResults(owner, name);
        owner.sql("CREATE SEQUENCE %s_started".formatted(name)).update();
        owner.sql("GRANT USAGE ON SEQUENCE %s_started TO PUBLIC".formatted(name))
                .update();
        owner.sql("""
                        CREATE FUNCTION %1$s() RETURNS trigger AS $$
                        BEGIN
                            IF NEW.contract_id = '%2$s' THEN
                                PERFORM nextval('%1$s_started');
                                PERFORM pg_sleep(1);
                            END IF;
                            RETURN NEW;
                        END $$ LANGUAGE plpgsql""".formatted(name, contractId)).update();
        owner.sql("CREATE TRIGGER %1$s BEFORE INSERT ON processed_command FOR EACH ROW EXECUTE FUNCTION %1$s()"
                        .formatted(name))
                .update();
        return slow;
    }

    /** Whether a slow insert has begun. */
    public boolean started() {
        return owner.sql("SELECT is_called FROM %s_started".formatted(name))
                .query(Boolean.class)
                .single();
    }

    @Override
    public void close() {
        owner.sql("DROP TRIGGER IF EXISTS %1$s ON processed_command".formatted(name))
                .update();
        owner.sql("DROP FUNCTION IF EXISTS %s()".formatted(name)).update();
        owner.sql("DROP SEQUENCE IF EXISTS %s_started".formatted(name)).update();
    }
}
