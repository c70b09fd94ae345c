-- The tutorial's job (../shared/seeds/000): ride events from the Kafka topic 'rides' into the
-- PostgreSQL table 'processed_events', with the pickup time turned into a TIMESTAMP(3) by
-- TO_TIMESTAMP_LTZ. The DDL is the tutorial's, apart from the addresses (local defaults here: Kafka
-- on 127.0.0.1:9092, PostgreSQL on 127.0.0.1:5432) and two scan options that let this demo end by
-- itself: start from the earliest offset, stop at the offset that was latest when the job started.
-- Remove 'scan.bounded.mode' (and use 'latest-offset' as the tutorial does) for a job that runs
-- until Ctrl-C, which stops it with a savepoint; starting it again resumes from there.

-- Exactly once into PostgreSQL: each checkpoint's rows commit together (two-phase commit).
SET 'execution.checkpointing.interval' = '10s';
SET 'pipeline.name' = 'tutorial-rides-to-postgres';
SET 'table.local-time-zone' = 'UTC';

CREATE TABLE events (
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    tpep_pickup_datetime BIGINT
) WITH (
    'connector' = 'kafka',
    'properties.bootstrap.servers' = '127.0.0.1:9092',
    'topic' = 'rides',
    'scan.startup.mode' = 'earliest-offset',
    'scan.bounded.mode' = 'latest-offset',
    'format' = 'json'
);

CREATE TABLE processed_events (
    PULocationID INTEGER,
    DOLocationID INTEGER,
    trip_distance DOUBLE,
    total_amount DOUBLE,
    pickup_datetime TIMESTAMP(3)
) WITH (
    'connector' = 'jdbc',
    'url' = 'jdbc:postgresql://127.0.0.1:5432/postgres',
    'table-name' = 'processed_events',
    'username' = 'postgres',
    'password' = 'postgres',
    'driver' = 'org.postgresql.Driver'
);

INSERT INTO processed_events
SELECT
    PULocationID,
    DOLocationID,
    trip_distance,
    total_amount,
    TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) AS pickup_datetime
FROM events;
