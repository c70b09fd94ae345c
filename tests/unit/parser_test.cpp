#include <catch2/catch.hpp>

#include <string>

#include "parser/parser.h"

using namespace sluice;
using sluice::parser::Parser;

namespace {

template <class T>
const T& parseAs(const std::string& sql) {
    static ast::StatementPtr keep;
    keep = Parser::parseStatement(sql);
    REQUIRE(keep);
    return keep->as<T>();
}

const ast::SelectBody& selectOf(const ast::Query& q) {
    REQUIRE(q.body->kind == ast::QueryBodyKind::Select);
    return q.body->as<ast::SelectBody>();
}

const ast::SelectBody& selectOf(const std::string& sql) {
    return selectOf(*parseAs<ast::QueryStatement>(sql).query);
}

ast::ExprPtr expr(const std::string& sql) {
    return Parser::parseExpression(sql);
}

std::string errorOf(const std::string& sql) {
    try {
        Parser::parseScript(sql);
    } catch (const ParseError& e) {
        return e.what();
    }
    return "<no error>";
}

SourcePos errorPosOf(const std::string& sql) {
    try {
        Parser::parseScript(sql);
    } catch (const ParseError& e) {
        return e.pos();
    }
    return {};
}

const std::string kTutorialSource = R"(
        CREATE TABLE events (
            PULocationID INTEGER,
            DOLocationID INTEGER,
            trip_distance DOUBLE,
            total_amount DOUBLE,
            tpep_pickup_datetime BIGINT
        ) WITH (
            'connector' = 'kafka',
            'properties.bootstrap.servers' = 'redpanda:29092',
            'topic' = 'rides',
            'scan.startup.mode' = 'latest-offset', -- Crucial!
            'format' = 'json'  -- Flink deserializes automatically
        );
)";

const std::string kTutorialSink = R"(
        CREATE TABLE processed_events (
            PULocationID INTEGER,
            DOLocationID INTEGER,
            trip_distance DOUBLE,
            total_amount DOUBLE,
            pickup_datetime TIMESTAMP(3)
        ) WITH (
            'connector' = 'jdbc',
            'url' = 'jdbc:postgresql://postgres:5432/postgres',
            'table-name' = 'processed_events',
            'username' = 'postgres',
            'password' = 'postgres',
            'driver' = 'org.postgresql.Driver'
        );
)";

const std::string kTutorialInsert = R"(
        INSERT INTO processed_events
        SELECT
            PULocationID,
            DOLocationID,
            trip_distance,
            total_amount,
            # Native function TO_TIMESTAMP_LTZ handles epoch conversion
            TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3) as pickup_datetime
        FROM events
)";

}  // namespace

TEST_CASE("parser: tutorial DDL", "[parser]") {
    auto statements = Parser::parseScript(kTutorialSource + kTutorialSink);
    REQUIRE(statements.size() == 2);
    const auto& source = statements[0]->as<ast::CreateTable>();
    CHECK(source.kind == ast::StatementKind::CreateTable);
    CHECK(source.name.toString() == "events");
    REQUIRE(source.columns.size() == 5);
    CHECK(source.columns[0].name == "PULocationID");
    CHECK(source.columns[0].type == DataType::integer());
    CHECK(source.columns[2].type == DataType::doubleType());
    CHECK(source.columns[4].type == DataType::bigint());
    REQUIRE(source.options.size() == 5);
    CHECK(source.options[0].key == "connector");
    CHECK(source.options[0].value == "kafka");
    CHECK(source.options[3].key == "scan.startup.mode");
    CHECK(source.options[3].value == "latest-offset");
    CHECK(source.pos.line == 2);
    CHECK(source.pos.column == 9);
    CHECK(source.text.rfind("CREATE TABLE events (", 0) == 0);
    CHECK(source.text.back() == ')');

    const auto& sink = statements[1]->as<ast::CreateTable>();
    CHECK(sink.columns[4].name == "pickup_datetime");
    CHECK(sink.columns[4].type == DataType::timestamp(3));
    CHECK(sink.options[1].value == "jdbc:postgresql://postgres:5432/postgres");
}

TEST_CASE("parser: tutorial INSERT with a # comment is rejected", "[parser]") {
    std::string message = errorOf(kTutorialSource + kTutorialSink + kTutorialInsert);
    CHECK(message.find("SQL comments start with '--', not '#' (line 37, column 13)") == 0);
    CHECK(message.find("# Native function") != std::string::npos);
    CHECK(message.find("\n            ^") != std::string::npos);
    SourcePos pos = errorPosOf(kTutorialInsert);
    CHECK(pos.line == 8);
    CHECK(pos.column == 13);
}

TEST_CASE("parser: tutorial INSERT with -- parses", "[parser]") {
    std::string fixed = kTutorialInsert;
    fixed.replace(fixed.find('#'), 1, "--");
    const auto& insert = parseAs<ast::Insert>(fixed);
    CHECK(insert.target.toString() == "processed_events");
    CHECK_FALSE(insert.overwrite);
    const auto& select = selectOf(*insert.query);
    REQUIRE(select.items.size() == 5);
    const auto& call = select.items[4].expr->as<ast::Call>();
    CHECK(call.name == "TO_TIMESTAMP_LTZ");
    REQUIRE(call.args.size() == 2);
    CHECK(call.args[0]->as<ast::ColumnRef>().names == std::vector<std::string>{"tpep_pickup_datetime"});
    CHECK(call.args[1]->as<ast::Literal>().value == "3");
    CHECK(select.items[4].alias == "pickup_datetime");
    CHECK(call.text == "TO_TIMESTAMP_LTZ(tpep_pickup_datetime, 3)");
    REQUIRE(select.from);
    CHECK(select.from->as<ast::NamedTable>().name.toString() == "events");
}

