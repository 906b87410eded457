// The error budget of one parse; see parse_context.h.
#include "parse_context.h"

namespace bylaw::dsl::parse_internal {

bool ParseContext::Error(const std::string& code, SourceRange range,
                         const std::string& message, const std::string& help,
                         const std::vector<DiagnosticLabel>& labels) {
  if (deferred_ != nullptr) {
    deferred_->push_back(DeferredError{code, range, message, help, labels});
    return true;
  }
  if (stopped_) return false;
  if (errors_ >= options_.max_errors) {
    stopped_ = true;
    sink_.Error("too_many_errors", range,
                "too many errors; stopped after " + std::to_string(errors_))
        .Help("fix the errors above and run again");
    return false;
  }
  ++errors_;
  DiagnosticBuilder builder = sink_.Error(code, range, message);
  if (!help.empty()) builder.Help(help);
  for (const DiagnosticLabel& label : labels) {
    builder.Label(label.range, label.message);
  }
  return true;
}

}  // namespace bylaw::dsl::parse_internal
