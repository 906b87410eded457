// Collecting diagnostics (see bylaw/dsl/diagnostic.h).
#include "bylaw/dsl/diagnostic.h"

#include <algorithm>
#include <tuple>

namespace bylaw::dsl {

DiagnosticBuilder& DiagnosticBuilder::Help(std::string help) {
  if (sink_ != nullptr) sink_->diagnostics_[index_].help = std::move(help);
  return *this;
}

DiagnosticBuilder& DiagnosticBuilder::Label(SourceRange range,
                                            std::string message) {
  if (sink_ != nullptr) {
    sink_->diagnostics_[index_].labels.push_back({range, std::move(message)});
  }
  return *this;
}

DiagnosticBuilder DiagnosticSink::Error(std::string code, SourceRange range,
                                        std::string message) {
  return Add(Diagnostic{Severity::kError, std::move(code), std::move(message),
                        range, {}, {}});
}

DiagnosticBuilder DiagnosticSink::Warning(std::string code, SourceRange range,
                                          std::string message) {
  return Add(Diagnostic{Severity::kWarning, std::move(code),
                        std::move(message), range, {}, {}});
}

DiagnosticBuilder DiagnosticSink::Add(Diagnostic diagnostic) {
  if (diagnostic.severity == Severity::kWarning &&
      disabled_.count(diagnostic.code) > 0) {
    // A null sink makes Help/Label no-ops on a dropped warning.
    return DiagnosticBuilder(nullptr, 0);
  }
  if (diagnostic.severity == Severity::kError) ++error_count_;
  diagnostics_.push_back(std::move(diagnostic));
  return DiagnosticBuilder(this, diagnostics_.size() - 1);
}

std::size_t DiagnosticSink::warning_count() const {
  return static_cast<std::size_t>(
      std::count_if(diagnostics_.begin(), diagnostics_.end(),
                    [](const Diagnostic& d) {
                      return d.severity == Severity::kWarning;
                    }));
}

std::vector<Diagnostic> DiagnosticSink::Sorted() const {
  std::vector<Diagnostic> sorted = diagnostics_;
  auto key = [](const Diagnostic& d) {
    return std::tie(d.range.file, d.range.begin, d.severity, d.message);
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const Diagnostic& a, const Diagnostic& b) {
                     return key(a) < key(b);
                   });
  auto same = [](const Diagnostic& a, const Diagnostic& b) {
    return a.code == b.code && a.message == b.message &&
           a.range.file == b.range.file && a.range.begin == b.range.begin &&
           a.range.end == b.range.end;
  };
  sorted.erase(std::unique(sorted.begin(), sorted.end(), same), sorted.end());
  return sorted;
}

}  // namespace bylaw::dsl