TEST_CASE("parser: CREATE TABLE with every column kind", "[parser]") {
    const auto& t = parseAs<ast::CreateTable>(R"(
        CREATE TEMPORARY TABLE IF NOT EXISTS cat.db.`orders` (
            id BIGINT PRIMARY KEY NOT ENFORCED COMMENT 'the id',
            `timestamp` TIMESTAMP_LTZ(3) METADATA,
            part INT METADATA FROM 'partition' VIRTUAL,
            `offset` BIGINT METADATA VIRTUAL,
            price DECIMAL(10, 2),
            total AS price * 2 COMMENT 'computed',
            ts TIMESTAMP(3),
            WATERMARK FOR ts AS ts - INTERVAL '5' SECOND,
            CONSTRAINT pk PRIMARY KEY (id, part) NOT ENFORCED
        ) COMMENT 'orders table'
        PARTITIONED BY (part)
        WITH ('connector' = 'kafka', 'it''s' = 'x')
    )");
    CHECK(t.temporary);
    CHECK(t.ifNotExists);
    CHECK(t.name.parts == std::vector<std::string>{"cat", "db", "orders"});
    REQUIRE(t.columns.size() == 7);
    CHECK(t.columns[0].primaryKey);
    CHECK_FALSE(t.columns[0].primaryKeyEnforced);
    CHECK(t.columns[0].comment == "the id");
    CHECK(t.columns[1].name == "timestamp");
    CHECK(t.columns[1].columnKind == ast::ColumnKind::Metadata);
    CHECK(t.columns[1].metadataKey.empty());
    CHECK(t.columns[1].type == DataType::timestampLtz(3));
    CHECK(t.columns[2].metadataKey == "partition");
    CHECK(t.columns[2].isVirtual);
    CHECK(t.columns[3].name == "offset");
    CHECK(t.columns[3].isVirtual);
    CHECK(t.columns[4].type == DataType::decimal(10, 2));
    CHECK(t.columns[5].columnKind == ast::ColumnKind::Computed);
    CHECK(t.columns[5].expr->text == "price * 2");
    CHECK(t.columns[5].comment == "computed");
    REQUIRE(t.watermark);
    CHECK(t.watermark->column == "ts");
    CHECK(t.watermark->expr->text == "ts - INTERVAL '5' SECOND");
    const auto& wm = t.watermark->expr->as<ast::Binary>();
    CHECK(wm.op == ast::BinaryOp::Sub);
    const auto& interval = wm.right->as<ast::Literal>();
    CHECK(interval.literalKind == ast::LiteralKind::Interval);
    CHECK(interval.value == "5");
    CHECK(interval.from == ast::TimeUnit::Second);
    REQUIRE(t.primaryKey);
    CHECK(t.primaryKey->constraintName == "pk");
    CHECK(t.primaryKey->columns == std::vector<std::string>{"id", "part"});
    CHECK_FALSE(t.primaryKey->enforced);
    CHECK(t.comment == "orders table");
    CHECK(t.partitionedBy == std::vector<std::string>{"part"});
    REQUIRE(t.options.size() == 2);
    CHECK(t.options[1].key == "it's");
}

TEST_CASE("parser: metadata columns without backticks", "[parser]") {
    const auto& t = parseAs<ast::CreateTable>(
        "CREATE TABLE k (timestamp TIMESTAMP_LTZ(3) METADATA, offset BIGINT METADATA VIRTUAL, "
        "partition INT METADATA VIRTUAL, topic STRING METADATA VIRTUAL, headers MAP<STRING, BYTES> METADATA, "
        "key STRING, value STRING, data STRING, comment STRING) WITH ('connector' = 'kafka')");
    REQUIRE(t.columns.size() == 9);
    CHECK(t.columns[0].name == "timestamp");
    CHECK(t.columns[1].name == "offset");
    CHECK(t.columns[2].name == "partition");
    CHECK(t.columns[3].name == "topic");
    CHECK(t.columns[4].type == DataType::map(DataType::string(), DataType::bytes()));
    CHECK(t.columns[8].name == "comment");
    const auto& s = selectOf("SELECT timestamp, offset, partition, key, value FROM k WHERE offset > 5");
    CHECK(s.items.size() == 5);
    CHECK(s.items[0].expr->as<ast::ColumnRef>().names[0] == "timestamp");
}

TEST_CASE("parser: CREATE TABLE distribution, LIKE and CTAS", "[parser]") {
    const auto& d = parseAs<ast::CreateTable>(
        "CREATE TABLE t (a INT, b INT) DISTRIBUTED BY HASH(a) INTO 4 BUCKETS WITH ('connector' = 'x')");
    CHECK(d.distributedBy == std::vector<std::string>{"a"});
    CHECK(d.distributionKind == "HASH");
    CHECK(d.distributedBuckets == 4);

    const auto& l = parseAs<ast::CreateTable>(
        "CREATE TABLE t2 WITH ('topic' = 'b') LIKE t (EXCLUDING ALL INCLUDING OPTIONS OVERWRITING "
        "WATERMARKS)");
    REQUIRE(l.like);
    CHECK(l.like->source.toString() == "t");
    REQUIRE(l.like->options.size() == 3);
    CHECK(l.like->options[0].strategy == ast::LikeMergeStrategy::Excluding);
    CHECK(l.like->options[0].feature == ast::LikeFeature::All);
    CHECK(l.like->options[2].strategy == ast::LikeMergeStrategy::Overwriting);
    CHECK(l.like->options[2].feature == ast::LikeFeature::Watermarks);

    const auto& c =
        parseAs<ast::CreateTable>("CREATE TABLE t3 WITH ('connector' = 'print') AS SELECT a FROM t");
    REQUIRE(c.asQuery);
    CHECK(c.columns.empty());
    CHECK(selectOf(*c.asQuery).items.size() == 1);
}

