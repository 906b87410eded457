// The input space the diff explores: one variable per fact an evaluation
// can read, each with a finite domain of representative values. Internal
// to tools/review; bylaw/review/diff.h is the public entry.
//
// A variable is a traced fact path (`__args.enterprise.region`, without
// `$.`); variables are created the first time an evaluation reads them or
// a facts document needs them. Domains:
//   bool, enum, Matter   every value (enum members of both versions)
//   int, date, decimal,  the points the reached code writes as literals
//   percent              and one value of each run between them; dates
//                        also as_of ± every duration literal (the code
//                        compares `public_since + 1 year` with as_of)
//   text                 every text literal, "" and one other text
//   list<Record>         lengths 0..3 and the int literals up to 6; each
//                        element's fields are variables of their own
//   set<E>, list<E>      empty, each single value, all values
//   T?                   none, and T's domain
// So each representative stands for a class of values on which the code
// cannot tell the difference, except through arithmetic on a field (then
// the class is an approximation, and exactness.h marks the exploration
// incomplete; docs/review.md).
#ifndef BYLAW_REVIEW_SRC_FACT_SPACE_H_
#define BYLAW_REVIEW_SRC_FACT_SPACE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "bundle_view.h"

namespace bylaw::review::review_internal {

// Literals written in the code a probe reaches, by type. Decimals and
// percents are scaled by 10^6 (as in the runtime), dates are day numbers.
struct Literals {
  std::set<std::int64_t> ints, decimals, percents, dates;
  std::set<std::string> texts, durations;

  // Adds every literal found in `code`.
  void Collect(const json& code);
};

// One representative value and the class of values it stands for.
struct Rep {
  json value;          // in the facts encoding; null for none
  std::string text;    // as a region names it: `rudong`, `2`, `{}`
  bool is_none = false;
  // Ordered classes: the integers (or scaled decimals, or days) from lo to
  // hi inclusive; nullopt is unbounded.
  bool ordered = false;
  std::optional<std::int64_t> lo, hi;
};

enum class VarShape {
  kValue,       // a scalar, or a set/list of scalars taken whole
  kRecord,      // a nested record (its fields are variables)
  kListLength,  // the length of a list of records
};

enum class OrderedScale { kNone, kInt, kDecimal, kPercent, kDate };

struct Var {
  std::string path;   // `__args.enterprise.region`
  bundle::Type type;  // without its `optional`
  VarShape shape = VarShape::kValue;
  OrderedScale scale = OrderedScale::kNone;
  std::vector<Rep> domain;
  std::size_t preferred = 0;  // the value chosen when the cell allows it
};

// For each variable id, which representatives a cell allows; a variable
// beyond the end of the vector allows everything.
using Cell = std::vector<std::vector<char>>;

class FactSpace {
 public:
  // `args` are the fields of the probe's argument record; `as_of` the
  // evaluation date (days). Both views must outlive the space.
  FactSpace(const BundleView& old_bundle, const BundleView& new_bundle,
            const std::vector<std::pair<std::string, json>>& args, const Literals& literals,
            std::int64_t as_of);

  // The variable of a traced path (`$.` optional), or -1 when the path
  // names no field of the argument record.
  int VarOf(std::string path);
  const Var& var(int id) const { return vars_[static_cast<std::size_t>(id)]; }
  std::size_t var_count() const { return vars_.size(); }

  // The representative a cell picks for variable `id`.
  std::size_t Pick(const Cell& cell, int id) const;
  bool Allows(const Cell& cell, int id, std::size_t rep) const;

  // The facts document `{"as_of": ..., "__args": {...}}` of the cell's
  // point, with the fields `version`'s records declare.
  std::string FactsJson(const BundleView& version, const Cell& cell,
                        const std::string& as_of_text);

  // How a region names the allowed values of a variable: `= rudong`,
  // `in {A, B}`, `>= 3`, `in [2..5]`; empty when every value is allowed.
  std::string Describe(int id, const std::vector<char>& allowed) const;
  // Describe's text with the machine-readable form; nullopt when every
  // value is allowed.
  std::optional<DiffCondition> Condition(int id, const std::vector<char>& allowed) const;
  // How reports name the variable: the path without `__args.`, and
  // `count(...)` for a list's length.
  std::string FieldName(int id) const;

 private:
  std::optional<bundle::Type> TypeOfPath(const std::string& path) const;
  // The fields of `type` when it is a record either bundle declares.
  const std::vector<bundle::Binding>* Fields(const bundle::Type& type) const;
  Var MakeVar(const std::string& path, const bundle::Type& type) const;
  void ScalarDomain(Var& v, const bundle::Type& type) const;
  json Build(const BundleView& version, const bundle::Type& type, const std::string& path,
             const Cell& cell);

  const BundleView& old_;
  const BundleView& new_;
  std::vector<bundle::Binding> args_;
  Literals literals_;
  std::int64_t as_of_;
  std::vector<Var> vars_;
  std::map<std::string, int, std::less<>> by_path_;
};

// Days since 1970-01-01 and back.
std::string FormatDay(std::int64_t day);
std::optional<std::int64_t> ParseDay(const std::string& text);

}  // namespace bylaw::review::review_internal

#endif  // BYLAW_REVIEW_SRC_FACT_SPACE_H_
