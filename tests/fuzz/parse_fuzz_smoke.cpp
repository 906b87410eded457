// A deterministic stand-in for the fuzzer in ordinary (g++) builds: 2000
// seeded mutations of a small ruleset go through the fuzzer's entry
// function; every one must keep the parser's invariants.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "mutate.h"
#include "parse_fuzz_entry.h"

namespace bylaw::dsl::fuzzing {
namespace {

// The short tour of docs/language.md, trimmed: every kind of declaration.
const char kSeed[] = R"(# seed
ruleset demo
  title "示例：信用分类与抽查"
  level municipal
  effective 2025-01-01 until 2026-01-01
import national as nat
enum CreditClass "企业信用风险分类" { A "信用风险低", B, C, D }
reason EXEMPT "无触发不检查" basis "国市监信发〔2022〕6号"
scenario ebike "电动自行车"
facts Enterprise "监管对象" {
  id: text "统一社会信用代码"
  credit_class: CreditClass
  penalties: list<Penalty>?
}
param ratio_a "A类抽查比例": percent = 5% basis "x" unverified
param visits: int { from 2024-01-01 = 3 from 2025-01-01 = 2 note "n" }
matter market_general "双随机抽查" {
  type single
  object Enterprise where credit_class in { A, B }
  methods double_random, on_site
  initiator market
  cooperators fire, emergency
  key true
  basis "国发〔2019〕5号"
}
table sampling "抽查比例" (c: CreditClass, n: int) -> (ratio: percent)
  hit first
  basis "第四条"
{
        | c    | n        || ratio |
  @low  | A    | [1..4)   || 3%    |
  @mid  | B, C | not(0)   || 20%   | priority 2
        | D    | >= 5     || 100%  | effective 2025-01-01
  @else | default         || 0%    |
}
rule no_trigger "无触发不检查" (e: Enterprise) {
  forbid when e.credit_class == A and not e.complaint
  except when e.penalties is not none basis "b" followup notify
  code EXEMPT
  message "A类企业无投诉举报的，不主动检查"
}
scorecard risk (e: Enterprise) -> CreditClass {
  indicator size "规模" weight 0.5: if e.big then 1 else 0
  band [0..60) => A
}
def big(e: Enterprise) -> bool = count(p in e.penalties : p.serious) > 2
let fixture = Enterprise { id: "x\u{4E2D}\n", credit_class: A } with { id: "y" }
decision may_inspect "能否检查" (enterprise: Enterprise) {
  let against = reasons(no_trigger(enterprise))
  output proceed: bool = count(against) == 0 else false
  output ratio: percent = sampling(enterprise.credit_class, 1).ratio
}
test "A类无投诉不检查" {
  as_of 2025-07-01
  given e = Enterprise { id: "x", credit_class: A }
  expect not may_inspect(e).proceed and [1, 2] contains 1 - -3 * 4 / 2
  expect 2024-10-01 + 1 year == 2025-10-01
}
)";

// Fragments that exercise the parser's repairs and limits.
const char* const kDictionary[] = {
    "{", "}", "(", ")", "[", "]", "|", "||", "\"", ",", ":", "->", "=>",
    "..", "@", "-", "not ", "if ", " then ", " else ", "，", "（", "）", "“",
    "”", "、", "部门", "\xff", "\xe4\xb8", "\\u{", "\\q", "&&", ";", "$",
    "2024-02-30", "99999999999999999999", "ruleset ", "table ", "rule ",
    "matter ", "enum ", "\n", "#", "\t", "none", "default", "\xef\xbb\xbf",
};

std::string Mutate(const std::string& s, std::mt19937& rng) {
  static const std::vector<std::string_view> dictionary(std::begin(kDictionary), std::end(kDictionary));
  return bylaw::fuzzing::Mutate(s, rng, dictionary);
}

TEST_CASE("the seed itself parses and keeps the invariants") {
  CHECK(CheckParse(kSeed).empty());
}

TEST_CASE("2000 seeded mutations keep the parser's invariants") {
  std::mt19937 rng(0xB71A);
  for (int i = 0; i < 2000; ++i) {
    const std::string input = Mutate(kSeed, rng);
    const std::string error = CheckParse(input);
    if (!error.empty()) {
      INFO("mutation " << i << ": " << error << "\ninput:\n" << input);
      FAIL();
    }
  }
  SUCCEED("2000 mutations parsed");
}

}  // namespace
}  // namespace bylaw::dsl::fuzzing