TEST_CASE("parser: types and their Flink defaults", "[parser]") {
    auto typeOf = [](const std::string& t) {
        const auto& c = parseAs<ast::CreateTable>("CREATE TABLE t (c " + t + ")");
        return c.columns[0].type;
    };
    CHECK(typeOf("VARCHAR") == DataType::string());
    CHECK(typeOf("VARCHAR(10)") == DataType::varchar(10));
    CHECK(typeOf("STRING") == DataType::string());
    CHECK(typeOf("CHAR") == DataType::charType(1));
    CHECK(typeOf("CHAR(5)") == DataType::charType(5));
    CHECK(typeOf("DECIMAL") == DataType::decimal(10, 0));
    CHECK(typeOf("DEC(5)") == DataType::decimal(5, 0));
    CHECK(typeOf("NUMERIC(38, 18)") == DataType::decimal(38, 18));
    CHECK(typeOf("TIMESTAMP") == DataType::timestamp(6));
    CHECK(typeOf("TIMESTAMP(3) WITHOUT TIME ZONE") == DataType::timestamp(3));
    CHECK(typeOf("TIMESTAMP(3) WITH LOCAL TIME ZONE") == DataType::timestampLtz(3));
    CHECK(typeOf("TIMESTAMP_LTZ") == DataType::timestampLtz(6));
    CHECK(typeOf("TIME") == DataType::time(0));
    CHECK(typeOf("DATE") == DataType::date());
    CHECK(typeOf("BINARY") == DataType::binary(1));
    CHECK(typeOf("VARBINARY") == DataType::bytes());
    CHECK(typeOf("VARBINARY(4)") == DataType::varbinary(4));
    CHECK(typeOf("BYTES") == DataType::bytes());
    CHECK(typeOf("BOOLEAN") == DataType::boolean());
    CHECK(typeOf("TINYINT") == DataType::tinyint());
    CHECK(typeOf("SMALLINT") == DataType::smallint());
    CHECK(typeOf("INT") == DataType::integer());
    CHECK(typeOf("FLOAT") == DataType::floatType());
    CHECK(typeOf("DOUBLE PRECISION") == DataType::doubleType());
    CHECK(typeOf("INT NOT NULL") == DataType::integer().withNullable(false));
    CHECK(typeOf("INT NULL") == DataType::integer());
    CHECK(typeOf("ARRAY<INT>") == DataType::array(DataType::integer()));
    CHECK(typeOf("INT ARRAY") == DataType::array(DataType::integer()));
    CHECK(typeOf("ARRAY<ARRAY<INT NOT NULL>>") ==
          DataType::array(DataType::array(DataType::integer().withNullable(false))));
    CHECK(typeOf("MULTISET<STRING>") == DataType::multiset(DataType::string()));
    CHECK(typeOf("MAP<STRING, INT>") == DataType::map(DataType::string(), DataType::integer()));
    CHECK(typeOf("ROW<a INT, b STRING>") ==
          DataType::row({"a", "b"}, {DataType::integer(), DataType::string()}));
    CHECK(typeOf("ROW(a INT, `b c` STRING COMMENT 'x')") ==
          DataType::row({"a", "b c"}, {DataType::integer(), DataType::string()}));
    CHECK(typeOf("INTERVAL DAY TO SECOND(3)").id == TypeId::IntervalDayTime);
    CHECK(typeOf("INTERVAL YEAR TO MONTH").id == TypeId::IntervalYearMonth);
    CHECK(typeOf("RAW('java.lang.Object', 'snap')").id == TypeId::Raw);
    CHECK(typeOf("NULL").id == TypeId::Null);
}

TEST_CASE("parser: invalid type parameters", "[parser]") {
    CHECK(errorOf("CREATE TABLE t (c DECIMAL(40, 2))")
              .find("Invalid type DECIMAL(40, 2) at line 1, column 19") == 0);
    CHECK(errorOf("CREATE TABLE t (c DECIMAL(5, 6))").find("Decimal scale") != std::string::npos);
    CHECK(errorOf("CREATE TABLE t (c TIMESTAMP(10))").find("Timestamp precision") != std::string::npos);
    CHECK(errorOf("CREATE TABLE t (c VARCHAR(0))").find("length must be between 1") != std::string::npos);
    CHECK(errorPosOf("CREATE TABLE t (\n  c TIMESTAMP(10))").line == 2);
}

TEST_CASE("parser: catalogs, databases, USE, SHOW, DESCRIBE", "[parser]") {
    const auto& cat =
        parseAs<ast::CreateCatalog>("CREATE CATALOG my_cat WITH ('type' = 'generic_in_memory')");
    CHECK(cat.name == "my_cat");
    CHECK(cat.options.size() == 1);
    const auto& db = parseAs<ast::CreateDatabase>("CREATE DATABASE IF NOT EXISTS my_cat.db1 COMMENT 'd'");
    CHECK(db.ifNotExists);
    CHECK(db.name.parts.size() == 2);
    CHECK(db.comment == "d");
    CHECK(parseAs<ast::Use>("USE CATALOG my_cat").catalog);
    CHECK(parseAs<ast::Use>("USE my_cat.db1").name.toString() == "my_cat.db1");
    CHECK(parseAs<ast::Show>("SHOW CATALOGS").what == ast::ShowKind::Catalogs);
    CHECK(parseAs<ast::Show>("show databases").what == ast::ShowKind::Databases);
    const auto& tables = parseAs<ast::Show>("SHOW TABLES FROM db1 NOT LIKE 'a%'");
    CHECK(tables.what == ast::ShowKind::Tables);
    CHECK(tables.name.toString() == "db1");
    CHECK(tables.notLike);
    CHECK(tables.likePattern == "a%");
    CHECK(parseAs<ast::Show>("SHOW VIEWS").what == ast::ShowKind::Views);
    CHECK(parseAs<ast::Show>("SHOW FUNCTIONS").what == ast::ShowKind::Functions);
    CHECK(parseAs<ast::Show>("SHOW USER FUNCTIONS").what == ast::ShowKind::UserFunctions);
    CHECK(parseAs<ast::Show>("SHOW COLUMNS FROM t").what == ast::ShowKind::Columns);
    CHECK(parseAs<ast::Show>("SHOW CREATE TABLE t").name.toString() == "t");
    CHECK(parseAs<ast::Show>("SHOW CREATE VIEW v").what == ast::ShowKind::CreateView);
    CHECK(parseAs<ast::Show>("SHOW CURRENT CATALOG").what == ast::ShowKind::CurrentCatalog);
    CHECK(parseAs<ast::Show>("SHOW CURRENT DATABASE").what == ast::ShowKind::CurrentDatabase);
    CHECK(parseAs<ast::Show>("SHOW JOBS").what == ast::ShowKind::Jobs);
    CHECK(parseAs<ast::Show>("SHOW JARS").what == ast::ShowKind::Jars);
    CHECK(parseAs<ast::Show>("SHOW FULL MODULES").full);
    CHECK(parseAs<ast::Describe>("DESCRIBE t").name.toString() == "t");
    CHECK(parseAs<ast::Describe>("DESC EXTENDED db.t").extended);
}

