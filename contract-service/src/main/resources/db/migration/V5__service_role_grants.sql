-- Least privilege for the running service. Migrations run as the schema owner (spring.flyway.user);
-- the service may log in as ${app_role}, which may only read and append events, and read and write
-- its own working tables. When that role does not exist (a single-user local run), nothing is granted.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = '${app_role}') THEN
        GRANT SELECT, INSERT ON domain_event_entry TO ${app_role};
        GRANT USAGE, SELECT ON SEQUENCE domain_event_entry_global_index_seq TO ${app_role};
        GRANT SELECT, INSERT, UPDATE, DELETE ON snapshot_event_entry, token_entry, review_schedule, processed_command
            TO ${app_role};
    END IF;
END
$$;
