// JSON text written by hand (bylaw/base/json_text.h) is what nlohmann's
// dump() writes: every ASCII byte, text with CJK and emoji, and integers
// at their limits; text that is not UTF-8 is refused, as dump() refuses it.
#include "bylaw/base/json_text.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

namespace base = bylaw::base;

TEST_CASE("strings are escaped as nlohmann escapes them") {
  for (int c = 0; c < 0x80; ++c) {
    const std::string text = "a" + std::string(1, static_cast<char>(c)) + "z";
    std::string mine;
    REQUIRE(base::AppendJsonString(text, &mine));
    INFO(c);
    CHECK(mine == nlohmann::json(text).dump());
  }
  for (const char* text : {"", "南通市 \"综合\" 监管\\", "\xf0\x9f\x98\x80\b\f\x1f", "\t\r\n"}) {
    std::string mine = "prefix:";
    REQUIRE(base::AppendJsonString(text, &mine));
    CHECK(mine == "prefix:" + nlohmann::json(text).dump());
  }
}

TEST_CASE("text that is not UTF-8 is refused") {
  for (const char* bad : {"\xff", "ok\xe5\x8d", "\xed\xa0\x80"}) {
    std::string out;
    CHECK_FALSE(base::AppendJsonString(bad, &out));
  }
}

TEST_CASE("integers are written as nlohmann writes them") {
  for (std::int64_t v :
       {std::int64_t{0}, std::int64_t{-1}, std::int64_t{42},
        std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()}) {
    std::string mine;
    base::AppendInt(v, &mine);
    CHECK(mine == nlohmann::json(v).dump());
  }
  std::string mine;
  base::AppendUnsigned(std::numeric_limits<std::uint64_t>::max(), &mine);
  CHECK(mine == nlohmann::json(std::numeric_limits<std::uint64_t>::max()).dump());
}