TEST_CASE("parser: ALTER, DROP, functions, jars, jobs, client commands", "[parser]") {
    const auto& set = parseAs<ast::AlterTable>("ALTER TABLE IF EXISTS t SET ('a' = 'b', 'c' = 'd')");
    CHECK(set.ifExists);
    CHECK(set.action == ast::AlterAction::SetOptions);
    CHECK(set.options.size() == 2);
    const auto& reset = parseAs<ast::AlterTable>("ALTER TABLE t RESET ('a', 'c')");
    CHECK(reset.resetKeys == std::vector<std::string>{"a", "c"});
    CHECK(parseAs<ast::AlterTable>("ALTER TABLE t RENAME TO t2").newName.toString() == "t2");

    const auto& fn = parseAs<ast::CreateFunction>(
        "CREATE TEMPORARY SYSTEM FUNCTION IF NOT EXISTS f AS 'com.example.F' LANGUAGE java");
    CHECK(fn.temporary);
    CHECK(fn.system);
    CHECK(fn.ifNotExists);
    CHECK(fn.className == "com.example.F");
    CHECK(fn.language == "JAVA");

    const auto& drop = parseAs<ast::Drop>("DROP TEMPORARY VIEW IF EXISTS v");
    CHECK(drop.object == ast::ObjectKind::View);
    CHECK(drop.temporary);
    CHECK(drop.ifExists);
    CHECK(parseAs<ast::Drop>("DROP DATABASE db CASCADE").cascade);
    CHECK(parseAs<ast::Drop>("DROP CATALOG c").object == ast::ObjectKind::Catalog);
    CHECK(parseAs<ast::Drop>("DROP TEMPORARY SYSTEM FUNCTION f").system);
    CHECK(parseAs<ast::Drop>("DROP TABLE t").object == ast::ObjectKind::Table);

    CHECK(parseAs<ast::AddJar>("ADD JAR '/tmp/a.jar'").path == "/tmp/a.jar");
    CHECK(parseAs<ast::RemoveJar>("REMOVE JAR '/tmp/a.jar'").path == "/tmp/a.jar");
    const auto& stop = parseAs<ast::StopJob>("STOP JOB 'abc' WITH SAVEPOINT WITH DRAIN");
    CHECK(stop.jobId == "abc");
    CHECK(stop.withSavepoint);
    CHECK(stop.withDrain);
    CHECK(parseAs<ast::ClientCommand>("help").command == "HELP");
    CHECK(parseAs<ast::ClientCommand>("QUIT").command == "QUIT");
    CHECK(parseAs<ast::ClientCommand>("exit").command == "EXIT");
    CHECK(parseAs<ast::ClientCommand>("CLEAR").command == "CLEAR");
}

TEST_CASE("parser: views", "[parser]") {
    const auto& v = parseAs<ast::CreateView>(
        "CREATE TEMPORARY VIEW IF NOT EXISTS v (a, b) COMMENT 'c' AS SELECT x, y FROM t WHERE x > 1");
    CHECK(v.temporary);
    CHECK(v.ifNotExists);
    CHECK(v.columnNames == std::vector<std::string>{"a", "b"});
    CHECK(v.comment == "c");
    CHECK(v.queryText == "SELECT x, y FROM t WHERE x > 1");
    CHECK(selectOf(*v.query).where);
}

TEST_CASE("parser: SET and RESET", "[parser]") {
    CHECK_FALSE(parseAs<ast::Set>("SET").key);
    const auto& quoted = parseAs<ast::Set>("SET 'table.local-time-zone' = 'UTC'");
    CHECK(*quoted.key == "table.local-time-zone");
    CHECK(quoted.value == "UTC");
    const auto& bare = parseAs<ast::Set>("SET table.exec.mini-batch.enabled = true");
    CHECK(*bare.key == "table.exec.mini-batch.enabled");
    CHECK(bare.value == "true");
    const auto& number = parseAs<ast::Set>("SET execution.checkpointing.interval = 10 s");
    CHECK(number.value == "10 s");
    CHECK(parseAs<ast::Set>("SET sql-client.execution.result-mode=tableau").value == "tableau");
    CHECK_FALSE(parseAs<ast::Reset>("RESET").key);
    CHECK(*parseAs<ast::Reset>("RESET 'a.b'").key == "a.b");
    CHECK(*parseAs<ast::Reset>("RESET a.b-c").key == "a.b-c");
}

TEST_CASE("parser: EXPLAIN", "[parser]") {
    const auto& e = parseAs<ast::Explain>("EXPLAIN CHANGELOG_MODE, estimated_cost SELECT * FROM t");
    CHECK(e.details == std::vector<std::string>{"CHANGELOG_MODE", "ESTIMATED_COST"});
    CHECK(e.statement->kind == ast::StatementKind::Query);
    CHECK(e.statement->text == "SELECT * FROM t");
    const auto& plan = parseAs<ast::Explain>("EXPLAIN PLAN FOR INSERT INTO s SELECT * FROM t");
    CHECK(plan.details.empty());
    CHECK(plan.statement->kind == ast::StatementKind::Insert);
    const auto& set = parseAs<ast::Explain>(
        "EXPLAIN JSON_EXECUTION_PLAN EXECUTE STATEMENT SET BEGIN INSERT INTO s SELECT 1; END");
    CHECK(set.statement->kind == ast::StatementKind::StatementSet);
    CHECK(errorOf("EXPLAIN FOO SELECT 1").find("Unknown EXPLAIN detail FOO") == 0);
}

TEST_CASE("parser: INSERT forms and statement sets", "[parser]") {
    const auto& i = parseAs<ast::Insert>(
        "EXECUTE INSERT OVERWRITE t /*+ OPTIONS('sink.parallelism' = '2') */ PARTITION (dt = '2024-01-01', h "
        "= 1) "
        "(a, b) VALUES (1, 'x'), (2, 'y')");
    CHECK(i.overwrite);
    REQUIRE(i.hints.size() == 1);
    CHECK(i.hints[0].first == "sink.parallelism");
    CHECK(i.hints[0].second == "2");
    REQUIRE(i.partition.size() == 2);
    CHECK(i.partition[0].value == "2024-01-01");
    CHECK(i.partition[1].value == "1");
    CHECK(i.columns == std::vector<std::string>{"a", "b"});
    REQUIRE(i.query->body->kind == ast::QueryBodyKind::Values);
    CHECK(i.query->body->as<ast::ValuesBody>().rows.size() == 2);

    auto script = Parser::parseScript(
        "EXECUTE STATEMENT SET BEGIN\n INSERT INTO a SELECT * FROM t;\n INSERT INTO b SELECT * FROM "
        "t;\nEND;\n"
        "SELECT 1");
    REQUIRE(script.size() == 2);
    const auto& set = script[0]->as<ast::StatementSet>();
    REQUIRE(set.inserts.size() == 2);
    CHECK(set.inserts[1]->target.toString() == "b");
    CHECK(set.text.rfind("END") == set.text.size() - 3);

    auto old =
        Parser::parseScript("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nINSERT INTO b SELECT 2;\nEND;");
    REQUIRE(old.size() == 1);
    CHECK(old[0]->as<ast::StatementSet>().inserts.size() == 2);
    CHECK(old[0]->text.rfind("BEGIN STATEMENT SET;", 0) == 0);
}

