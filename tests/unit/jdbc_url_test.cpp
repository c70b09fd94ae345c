#include <catch2/catch.hpp>

#include "common/error.h"
#include "connectors/jdbc/jdbc_url.h"

// JDBC URLs into libpq connection strings (no server needed).

using namespace sluice;
using namespace sluice::connectors::jdbc;

TEST_CASE("jdbc url: host, port and database become conninfo keys", "[jdbc]") {
    auto u = JdbcUrl::parse("jdbc:postgresql://127.0.0.1:5432/postgres");
    REQUIRE(u.hosts().size() == 1);
    CHECK(u.hosts()[0].first == "127.0.0.1");
    CHECK(u.hosts()[0].second == "5432");
    CHECK(u.database() == "postgres");
    CHECK(u.conninfo("", "") == "host='127.0.0.1' port='5432' dbname='postgres' application_name='sluice'");
    CHECK(u.describe() == "127.0.0.1:5432/postgres");
}

TEST_CASE("jdbc url: the table's username/password override the URL's; quotes are escaped", "[jdbc]") {
    auto u = JdbcUrl::parse("jdbc:postgresql://db/app?user=url_user&password=url%20pw");
    CHECK(u.user() == "url_user");
    CHECK(u.conninfo("", "") ==
          "host='db' dbname='app' user='url_user' password='url pw' application_name='sluice'");
    CHECK(u.conninfo("o'k", "p\\w'") ==
          "host='db' dbname='app' user='o\\'k' password='p\\\\w\\'' application_name='sluice'");
}

TEST_CASE("jdbc url: several hosts, IPv6, no port, no database", "[jdbc]") {
    auto u = JdbcUrl::parse("jdbc:postgresql://a:5433,[::1]:5434,c/");
    REQUIRE(u.hosts().size() == 3);
    CHECK(u.hosts()[1].first == "::1");
    CHECK(u.conninfo("", "") == "host='a,::1,c' port='5433,5434,' application_name='sluice'");
    CHECK(u.describe() == "a:5433,[::1]:5434,c:5432/<default database>");
    auto local = JdbcUrl::parse("jdbc:postgresql:mydb");
    CHECK(local.database() == "mydb");
    CHECK(local.hosts()[0].first == "localhost");
}

TEST_CASE("jdbc url: parameters with a libpq counterpart are translated, the rest ignored", "[jdbc]") {
    auto u = JdbcUrl::parse(
        "jdbc:postgresql://h:1/d?currentSchema=my%20schema&sslmode=require&connectTimeout=7&"
        "ApplicationName=job&reWriteBatchedInserts=true&targetServerType=master&prepareThreshold=0");
    CHECK(u.currentSchema() == "my schema");
    CHECK(u.conninfo("", "") ==
          "host='h' port='1' dbname='d' sslmode='require' connect_timeout='7' application_name='job' "
          "target_session_attrs='primary' options='-c search_path=my\\\\ schema'");
    CHECK(JdbcUrl::parse("jdbc:postgresql://h/d?ssl=true").conninfo("", "").find("sslmode='verify-full'") !=
          std::string::npos);
}

TEST_CASE("jdbc url: errors name the URL without its password", "[jdbc]") {
    CHECK_THROWS_WITH(JdbcUrl::parse("jdbc:mysql://h:3306/d?password=s3cret"),
                      Catch::Contains("Could not find any jdbc dialect factory that can handle url "
                                      "'jdbc:mysql://h:3306/d?password=******'"));
    CHECK_THROWS_WITH(JdbcUrl::parse("jdbc:postgresql://h:99999/d?password=s3cret"),
                      Catch::Contains("invalid port number '99999'") && !Catch::Contains("s3cret"));
    CHECK_THROWS_WITH(JdbcUrl::parse("jdbc:postgresql:///d"), Catch::Contains("no host after '//'"));
    CHECK_THROWS_WITH(JdbcUrl::parse("jdbc:postgresql://h/d?sslmode=sometimes"),
                      Catch::Contains("sslmode 'sometimes' is not one of"));
    CHECK(JdbcUrl::masked("jdbc:postgresql://h/d?user=u&password=x&ssl=true&PASSWORD=y") ==
          "jdbc:postgresql://h/d?user=u&password=******&ssl=true&PASSWORD=******");
}
