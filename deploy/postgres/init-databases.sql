-- Run once by the official postgres image on an empty data directory
-- (/docker-entrypoint-initdb.d): one database and one login role per Marquee service.
-- Each service owns its database (PostgreSQL 15+ gives the owner the public schema) and runs
-- its own Flyway migrations in it; no service can read another service's data.
-- The passwords are for a local docker-compose installation only: in production use the
-- Kubernetes Secret marquee-db (deploy/kubernetes/postgres.yaml) or your DBA's values.
CREATE ROLE marquee_users        LOGIN PASSWORD 'users-dev-password';
CREATE ROLE marquee_movies       LOGIN PASSWORD 'movies-dev-password';
CREATE ROLE marquee_theaters     LOGIN PASSWORD 'theaters-dev-password';
CREATE ROLE marquee_reservations LOGIN PASSWORD 'reservations-dev-password';
CREATE ROLE marquee_payments     LOGIN PASSWORD 'payments-dev-password';
CREATE ROLE marquee_tickets      LOGIN PASSWORD 'tickets-dev-password';

CREATE DATABASE marquee_users        OWNER marquee_users;
CREATE DATABASE marquee_movies       OWNER marquee_movies;
CREATE DATABASE marquee_theaters     OWNER marquee_theaters;
CREATE DATABASE marquee_reservations OWNER marquee_reservations;
CREATE DATABASE marquee_payments     OWNER marquee_payments;
CREATE DATABASE marquee_tickets      OWNER marquee_tickets;

REVOKE ALL ON DATABASE marquee_users        FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_movies       FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_theaters     FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_reservations FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_payments     FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_tickets      FROM PUBLIC;