TEST_CASE("parser: scripts, comments and positions", "[parser]") {
    auto script = Parser::parseScript(
        "-- leading comment\n;;SELECT 1; /* block\ncomment */ SELECT 'a;b'\n;\nSELECT `x``y` FROM t");
    REQUIRE(script.size() == 3);
    CHECK(script[0]->text == "SELECT 1");
    CHECK(script[0]->pos.line == 2);
    CHECK(script[0]->pos.column == 3);
    CHECK(script[1]->text == "SELECT 'a;b'");
    CHECK(selectOf(*script[1]->as<ast::QueryStatement>().query).items[0].expr->as<ast::Literal>().value ==
          "a;b");
    const auto& col =
        selectOf(*script[2]->as<ast::QueryStatement>().query).items[0].expr->as<ast::ColumnRef>();
    CHECK(col.names == std::vector<std::string>{"x`y"});
    CHECK(Parser::parseScript("SELECT /**/ 1 /***/;")[0]->text == "SELECT /**/ 1");
    auto unicode = Parser::parseScript("SELECT 'héllo', ñame FROM t");
    const auto& items = selectOf(*unicode[0]->as<ast::QueryStatement>().query).items;
    CHECK(items[0].expr->as<ast::Literal>().value == "héllo");
    CHECK(items[1].expr->as<ast::ColumnRef>().names[0] == "ñame");
    CHECK(Parser::parseScript("").empty());
    CHECK(Parser::parseScript("  -- only a comment\n").empty());
}

TEST_CASE("parser: keywords are case-insensitive", "[parser]") {
    const auto& s = selectOf("sElEcT DiStInCt a AS `Alias` from T wHeRe A iS nOt NuLl");
    CHECK(s.distinct);
    CHECK(s.items[0].alias == "Alias");
    CHECK(s.from->as<ast::NamedTable>().name.toString() == "T");
    CHECK(s.where->kind == ast::ExprKind::IsNull);
    CHECK(s.where->as<ast::IsNull>().negated);
}

TEST_CASE("parser: expression precedence", "[parser]") {
    auto e = expr("1 + 2 * 3");
    const auto& add = e->as<ast::Binary>();
    CHECK(add.op == ast::BinaryOp::Add);
    CHECK(add.right->as<ast::Binary>().op == ast::BinaryOp::Mul);
    CHECK(add.right->text == "2 * 3");

    auto n = expr("NOT a = b AND c");
    const auto& and_ = n->as<ast::Binary>();
    CHECK(and_.op == ast::BinaryOp::And);
    const auto& not_ = and_.left->as<ast::Unary>();
    CHECK(not_.op == ast::UnaryOp::Not);
    CHECK(not_.operand->as<ast::Binary>().op == ast::BinaryOp::Eq);

    auto c = expr("a || b = c");
    const auto& eq = c->as<ast::Binary>();
    CHECK(eq.op == ast::BinaryOp::Eq);
    CHECK(eq.left->as<ast::Binary>().op == ast::BinaryOp::Concat);

    auto o = expr("a OR b AND c");
    CHECK(o->as<ast::Binary>().op == ast::BinaryOp::Or);
    CHECK(o->as<ast::Binary>().right->as<ast::Binary>().op == ast::BinaryOp::And);

    auto u = expr("-a * b");
    CHECK(u->as<ast::Binary>().op == ast::BinaryOp::Mul);
    CHECK(u->as<ast::Binary>().left->as<ast::Unary>().op == ast::UnaryOp::Neg);

    auto s = expr("(1 + 2) * 3");
    CHECK(s->as<ast::Binary>().op == ast::BinaryOp::Mul);
    CHECK(s->as<ast::Binary>().left->as<ast::Binary>().op == ast::BinaryOp::Add);

    auto l = expr("a - b - c");
    CHECK(l->as<ast::Binary>().left->as<ast::Binary>().op == ast::BinaryOp::Sub);

    auto cmp = expr("a + 1 > b * 2 AND x <> y OR z != 3");
    CHECK(cmp->as<ast::Binary>().op == ast::BinaryOp::Or);
}

TEST_CASE("parser: predicates", "[parser]") {
    CHECK(expr("x IS NULL")->kind == ast::ExprKind::IsNull);
    auto b = expr("x IS NOT TRUE");
    CHECK(b->as<ast::IsBool>().negated);
    CHECK(b->as<ast::IsBool>().test == ast::BoolTest::True);
    CHECK(expr("x IS UNKNOWN")->as<ast::IsBool>().test == ast::BoolTest::Unknown);
    auto d = expr("x IS NOT DISTINCT FROM y");
    CHECK(d->as<ast::DistinctFrom>().negated);
    auto bt = expr("x NOT BETWEEN SYMMETRIC 1 AND 2 AND y");
    CHECK(bt->as<ast::Binary>().op == ast::BinaryOp::And);
    const auto& between = bt->as<ast::Binary>().left->as<ast::Between>();
    CHECK(between.negated);
    CHECK(between.symmetric);
    CHECK(between.high->as<ast::Literal>().value == "2");
    auto in = expr("x NOT IN (1, 2, 3)");
    CHECK(in->as<ast::In>().negated);
    CHECK(in->as<ast::In>().list.size() == 3);
    auto sub = expr("x IN (SELECT a FROM t)");
    CHECK(sub->as<ast::In>().subquery);
    auto like = expr("name NOT LIKE 'a!%' ESCAPE '!'");
    CHECK(like->as<ast::Like>().negated);
    CHECK(like->as<ast::Like>().escape->as<ast::Literal>().value == "!");
    CHECK(expr("s SIMILAR TO 'a+'")->as<ast::Like>().similar);
    auto json = expr("j IS NOT JSON OBJECT");
    CHECK(json->as<ast::Unary>().op == ast::UnaryOp::Not);
    CHECK(json->as<ast::Unary>().operand->as<ast::Call>().name == "IS_JSON");
}

