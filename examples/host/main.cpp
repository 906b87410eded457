// bylaw_host: the complete small host program of docs/embedding.md, built by
// the test suite against the installed package (tests/embed).
//
//   bylaw_host BUNDLE.json DECISION [--threads N] [--as-of YYYY-MM-DD]
//              [--trace] < facts.jsonl
//
// Loads a compiled bundle once, evaluates one facts document per input line
// on N worker threads, reloads the bundle from disk while they run (as a
// file watcher would), and writes one JSON result per line, in input order.
// Exit 0 when every line was evaluated (even when the answer is "no"), 1
// when the bundle or a line could not be (that line reads {"error": ...}),
// 2 on usage.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "bylaw/runtime.h"

namespace rt = bylaw::runtime;

namespace {

bool ReadFile(const std::string& path, std::string* out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  out->assign(std::istreambuf_iterator<char>(in), {});
  return true;
}

// JSON string literal for error text (the runtime writes outcomes itself).
std::string Quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

// The first channel: the runtime could not evaluate at all (bad facts,
// unknown decision). Reported to the caller, never turned into an answer.
std::string ErrorJson(const rt::Error& e) {
  std::string out = R"({"error":{"code":)";
  out += Quote(e.code);
  out += R"(,"message":)";
  out += Quote(e.message);
  out += R"(,"details":[)";
  for (std::size_t i = 0; i < e.details.size(); ++i) {
    if (i > 0) out += ',';
    out += Quote(e.details[i]);
  }
  out += "]}}";
  return out;
}

// One request: take a snapshot of the current Rulebook and do everything on
// it, so that a reload in the middle cannot mix two bundles.
std::string EvaluateOne(const rt::Engine& engine, const std::string& decision,
                        const std::string& facts_json,
                        const rt::EvaluateOptions& options, rt::Outcome* outcome,
                        bool* evaluated) {
  std::shared_ptr<const rt::Rulebook> book = engine.Current();
  rt::Result<rt::DecisionRef> d = book->FindDecision(decision);
  if (!d.ok()) return ErrorJson(d.error());
  rt::Result<rt::Facts> facts = book->ParseFacts(*d, facts_json);
  if (!facts.ok()) return ErrorJson(facts.error());
  rt::Status s = book->Evaluate(*d, *facts, options, outcome);
  if (!s.ok()) return ErrorJson(s.error());
  // The second channel: failures inside the rules (a missing fact, a table
  // gap) are in outcome->errors() and the outputs took their fail-closed
  // fallbacks; the host passes them on as data.
  *evaluated = true;
  return outcome->ToJson();
}

int Usage() {
  std::cerr << "usage: bylaw_host BUNDLE.json DECISION [--threads N] "
               "[--as-of YYYY-MM-DD] [--trace] < facts.jsonl\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return Usage();
  const std::string bundle_path = argv[1];
  const std::string decision = argv[2];
  unsigned threads = 4;
  rt::EvaluateOptions options;
  for (int i = 3; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--trace") {
      options.trace = true;
    } else if (arg == "--threads" && i + 1 < argc) {
      threads = static_cast<unsigned>(std::max(1, std::atoi(argv[++i])));
    } else if (arg == "--as-of" && i + 1 < argc) {
      rt::Result<std::int64_t> day = rt::ParseDate(argv[++i]);
      if (!day.ok()) {
        std::cerr << "bylaw_host: " << day.error().ToString() << "\n";
        return 2;
      }
      options.as_of = *day;
    } else {
      return Usage();
    }
  }

  // Load once. The Engine verifies the bundle (format, version, SHA-256)
  // and holds the current Rulebook; nothing of a bad bundle is evaluated.
  rt::Engine engine;
  std::string bytes;
  if (!ReadFile(bundle_path, &bytes)) {
    std::cerr << "bylaw_host: cannot read " << bundle_path << "\n";
    return 1;
  }
  if (rt::Status s = engine.Load(bytes); !s.ok()) {
    std::cerr << "bylaw_host: " << s.error().ToString() << "\n";
    return 1;
  }
  std::cerr << "bylaw_host: loaded " << engine.Current()->hash() << "\n";

  std::vector<std::string> lines;
  for (std::string line; std::getline(std::cin, line);) {
    if (!line.empty()) lines.push_back(std::move(line));
  }
  std::vector<std::string> results(lines.size());
  std::vector<char> evaluated(lines.size(), 0);

  // Workers take lines in turn; each keeps one Outcome and reuses it.
  std::atomic<std::size_t> next{0};
  std::atomic<bool> done{false};
  {
    // Hot reload: re-read the bundle from disk while the workers run. A
    // reload that fails (a half-written file) keeps the current Rulebook.
    std::jthread reloader([&] {
      int reloads = 0;
      do {
        std::string fresh;
        if (ReadFile(bundle_path, &fresh)) {
          if (rt::Status s = engine.Load(fresh); s.ok()) {
            ++reloads;
          } else {
            std::cerr << "bylaw_host: reload kept the current bundle: "
                      << s.error().code << "\n";
          }
        }
      } while (!done.load());
      std::cerr << "bylaw_host: reloaded " << reloads << " times\n";
    });
    std::vector<std::jthread> workers;
    for (unsigned t = 0; t < threads; ++t) {
      workers.emplace_back([&] {
        rt::Outcome outcome;
        for (std::size_t i = next++; i < lines.size(); i = next++) {
          bool ok = false;
          results[i] = EvaluateOne(engine, decision, lines[i], options,
                                   &outcome, &ok);
          evaluated[i] = ok;
        }
      });
    }
    for (std::jthread& w : workers) w.join();
    done = true;
  }

  int failed = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    std::cout << results[i] << "\n";
    failed += evaluated[i] ? 0 : 1;
  }
  std::cerr << "bylaw_host: " << results.size() - failed << " evaluated, "
            << failed << " could not be\n";
  return failed == 0 ? 0 : 1;
}
