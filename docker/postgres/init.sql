-- Run once by the postgres image on an empty data volume (docker-compose.yml).
-- Each service's database is owned by a role that runs the migrations. contract-service then logs
-- in as sla_contract_app, which V5__service_role_grants lets read and append events and nothing
-- more on the event store. projection-service keeps its owner login: its rebuild creates, renames
-- and drops schemas.
CREATE ROLE sla_contract LOGIN PASSWORD 'sla_contract';
CREATE ROLE sla_contract_app LOGIN PASSWORD 'sla_contract_app';
CREATE ROLE sla_projection LOGIN PASSWORD 'sla_projection';
CREATE DATABASE sla_contract OWNER sla_contract;
CREATE DATABASE sla_projection OWNER sla_projection;
\connect sla_contract
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sla_contract_app;
