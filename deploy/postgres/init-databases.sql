-- Run once by the official postgres image on an empty data directory
-- (/docker-entrypoint-initdb.d): one database and one login role per Marquee service.
-- Each service owns its database (PostgreSQL 15+ gives the owner the public schema) and runs
-- its own Flyway migrations in it; no service can read another service's data.
-- For an external PostgreSQL run by hand: replace each REPLACE-WITH-… by that service's own
-- password (the services refuse placeholder passwords). Docker Compose and Kubernetes use
-- init-databases.sh instead, which takes the passwords scripts/make-secrets.sh generated.
CREATE ROLE marquee_users        LOGIN PASSWORD 'REPLACE-WITH-USERS-PASSWORD';
CREATE ROLE marquee_movies       LOGIN PASSWORD 'REPLACE-WITH-MOVIES-PASSWORD';
CREATE ROLE marquee_theaters     LOGIN PASSWORD 'REPLACE-WITH-THEATERS-PASSWORD';
CREATE ROLE marquee_reservations LOGIN PASSWORD 'REPLACE-WITH-RESERVATIONS-PASSWORD';
CREATE ROLE marquee_payments     LOGIN PASSWORD 'REPLACE-WITH-PAYMENTS-PASSWORD';
CREATE ROLE marquee_tickets      LOGIN PASSWORD 'REPLACE-WITH-TICKETS-PASSWORD';
CREATE ROLE marquee_notifications LOGIN PASSWORD 'REPLACE-WITH-NOTIFICATIONS-PASSWORD';

CREATE DATABASE marquee_users        OWNER marquee_users;
CREATE DATABASE marquee_movies       OWNER marquee_movies;
CREATE DATABASE marquee_theaters     OWNER marquee_theaters;
CREATE DATABASE marquee_reservations OWNER marquee_reservations;
CREATE DATABASE marquee_payments     OWNER marquee_payments;
CREATE DATABASE marquee_tickets      OWNER marquee_tickets;
CREATE DATABASE marquee_notifications OWNER marquee_notifications;

REVOKE ALL ON DATABASE marquee_users        FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_movies       FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_theaters     FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_reservations FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_payments     FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_tickets      FROM PUBLIC;
REVOKE ALL ON DATABASE marquee_notifications FROM PUBLIC;
