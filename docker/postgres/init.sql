-- Run once on an empty data volume by init.sh (docker-compose.yml), which passes the passwords as
-- psql variables; ComposeDatabaseTest runs it too. Each service has a database of its own and a
-- login with the least it needs:
-- - sla_contract owns the event store database and runs contract-service's migrations; the service
--   logs in as sla_contract_app, which V5__service_role_grants lets read and append events and
--   nothing more on the event store (the append-only trigger stays out of its reach).
-- - sla_projection (no login) owns the read-model database; the service logs in as sla_projection_app, which
--   may only connect, create schemas and create temporary tables there (a rebuild stages rows in
--   them). It owns the schemas it creates (its migrations and a rebuild create, rename and drop
--   them) and nothing else.
-- Nobody else may connect to either database.
CREATE ROLE sla_contract LOGIN PASSWORD :'contract_owner_password';
CREATE ROLE sla_contract_app LOGIN PASSWORD :'contract_app_password';
CREATE ROLE sla_projection NOLOGIN;
CREATE ROLE sla_projection_app LOGIN PASSWORD :'projection_app_password';
CREATE DATABASE sla_contract OWNER sla_contract;
CREATE DATABASE sla_projection OWNER sla_projection;
REVOKE ALL ON DATABASE sla_contract FROM PUBLIC;
REVOKE ALL ON DATABASE sla_projection FROM PUBLIC;
GRANT CONNECT ON DATABASE sla_contract TO sla_contract_app;
GRANT CONNECT, CREATE, TEMPORARY ON DATABASE sla_projection TO sla_projection_app;
\connect sla_contract
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sla_contract_app;
\connect sla_projection
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