TEST_CASE("parser: literals", "[parser]") {
    CHECK(expr("42")->as<ast::Literal>().literalKind == ast::LiteralKind::Integer);
    CHECK(expr("1.5")->as<ast::Literal>().literalKind == ast::LiteralKind::Decimal);
    CHECK(expr(".5")->as<ast::Literal>().value == ".5");
    CHECK(expr("1e3")->as<ast::Literal>().literalKind == ast::LiteralKind::Double);
    CHECK(expr("'it''s'")->as<ast::Literal>().value == "it's");
    CHECK(expr("X'CAFE'")->as<ast::Literal>().value == "CAFE");
    CHECK(expr("true")->as<ast::Literal>().value == "TRUE");
    CHECK(expr("NULL")->as<ast::Literal>().literalKind == ast::LiteralKind::Null);
    CHECK(expr("DATE '2024-01-01'")->as<ast::Literal>().literalKind == ast::LiteralKind::Date);
    CHECK(expr("TIME '10:00:00'")->as<ast::Literal>().literalKind == ast::LiteralKind::Time);
    const auto& ts = expr("TIMESTAMP '2024-01-01 10:00:00'");
    CHECK(ts->as<ast::Literal>().value == "2024-01-01 10:00:00");
    CHECK(expr("TIMESTAMP_LTZ '2024-01-01 10:00:00'")->as<ast::Literal>().literalKind ==
          ast::LiteralKind::TimestampLtz);
    auto neg = expr("INTERVAL -'5' SECOND");
    CHECK(neg->as<ast::Literal>().negative);
    auto ym = expr("INTERVAL '1-2' YEAR TO MONTH");
    CHECK(ym->as<ast::Literal>().from == ast::TimeUnit::Year);
    CHECK(ym->as<ast::Literal>().to == ast::TimeUnit::Month);
    auto ds = expr("INTERVAL '2 10:00:00' DAY TO SECOND(3)");
    CHECK(ds->as<ast::Literal>().to == ast::TimeUnit::Second);
    CHECK(ds->as<ast::Literal>().fractionalPrecision == 3);
    CHECK(expr("INTERVAL '10' MINUTE")->as<ast::Literal>().from == ast::TimeUnit::Minute);
    auto minus = expr("-5");
    CHECK(minus->as<ast::Unary>().op == ast::UnaryOp::Neg);
}

TEST_CASE("parser: special forms and calls", "[parser]") {
    auto cast = expr("CAST(x AS DECIMAL(5, 2))");
    CHECK(cast->as<ast::Cast>().type == DataType::decimal(5, 2));
    CHECK(expr("TRY_CAST(x AS INT)")->as<ast::Cast>().tryCast);
    auto c = expr("CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END");
    CHECK(c->as<ast::Case>().operand);
    CHECK(c->as<ast::Case>().whens.size() == 2);
    auto sc = expr("CASE WHEN x > 1 THEN 'a' END");
    CHECK_FALSE(sc->as<ast::Case>().operand);
    CHECK_FALSE(sc->as<ast::Case>().elseExpr);

    auto count = expr("COUNT(*)");
    CHECK(count->as<ast::Call>().star);
    auto distinct = expr("count(DISTINCT user_id) FILTER (WHERE x > 0)");
    CHECK(distinct->as<ast::Call>().name == "COUNT");
    CHECK(distinct->as<ast::Call>().distinct);
    CHECK(distinct->as<ast::Call>().filter);

    auto over =
        expr("SUM(x) OVER (PARTITION BY k ORDER BY ts ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)");
    const auto& spec = *over->as<ast::Call>().over;
    CHECK(spec.partitionBy.size() == 1);
    CHECK(spec.orderBy.size() == 1);
    CHECK(spec.hasFrame);
    CHECK(spec.rows);
    CHECK(spec.lower.unbounded);
    CHECK_FALSE(spec.upper.unbounded);
    CHECK_FALSE(spec.upper.offset);
    auto range = expr("AVG(x) OVER (ORDER BY ts RANGE BETWEEN INTERVAL '1' HOUR PRECEDING AND CURRENT ROW)");
    CHECK_FALSE(range->as<ast::Call>().over->rows);
    CHECK(range->as<ast::Call>().over->lower.offset->as<ast::Literal>().from == ast::TimeUnit::Hour);
    CHECK(expr("ROW_NUMBER() OVER w")->as<ast::Call>().over->name == "w");

    auto ex = expr("EXTRACT(YEAR FROM ts)");
    CHECK(ex->as<ast::Call>().name == "EXTRACT");
    CHECK(ex->as<ast::Call>().args[0]->as<ast::Symbol>().name == "YEAR");
    auto fl = expr("FLOOR(ts TO HOUR)");
    CHECK(fl->as<ast::Call>().args[1]->as<ast::Symbol>().name == "HOUR");
    CHECK(expr("FLOOR(x)")->as<ast::Call>().args.size() == 1);
    CHECK(expr("CEIL(ts TO DAY)")->as<ast::Call>().name == "CEIL");
    CHECK(expr("POSITION('a' IN s)")->as<ast::Call>().args.size() == 2);
    auto trim = expr("TRIM(LEADING 'x' FROM s)");
    CHECK(trim->as<ast::Call>().args[0]->as<ast::Symbol>().name == "LEADING");
    CHECK(trim->as<ast::Call>().args[1]->as<ast::Literal>().value == "x");
    CHECK(expr("TRIM(s)")->as<ast::Call>().args.size() == 3);
    CHECK(expr("SUBSTRING(s FROM 2 FOR 3)")->as<ast::Call>().args.size() == 3);
    CHECK(expr("SUBSTRING(s, 2)")->as<ast::Call>().args.size() == 2);
    CHECK(expr("OVERLAY(s PLACING 'x' FROM 2 FOR 1)")->as<ast::Call>().args.size() == 4);
    auto add = expr("TIMESTAMPADD(MINUTE, 5, ts)");
    CHECK(add->as<ast::Call>().args[0]->as<ast::Symbol>().name == "MINUTE");
    CHECK(expr("TIMESTAMPDIFF(DAY, a, b)")->as<ast::Call>().name == "TIMESTAMPDIFF");

    auto jv = expr("JSON_VALUE(j, '$.a' RETURNING INT DEFAULT 0 ON EMPTY ERROR ON ERROR)");
    const auto& jvc = jv->as<ast::Call>();
    REQUIRE(jvc.args.size() == 6);
    CHECK(jvc.returning == DataType::integer());
    CHECK(jvc.args[2]->as<ast::Symbol>().name == "DEFAULT");
    CHECK(jvc.args[3]->as<ast::Literal>().value == "0");
    CHECK(jvc.args[4]->as<ast::Symbol>().name == "ERROR");
    auto jq = expr("JSON_QUERY(j, '$.a' WITH CONDITIONAL ARRAY WRAPPER EMPTY ARRAY ON EMPTY)");
    CHECK(jq->as<ast::Call>().args[2]->as<ast::Symbol>().name == "CONDITIONAL_ARRAY");
    CHECK(jq->as<ast::Call>().args[3]->as<ast::Symbol>().name == "EMPTY_ARRAY");
    CHECK(expr("JSON_EXISTS(j, '$.a' TRUE ON ERROR)")->as<ast::Call>().args[2]->as<ast::Symbol>().name ==
          "TRUE");
    auto jo = expr("JSON_OBJECT(KEY 'a' VALUE 1, 'b' VALUE x ABSENT ON NULL)");
    CHECK(jo->as<ast::Call>().args.size() == 5);
    CHECK(jo->as<ast::Call>().args[0]->as<ast::Symbol>().name == "ABSENT_ON_NULL");
    CHECK(expr("JSON_ARRAY(1, 2)")->as<ast::Call>().args.size() == 3);

    CHECK(expr("ARRAY[1, 2]")->as<ast::Call>().name == "ARRAY");
    CHECK(expr("MAP['a', 1]")->as<ast::Call>().name == "MAP");
    CHECK(expr("ROW(1, 'a')")->as<ast::Call>().name == "ROW");
    CHECK(expr("(1, 'a')")->as<ast::Call>().name == "ROW");
    CHECK(expr("CURRENT_TIMESTAMP")->as<ast::Call>().name == "CURRENT_TIMESTAMP");
    CHECK(expr("localtimestamp")->as<ast::Call>().name == "LOCALTIMESTAMP");
    CHECK(expr("CURRENT_ROW_TIMESTAMP()")->as<ast::Call>().args.empty());
    CHECK(expr("PROCTIME()")->as<ast::Call>().name == "PROCTIME");
    CHECK(expr("EXISTS (SELECT 1)")->kind == ast::ExprKind::Exists);
    CHECK(expr("(SELECT MAX(a) FROM t)")->kind == ast::ExprKind::Subquery);
    CHECK(expr("IF(a, 1, 2)")->as<ast::Call>().name == "IF");
    CHECK(expr("LEFT(s, 2)")->as<ast::Call>().name == "LEFT");

    auto item = expr("arr[1]");
    CHECK(item->kind == ast::ExprKind::Item);
    auto field = expr("(r).f");
    CHECK(field->as<ast::Field>().field == "f");
    auto nested = expr("m['k'].x");
    CHECK(nested->as<ast::Field>().operand->kind == ast::ExprKind::Item);
    CHECK(expr("t.a.b")->as<ast::ColumnRef>().names.size() == 3);
    CHECK(expr("`t`.`a`")->as<ast::ColumnRef>().names == std::vector<std::string>{"t", "a"});
}

