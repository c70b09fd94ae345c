# Kafka source option validation, with Flink's messages (KafkaConnectorOptionsUtil,
# KafkaDynamicTableFactory). No broker is contacted: every statement fails while planning.

CREATE TABLE t1 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t1;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Either 'topic' or 'topic-pattern' must be set.
!error

CREATE TABLE t2 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a', 'topic-pattern' = 'a.*');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t2;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Option 'topic' and 'topic-pattern' shouldn't be set together.
!error

CREATE TABLE t3 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a', 'scan.startup.mode' = 'timestamp');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t3;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: 'scan.startup.timestamp-millis' is required in 'timestamp' startup mode but missing.
!error

CREATE TABLE t4 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a', 'scan.startup.mode' = 'specific-offsets', 'scan.startup.specific-offsets' = 'partition:0,offset:x');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t4;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Invalid properties 'scan.startup.specific-offsets' should follow the format 'partition:0,offset:42;partition:1,offset:300', but is 'partition:0,offset:x'.
!error

CREATE TABLE t5 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a;b', 'scan.bounded.mode' = 'specific-offsets', 'scan.bounded.specific-offsets' = 'partition:0,offset:1');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t5;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Currently Kafka source only supports specific offset for single topic.
!error

CREATE TABLE t6 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a', 'scan.startup.mode' = 'earliest');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t6;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Invalid value for option 'scan.startup.mode': 'earliest'. Possible values are: earliest-offset, latest-offset, group-offsets, timestamp, specific-offsets
!error

CREATE TABLE t7 (a INT, k STRING) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a', 'key.fields' = 'k');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t7;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: The option 'key.fields' can only be declared if a key format is defined using 'key.format'.
!error

CREATE TABLE t8 (a INT, k STRING) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'value.format' = 'json', 'topic' = 'a', 'key.format' = 'raw', 'key.fields' = 'k', 'key.fields-prefix' = 'k_', 'value.fields-include' = 'EXCEPT_KEY');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t8;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: All fields in 'key.fields' must be prefixed with 'k_' when option 'key.fields-prefix' is set but field 'k' is not prefixed.
!error

CREATE TABLE t9 (a INT, m STRING METADATA FROM 'topics') WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t9;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Invalid metadata key 'topics' in column 'm' of table 'default_catalog.default_database.t9'. The DynamicTableSource class 'org.apache.flink.streaming.connectors.kafka.table.KafkaDynamicSource' supports the following metadata keys for reading:
!error

CREATE TABLE t10 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a', 'properties.value.deserializer' = 'org.apache.kafka.common.serialization.StringDeserializer');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t10;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Unsupported Kafka client property 'properties.value.deserializer': the table's formats ('key.format', 'value.format') turn message bytes into rows; Kafka (de)serializer classes are not used.
!error

CREATE TABLE t11 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a', 'properties.ssl.truststore.location' = '/etc/kafka/truststore.jks');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t11;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Cannot read the file '/etc/kafka/truststore.jks' given by option 'properties.ssl.truststore.location': No such file or directory
!error

CREATE TABLE t12 (a INT) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a', 'properties.no.such.client.key' = '1');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t12;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: Unsupported Kafka client property 'properties.no.such.client.key': librdkafka 2.0.2 (the Kafka client Sluice uses) has no setting 'no.such.client.key'. See librdkafka's CONFIGURATION.md for the keys it supports.
!error

CREATE TABLE t13 (a INT, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'format' = 'json', 'topic' = 'a');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t13;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: The Kafka table 'default_catalog.default_database.t13' with 'json' format doesn't support defining PRIMARY KEY constraint on the table, because it can't guarantee the semantic of primary key.
!error

CREATE TABLE t14 (a INT) WITH ('connector' = 'upsert-kafka', 'properties.bootstrap.servers' = '$VAR_KAFKA_BOOTSTRAP', 'key.format' = 'json', 'value.format' = 'json', 'topic' = 'a');
[INFO] Execute statement succeeded.
!info

SELECT * FROM t14;
[ERROR] Could not execute SQL statement. Reason:
ValidationException: 'upsert-kafka' tables require to define a PRIMARY KEY constraint. The PRIMARY KEY specifies which columns should be read from or write to the Kafka message key. The PRIMARY KEY also defines records in the 'upsert-kafka' table should update or delete on which keys.
!error
