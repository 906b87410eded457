// Progress of the long verbs (`plan`, `eval --batch`) on standard error: on
// a terminal one line redrawn in place with a percentage and an estimated
// time left; off a terminal (a log, a pipe) plain lines now and then, or
// nothing; with `--quiet`, nothing.
#ifndef BYLAW_TOOLS_CLI_PROGRESS_H_
#define BYLAW_TOOLS_CLI_PROGRESS_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace bylaw::cli {

// What has been done so far of one stage of work.
struct ProgressSnapshot {
  std::int64_t count = 0;  // units done (lines, rows, enterprises)
  std::int64_t total = 0;  // units in all; 0 when unknown
  // The share done when it is measured otherwise than by `count` (bytes of
  // the input read); negative when unknown. Used only when `total` is 0.
  double fraction = -1;
  double seconds = 0;  // since the stage started
};

// `0:07`, `12:03`, `1:02:03` (rounded to the second; negative is `0:00`).
std::string FormatDuration(double seconds);

// One report, without line control, e.g.
//   `planning visits  45%  450000/1000000 enterprises  12345/s  ETA 0:45`
//   `evaluating  45%  4500 lines  1500/s  ETA 0:04`        (fraction known)
//   `evaluating  4500 lines  1500/s`                       (nothing known)
// The percentage is floored and stays below 100 until `count` reaches
// `total` (a total that is an estimate may be passed); the ETA assumes the
// rate so far, and is left out in the first half second.
std::string FormatProgress(std::string_view what, std::string_view unit,
                           const ProgressSnapshot& s);

// Writes reports of one verb to a stream (stderr). Not thread-safe: call
// from one thread (the planner's callbacks come from one at a time).
class ProgressReporter {
 public:
  enum class Mode {
    kOff,       // nothing
    kTerminal,  // one line redrawn with `\r`, at most every 0.2 s
    kLines,     // a plain line every `line_interval` seconds and per stage
  };
  // Mode for standard error: kOff with `quiet`; kTerminal when stderr is a
  // terminal; otherwise kLines if `lines_off_terminal`, else kOff.
  static Mode ForStderr(bool quiet, bool lines_off_terminal);

  ProgressReporter(Mode mode, std::FILE* out, double line_interval = 10);
  ~ProgressReporter();  // ends a line left open
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;

  Mode mode() const { return mode_; }
  // A report of stage `what`; a new `what` ends the previous stage's line
  // as it last was. Throttled as the mode says.
  void Update(std::string_view what, std::string_view unit, const ProgressSnapshot& s);
  // The stage is done: its final report, always written (but with kOff).
  void Finish(std::string_view what, std::string_view unit, const ProgressSnapshot& s);

 private:
  void Write(const std::string& text, bool end_line);

  Mode mode_;
  std::FILE* out_;
  double line_interval_;
  std::string stage_;       // the stage of the open line, if any
  bool line_open_ = false;  // kTerminal: a line without its newline yet
  std::size_t width_ = 0;   // its length, to blank what a shorter one leaves
  double last_ = -1;        // seconds of the last report written
};

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_PROGRESS_H_