TEST_CASE("parser: query clauses", "[parser]") {
    const auto& q = *parseAs<ast::QueryStatement>(
                         "WITH w (a) AS (SELECT 1), v AS (SELECT 2) SELECT t.*, * FROM w, v "
                         "ORDER BY a DESC NULLS LAST, b LIMIT 10 OFFSET 5")
                         .query;
    REQUIRE(q.with.size() == 2);
    CHECK(q.with[0].columns == std::vector<std::string>{"a"});
    const auto& s = selectOf(q);
    CHECK(s.items[0].expr->as<ast::Star>().qualifier == std::vector<std::string>{"t"});
    CHECK(s.items[1].expr->as<ast::Star>().qualifier.empty());
    CHECK(s.from->as<ast::JoinRef>().joinType == ast::JoinType::Cross);
    REQUIRE(q.orderBy.size() == 2);
    CHECK(q.orderBy[0].descending);
    CHECK(q.orderBy[0].nullsFirst == false);
    CHECK(q.limit->as<ast::Literal>().value == "10");
    CHECK(q.offset->as<ast::Literal>().value == "5");

    const auto& fetch = *parseAs<ast::QueryStatement>("SELECT a FROM t FETCH FIRST 3 ROWS ONLY").query;
    CHECK(fetch.limit->as<ast::Literal>().value == "3");

    const auto& g = selectOf(
        "SELECT k, COUNT(*) FROM t GROUP BY GROUPING SETS ((k, j), (k), ()), ROLLUP (a, b), CUBE (c), d "
        "HAVING COUNT(*) > 1 WINDOW w AS (PARTITION BY k ORDER BY ts)");
    REQUIRE(g.groupBy.size() == 4);
    CHECK(g.groupBy[0].kind == ast::GroupingKind::GroupingSets);
    REQUIRE(g.groupBy[0].sets.size() == 3);
    CHECK(g.groupBy[0].sets[0].size() == 2);
    CHECK(g.groupBy[0].sets[2].empty());
    CHECK(g.groupBy[1].kind == ast::GroupingKind::Rollup);
    CHECK(g.groupBy[1].sets.size() == 2);
    CHECK(g.groupBy[2].kind == ast::GroupingKind::Cube);
    CHECK(g.groupBy[3].kind == ast::GroupingKind::Expr);
    CHECK(g.having);
    REQUIRE(g.windows.size() == 1);
    CHECK(g.windows[0].name == "w");

    const auto& u =
        *parseAs<ast::QueryStatement>("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT (SELECT 4)")
             .query;
    const auto& top = u.body->as<ast::SetOpBody>();
    CHECK(top.op == ast::SetOpKind::Except);
    CHECK(top.right->kind == ast::QueryBodyKind::Nested);
    const auto& left = top.left->as<ast::SetOpBody>();
    CHECK(left.op == ast::SetOpKind::Union);
    CHECK(left.all);
    CHECK(left.right->as<ast::SetOpBody>().op == ast::SetOpKind::Intersect);

    CHECK(selectOf("SELECT a FROM t GROUP BY (a, b)").groupBy.size() == 2);

    const auto& values = *parseAs<ast::QueryStatement>("VALUES (1, 'a'), (2, 'b')").query;
    CHECK(values.body->as<ast::ValuesBody>().rows[1].size() == 2);
}

