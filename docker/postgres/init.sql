-- Run once by the postgres image on an empty data volume (docker-compose.yml).
-- One database per service, each owned by its own role.
CREATE ROLE sla_contract LOGIN PASSWORD 'sla_contract';
CREATE ROLE sla_projection LOGIN PASSWORD 'sla_projection';
CREATE DATABASE sla_contract OWNER sla_contract;
CREATE DATABASE sla_projection OWNER sla_projection;
