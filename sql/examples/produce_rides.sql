-- Ride events for the tutorial's job: what the tutorial's Python producer sends to the 'rides'
-- topic (JSON with the five fields below, pickup time as epoch milliseconds), here made by a
-- 'datagen' table and written with the Kafka sink. scripts/demo runs it before tutorial.sql.
SET 'table.dml-sync' = 'true';

CREATE TABLE generated_rides (
  PULocationID INTEGER,
  DOLocationID INTEGER,
  trip_distance DOUBLE,
  total_amount DOUBLE,
  tpep_pickup_datetime BIGINT
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '1000',
  'rows-per-second' = '100000',
  'fields.PULocationID.min' = '1',
  'fields.PULocationID.max' = '265',
  'fields.DOLocationID.min' = '1',
  'fields.DOLocationID.max' = '265',
  'fields.trip_distance.min' = '0.5',
  'fields.trip_distance.max' = '12',
  'fields.total_amount.min' = '4',
  'fields.total_amount.max' = '90',
  'fields.tpep_pickup_datetime.min' = '1761442778618',
  'fields.tpep_pickup_datetime.max' = '1761529178618'
);

CREATE TABLE rides (
  PULocationID INTEGER,
  DOLocationID INTEGER,
  trip_distance DOUBLE,
  total_amount DOUBLE,
  tpep_pickup_datetime BIGINT
) WITH (
  'connector' = 'kafka',
  'properties.bootstrap.servers' = '127.0.0.1:9092',
  'topic' = 'rides',
  'format' = 'json'
);

INSERT INTO rides SELECT * FROM generated_rides;
