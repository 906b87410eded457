// Exact numbers for interval analysis: decimals as written in rule files
// (`12`, `2.5`, `-3`, the `3` of `3%`) and dates as day numbers, compared
// and printed without rounding through a double. Internal to
// dsl/src/analyze.
#ifndef BYLAW_DSL_SRC_ANALYZE_EXACT_NUMBER_H_
#define BYLAW_DSL_SRC_ANALYZE_EXACT_NUMBER_H_

#include <optional>
#include <string>

namespace bylaw::dsl::analyze_internal {

// mantissa / 10^scale.
class ExactNumber {
 public:
  ExactNumber() = default;
  static ExactNumber Integer(long long value);
  // `12`, `-2.50`; nullopt for anything else or too many digits.
  static std::optional<ExactNumber> Parse(const std::string& text);
  // Days since 1970-01-01 of a civil date.
  static ExactNumber FromDate(int year, int month, int day);

  bool IsInteger() const;
  // The greatest integer not above this number.
  ExactNumber Floor() const;
  ExactNumber Plus(long long n) const;
  ExactNumber Negated() const;
  // Exact sum and product (scales add; callers keep operands small).
  ExactNumber Add(const ExactNumber& o) const;
  ExactNumber Times(const ExactNumber& o) const;
  bool IsZero() const { return mantissa_ == 0; }
  // The number as an integer count of 10^-scale units (scale >= the
  // number's own), and back.
  int scale() const { return scale_; }
  __int128 ScaledTo(int scale) const;
  static ExactNumber FromScaled(__int128 mantissa, int scale);
  // (a + b) / 2, exactly.
  static ExactNumber Midpoint(const ExactNumber& a, const ExactNumber& b);

  int Compare(const ExactNumber& o) const;
  bool operator<(const ExactNumber& o) const { return Compare(o) < 0; }
  bool operator==(const ExactNumber& o) const { return Compare(o) == 0; }
  bool operator<=(const ExactNumber& o) const { return Compare(o) <= 0; }

  // `2.5`, `-3`: shortest decimal spelling.
  std::string ToString() const;
  // The integer part as a date `2024-09-02` (for day numbers).
  std::string ToDateString() const;

 private:
  __int128 mantissa_ = 0;
  int scale_ = 0;
};

}  // namespace bylaw::dsl::analyze_internal

#endif  // BYLAW_DSL_SRC_ANALYZE_EXACT_NUMBER_H_