TEST_CASE("parser: FROM clause forms", "[parser]") {
    const auto& j = selectOf(
        "SELECT * FROM a AS x (c1, c2) LEFT OUTER JOIN b ON x.c1 = b.id "
        "RIGHT JOIN c USING (id) FULL JOIN d ON TRUE CROSS JOIN e INNER JOIN f ON 1 = 1 JOIN g ON 1 = 1");
    const auto& inner = j.from->as<ast::JoinRef>();
    CHECK(inner.joinType == ast::JoinType::Inner);
    const auto& fInner = inner.left->as<ast::JoinRef>();
    CHECK(fInner.joinType == ast::JoinType::Inner);
    const auto& cross = fInner.left->as<ast::JoinRef>();
    CHECK(cross.joinType == ast::JoinType::Cross);
    const auto& full = cross.left->as<ast::JoinRef>();
    CHECK(full.joinType == ast::JoinType::Full);
    const auto& right = full.left->as<ast::JoinRef>();
    CHECK(right.joinType == ast::JoinType::Right);
    CHECK(right.usingColumns == std::vector<std::string>{"id"});
    const auto& left = right.left->as<ast::JoinRef>();
    CHECK(left.joinType == ast::JoinType::Left);
    CHECK(left.left->alias == "x");
    CHECK(left.left->columnAliases == std::vector<std::string>{"c1", "c2"});

    const auto& hint = selectOf(
        "SELECT * FROM t /*+ OPTIONS('scan.startup.mode' = 'earliest-offset') */ AS o "
        "JOIN r FOR SYSTEM_TIME AS OF o.proc_time AS d ON o.k = d.k");
    const auto& join = hint.from->as<ast::JoinRef>();
    const auto& named = join.left->as<ast::NamedTable>();
    REQUIRE(named.hints.size() == 1);
    CHECK(named.hints[0].second == "earliest-offset");
    CHECK(named.alias == "o");
    CHECK(join.right->as<ast::NamedTable>().forSystemTimeAsOf->text == "o.proc_time");
    CHECK(join.right->alias == "d");

    const auto& tvf = selectOf(
        "SELECT window_start, SUM(price) FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(bidtime), INTERVAL '10' "
        "MINUTES)) "
        "GROUP BY window_start, window_end");
    const auto& call = *tvf.from->as<ast::TableFunctionRef>().call;
    CHECK(call.name == "TUMBLE");
    REQUIRE(call.args.size() == 3);
    CHECK(call.args[0]->as<ast::TableArg>().table.toString() == "bid");
    CHECK(call.args[1]->as<ast::Descriptor>().columns == std::vector<std::string>{"bidtime"});
    CHECK(call.args[2]->as<ast::Literal>().from == ast::TimeUnit::Minute);

    const auto& bare = selectOf(
        "SELECT * FROM HOP(DATA => TABLE bid, TIMECOL => DESCRIPTOR(ts), SLIDE => INTERVAL '5' MINUTE, "
        "SIZE => INTERVAL '10' MINUTE)");
    const auto& hop = *bare.from->as<ast::TableFunctionRef>().call;
    CHECK(hop.argNames == std::vector<std::string>{"DATA", "TIMECOL", "SLIDE", "SIZE"});

    const auto& session = selectOf(
        "SELECT * FROM TABLE(SESSION(TABLE bid PARTITION BY item, DESCRIPTOR(ts), INTERVAL '5' MINUTE))");
    const auto& sessionCall = *session.from->as<ast::TableFunctionRef>().call;
    CHECK(sessionCall.args[0]->as<ast::TableArg>().partitionBy.size() == 1);
    CHECK(sessionCall.args.size() == 3);
    const auto& session2 = selectOf(
        "SELECT * FROM TABLE(SESSION(TABLE bid PARTITION BY (a, b), DESCRIPTOR(ts), INTERVAL '5' MINUTE))");
    CHECK(session2.from->as<ast::TableFunctionRef>().call->args[0]->as<ast::TableArg>().partitionBy.size() ==
          2);

    const auto& lateral = selectOf("SELECT * FROM t, LATERAL TABLE(split(s)) AS x(word)");
    const auto& lat = lateral.from->as<ast::JoinRef>().right->as<ast::TableFunctionRef>();
    CHECK(lat.lateral);
    CHECK(lat.alias == "x");
    CHECK(lat.columnAliases == std::vector<std::string>{"word"});

    const auto& unnest = selectOf("SELECT * FROM t CROSS JOIN UNNEST(arr) WITH ORDINALITY AS u(x, n)");
    const auto& un = unnest.from->as<ast::JoinRef>().right->as<ast::UnnestRef>();
    CHECK(un.withOrdinality);
    CHECK(un.columnAliases.size() == 2);

    const auto& sub = selectOf("SELECT * FROM (SELECT 1 AS a) AS s(b), (VALUES (1, 2)) AS v(x, y)");
    const auto& subJoin = sub.from->as<ast::JoinRef>();
    CHECK(subJoin.left->as<ast::SubqueryRef>().alias == "s");
    CHECK(subJoin.right->as<ast::SubqueryRef>().query->body->kind == ast::QueryBodyKind::Values);
}

TEST_CASE("parser: syntax errors name the token, the position and the expected tokens", "[parser]") {
    std::string message = errorOf("SELECT * FORM t");
    INFO(message);
    CHECK(message.find(
              "Encountered \"FORM\" at line 1, column 10.\nWas expecting one of: <EOF>, \",\", \";\", ") ==
          0);
    CHECK(message.find("\"FROM\"") != std::string::npos);
    CHECK(message.find("\"WHERE\"") != std::string::npos);
    CHECK(message.find("\nSELECT * FORM t\n         ^") != std::string::npos);

    std::string eof = errorOf("SELECT a FROM");
    CHECK(eof.find("Encountered \"<EOF>\" at line 1, column 14.") == 0);
    CHECK(eof.find("<IDENTIFIER>") != std::string::npos);

    std::string second = errorOf("SELECT 1;\nCREATE TABLE t (a INT) WITH ('k' = 1)");
    INFO(second);
    CHECK(second.find("Encountered \"1\" at line 2, column 36.\nWas expecting one of: <QUOTED_STRING>") == 0);
    CHECK(errorPosOf("SELECT 1;\nCREATE TABLE t (a INT) WITH ('k' = 1)").line == 2);

    CHECK(errorOf("SELECT 1 SELECT 2").find("Encountered \"SELECT\" at line 1, column 10.") == 0);
    CHECK(errorOf("CREATE TABLE t (a INTT)").find("Encountered \"INTT\"") == 0);
    // Nothing of a script with an error comes back.
    CHECK_THROWS_AS(Parser::parseScript("SELECT 1; SELEC 2;"), ParseError);
    CHECK_THROWS_AS(Parser::parseStatement("SELECT 1; SELECT 2"), ParseError);
    CHECK_THROWS_AS(Parser::parseStatement(""), ParseError);
}

TEST_CASE("parser: lexical errors", "[parser]") {
    std::string unclosed = errorOf("SELECT 'abc");
    CHECK(unclosed.find("Lexical error at line 1, column 11. Encountered: <EOF>") == 0);
    CHECK(unclosed.find("\nSELECT 'abc\n          ^") != std::string::npos);
    CHECK(errorOf("SELECT 1 /* never closed").find("Lexical error") == 0);
    CHECK(errorOf("SELECT `abc").find("Lexical error") == 0);
    CHECK(errorOf("SELECT a ? b").find("Lexical error at line 1, column 10. Encountered: \"?\"") == 0);
    CHECK(errorOf("SET 'a' = 'b' # x").find("SQL comments start with '--', not '#' (line 1, column 15)") ==
          0);
    CHECK(errorOf("SELECT '\xff'") == "The SQL text is not valid UTF-8");
    std::string hash = errorOf("# a comment\nSELECT 1");
    CHECK(hash.find("SQL comments start with '--', not '#' (line 1, column 1)") == 0);
}
