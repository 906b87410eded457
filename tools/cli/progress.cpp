// Progress on standard error (see progress.h).
#include "progress.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace bylaw::cli {

std::string FormatDuration(double seconds) {
  const long long total = seconds > 0 ? std::llround(seconds) : 0;
  const long long h = total / 3600, m = total / 60 % 60, s = total % 60;
  char buffer[48];
  if (h > 0) {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld:%02lld", h, m, s);
  } else {
    std::snprintf(buffer, sizeof buffer, "%lld:%02lld", m, s);
  }
  return buffer;
}

std::string FormatProgress(std::string_view what, std::string_view unit,
                           const ProgressSnapshot& s) {
  double fraction = -1;
  if (s.total > 0) {
    fraction = static_cast<double>(s.count) / static_cast<double>(s.total);
  } else if (s.fraction >= 0) {
    fraction = s.fraction;
  }
  const bool complete = s.total > 0 ? s.count >= s.total : fraction >= 1;
  std::string text(what);
  if (fraction >= 0) {
    // Floored, and never 100 before the end: an estimated total may be short.
    int percent = static_cast<int>(std::floor(std::min(fraction, 1.0) * 100));
    if (!complete) percent = std::min(percent, 99);
    text += "  " + std::to_string(percent) + "%";
  }
  text += "  " + std::to_string(s.count);
  if (s.total > 0) text += "/" + std::to_string(s.total);
  text += " ";
  text += unit;
  if (s.seconds > 0) {
    char rate[32];
    std::snprintf(rate, sizeof rate, "  %.0f/s", static_cast<double>(s.count) / s.seconds);
    text += rate;
  }
  if (fraction > 0 && !complete && s.seconds >= 0.5) {
    text += "  ETA " + FormatDuration(s.seconds * (1 - std::min(fraction, 1.0)) / fraction);
  } else if (complete && s.seconds > 0) {
    text += "  in " + FormatDuration(s.seconds);
  }
  return text;
}

ProgressReporter::Mode ProgressReporter::ForStderr(bool quiet, bool lines_off_terminal) {
  if (quiet) return Mode::kOff;
  if (isatty(STDERR_FILENO)) return Mode::kTerminal;
  return lines_off_terminal ? Mode::kLines : Mode::kOff;
}

ProgressReporter::ProgressReporter(Mode mode, std::FILE* out, double line_interval)
    : mode_(mode), out_(out), line_interval_(line_interval) {}

ProgressReporter::~ProgressReporter() {
  if (line_open_) std::fputc('\n', out_);
}

void ProgressReporter::Update(std::string_view what, std::string_view unit,
                              const ProgressSnapshot& s) {
  if (mode_ == Mode::kOff) return;
  if (what != stage_) {
    if (line_open_) Write("", /*end_line=*/true);  // the last stage as it was
    stage_ = what;
    last_ = -1;
  }
  const double interval = mode_ == Mode::kTerminal ? 0.2 : line_interval_;
  if (last_ >= 0 && s.seconds - last_ < interval) return;
  if (mode_ == Mode::kLines && last_ < 0 && s.seconds < line_interval_) {
    last_ = 0;  // off a terminal, a short stage prints only its end
    return;
  }
  last_ = s.seconds;
  Write(FormatProgress(what, unit, s), /*end_line=*/mode_ == Mode::kLines);
}

void ProgressReporter::Finish(std::string_view what, std::string_view unit,
                              const ProgressSnapshot& s) {
  if (mode_ == Mode::kOff) return;
  if (what != stage_ && line_open_) Write("", /*end_line=*/true);
  Write(FormatProgress(what, unit, s), /*end_line=*/true);
  stage_.clear();
  last_ = -1;
}

void ProgressReporter::Write(const std::string& text, bool end_line) {
  if (mode_ == Mode::kTerminal) {
    if (text.empty()) {  // end the open line as it stands
      std::fputc('\n', out_);
      line_open_ = false;
      width_ = 0;
      std::fflush(out_);
      return;
    }
    // Over the line in place; spaces blank what a longer one left.
    std::string line = "\r" + text;
    if (text.size() < width_) line.append(width_ - text.size(), ' ');
    width_ = end_line ? 0 : text.size();
    if (end_line) line += "\n";
    std::fputs(line.c_str(), out_);
    line_open_ = !end_line;
  } else if (!text.empty()) {
    std::fputs((text + "\n").c_str(), out_);
  }
  std::fflush(out_);
}

}  // namespace bylaw::cli
