// The progress line of `plan` and `eval --batch` (tools/cli/progress.h):
// the text of one report, and what the reporter writes in each mode.
#include "progress.h"

#include <cstdio>
#include <cstdlib>
#include <string>

#include <catch2/catch.hpp>

namespace {

using bylaw::cli::FormatDuration;
using bylaw::cli::FormatProgress;
using bylaw::cli::ProgressReporter;
using bylaw::cli::ProgressSnapshot;

// Everything a reporter wrote, read back from a memory stream.
struct Capture {
  char* data = nullptr;
  std::size_t size = 0;
  std::FILE* file = open_memstream(&data, &size);
  ~Capture() { std::free(data); }
  std::string Text() {
    std::fflush(file);
    return std::string(data, size);
  }
};

}  // namespace

TEST_CASE("durations read as m:ss or h:mm:ss") {
  struct Case {
    double seconds;
    const char* text;
  };
  static const Case kCases[] = {{0, "0:00"},     {-3, "0:00"},       {7.4, "0:07"},
                                {59.6, "1:00"},  {723, "12:03"},     {3723, "1:02:03"},
                                {36000, "10:00:00"}};
  for (const Case& c : kCases) {
    CAPTURE(c.seconds);
    CHECK(FormatDuration(c.seconds) == c.text);
  }
}

TEST_CASE("a report shows the share done, the rate and the time left") {
  struct Case {
    ProgressSnapshot s;
    const char* text;
  };
  static const Case kCases[] = {
      // 450 of 1000 in 9 s: 50 a second, 550 left take 11 s.
      {{450, 1000, -1, 9}, "planning  45%  450/1000 enterprises  50/s  ETA 0:11"},
      // A share from elsewhere (bytes read), the count alone.
      {{300, 0, 0.25, 6}, "planning  25%  300 enterprises  50/s  ETA 0:18"},
      // Nothing known but the count.
      {{300, 0, -1, 6}, "planning  300 enterprises  50/s"},
      // An estimated total that was short: never 100% before the end.
      {{1200, 1000, -1, 6}, "planning  100%  1200/1000 enterprises  200/s  in 0:06"},
      {{999, 1000, -1, 9.99}, "planning  99%  999/1000 enterprises  100/s  ETA 0:00"},
      {{0, 0, 0.9999, 1}, "planning  99%  0 enterprises  0/s  ETA 0:00"},
      // Done: the time it took instead of the time left.
      {{1000, 1000, -1, 125}, "planning  100%  1000/1000 enterprises  8/s  in 2:05"},
      // Too early for a rate or an estimate.
      {{10, 1000, -1, 0}, "planning  1%  10/1000 enterprises"},
      {{10, 1000, -1, 0.2}, "planning  1%  10/1000 enterprises  50/s"},
  };
  for (const Case& c : kCases) {
    CAPTURE(c.text);
    CHECK(FormatProgress("planning", "enterprises", c.s) == c.text);
  }
}

TEST_CASE("on a terminal the line is redrawn in place and ended by the stage's end") {
  Capture out;
  {
    ProgressReporter r(ProgressReporter::Mode::kTerminal, out.file);
    r.Update("reading", "rows", {100, 1000, -1, 1});
    r.Update("reading", "rows", {150, 1000, -1, 1.1});  // within 0.2 s: not drawn
    r.Update("reading", "rows", {5000, 10000, -1, 2});   // longer, then shorter
    r.Update("reading", "rows", {9000, 10000, -1, 3});
    r.Finish("reading", "rows", {10000, 10000, -1, 4});
  }
  const std::string a = FormatProgress("reading", "rows", {100, 1000, -1, 1});
  const std::string b = FormatProgress("reading", "rows", {5000, 10000, -1, 2});
  const std::string c = FormatProgress("reading", "rows", {9000, 10000, -1, 3});
  const std::string d = FormatProgress("reading", "rows", {10000, 10000, -1, 4});
  auto pad = [](const std::string& text, std::size_t width) {
    return text + std::string(width > text.size() ? width - text.size() : 0, ' ');
  };
  CHECK(out.Text() == "\r" + a + "\r" + pad(b, a.size()) + "\r" + pad(c, b.size()) + "\r" +
                          pad(d, c.size()) + "\n");
}

TEST_CASE("a new stage on a terminal ends the last one's line as it was") {
  Capture out;
  {
    ProgressReporter r(ProgressReporter::Mode::kTerminal, out.file);
    r.Update("one", "rows", {1, 2, -1, 1});
    r.Update("two", "rows", {1, 4, -1, 1});
  }  // the open line is ended when the reporter goes
  CHECK(out.Text() == "\r" + FormatProgress("one", "rows", {1, 2, -1, 1}) + "\n\r" +
                          FormatProgress("two", "rows", {1, 4, -1, 1}) + "\n");
}

TEST_CASE("off a terminal: plain lines now and then, and each stage's end") {
  Capture out;
  {
    ProgressReporter r(ProgressReporter::Mode::kLines, out.file, /*line_interval=*/10);
    r.Update("reading", "rows", {1, 100, -1, 1});    // a short start: nothing
    r.Update("reading", "rows", {5, 100, -1, 9});    // still under 10 s
    r.Update("reading", "rows", {50, 100, -1, 12});  // a line
    r.Update("reading", "rows", {60, 100, -1, 15});  // 3 s later: nothing
    r.Update("reading", "rows", {90, 100, -1, 23});  // a line
    r.Finish("reading", "rows", {100, 100, -1, 25});
    r.Finish("short", "rows", {3, 3, -1, 0.1});  // a stage under 10 s: its end only
  }
  const std::string text = out.Text();
  CHECK(text == FormatProgress("reading", "rows", {50, 100, -1, 12}) + "\n" +
                    FormatProgress("reading", "rows", {90, 100, -1, 23}) + "\n" +
                    FormatProgress("reading", "rows", {100, 100, -1, 25}) + "\n" +
                    FormatProgress("short", "rows", {3, 3, -1, 0.1}) + "\n");
  CHECK(text.find('\r') == std::string::npos);
}

TEST_CASE("off writes nothing") {
  Capture out;
  {
    ProgressReporter r(ProgressReporter::Mode::kOff, out.file);
    r.Update("reading", "rows", {1, 100, -1, 100});
    r.Finish("reading", "rows", {100, 100, -1, 200});
  }
  CHECK(out.Text().empty());
}
