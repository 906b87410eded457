// Compiler diagnostics: the data every stage reports problems with.
//
// Stages never throw for bad input; they add Diagnostics to a sink and keep
// going, so a run reports every problem, not just the first. Rendering is
// separate (diagnostic_render.h). Codes are stable snake_case identifiers
// documented in docs/diagnostics.md; messages are lowercase, without a final
// period, with names in backticks; advice goes in `help`.
//
//   DiagnosticSink sink;
//   sink.Error("unknown_name", range, "unknown name `credit`")
//       .Help("did you mean `credit_class`?");
//
// A sink is not thread-safe.
#ifndef BYLAW_DSL_DIAGNOSTIC_H_
#define BYLAW_DSL_DIAGNOSTIC_H_

#include <set>
#include <string>
#include <vector>

#include "bylaw/dsl/source.h"

namespace bylaw::dsl {

enum class Severity { kError, kWarning, kNote };

// A secondary location that explains the primary one ("first declared here").
struct DiagnosticLabel {
  SourceRange range;
  std::string message;
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;
  std::string message;
  SourceRange range;
  std::vector<DiagnosticLabel> labels;
  std::string help;
};

class DiagnosticSink;

// Returned by DiagnosticSink::Error/Warning to attach optional parts.
class DiagnosticBuilder {
 public:
  DiagnosticBuilder(DiagnosticSink* sink, std::size_t index)
      : sink_(sink), index_(index) {}
  DiagnosticBuilder& Help(std::string help);
  DiagnosticBuilder& Label(SourceRange range, std::string message);

 private:
  DiagnosticSink* sink_;
  std::size_t index_;
};

class DiagnosticSink {
 public:
  DiagnosticBuilder Error(std::string code, SourceRange range,
                          std::string message);
  DiagnosticBuilder Warning(std::string code, SourceRange range,
                            std::string message);
  DiagnosticBuilder Add(Diagnostic diagnostic);

  // Warnings with these codes are dropped when added.
  void DisableWarning(std::string code) { disabled_.insert(std::move(code)); }

  bool has_errors() const { return error_count_ > 0; }
  std::size_t error_count() const { return error_count_; }
  std::size_t warning_count() const;

  // Sorted by file, position, severity, then message; exact duplicates
  // (same code, range and message) are reported once.
  std::vector<Diagnostic> Sorted() const;
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  Diagnostic& at(std::size_t index) { return diagnostics_.at(index); }

 private:
  std::vector<Diagnostic> diagnostics_;
  std::set<std::string> disabled_;
  std::size_t error_count_ = 0;
  friend class DiagnosticBuilder;
};

}  // namespace bylaw::dsl

#endif  // BYLAW_DSL_DIAGNOSTIC_H_
