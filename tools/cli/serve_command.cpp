// `bylaw serve` (see serve_command.h): flags, the loader, signals and the
// file watcher around bylaw::serve::Server.
#include "serve_command.h"

#include <pthread.h>
#include <signal.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "audit_command.h"
#include "bylaw/serve/server.h"
#include "facts_input.h"

namespace bylaw::cli {
namespace {

namespace rt = bylaw::runtime;
namespace fs = std::filesystem;

struct ServeArgs {
  RulesInput rules;
  std::string listen = "127.0.0.1:8181";
  bool watch = false;
  std::string token_file;
  int threads = 8;
  std::size_t max_body = 8u << 20;
  int watch_ms = 1000;
};

// The next Rulebook from the same flags, every error kept with its code.
rt::Result<std::shared_ptr<const rt::Rulebook>> Load(const RulesInput& input) {
  if (!input.bundle_path.empty()) {
    std::string bytes;
    if (!ReadText(input.bundle_path, &bytes)) {
      return rt::Error{"bundle_unreadable", "cannot read `" + input.bundle_path + "`", {}};
    }
    // --trust: a refused signature is refused like a corrupt bundle, and the
    // bundle already serving keeps serving.
    auto options = TrustLoadOptions(input);
    if (!options.ok()) return options.error();
    return rt::LoadBundle(bytes, *options);
  }
  std::ostringstream err;
  std::optional<LoadedRules> loaded = LoadRules(input, "serve", err);
  if (!loaded) {
    rt::Error e{"rules_invalid", "the rules did not compile or load", {}};
    std::string line;
    std::istringstream lines(err.str());
    while (std::getline(lines, line)) e.details.push_back(line);
    return e;
  }
  return loaded->book;
}

// What --watch compares: each watched file's path, size and mtime, in a
// fixed order. A directory contributes its *.bylaw files, recursively.
std::string Fingerprint(const RulesInput& input) {
  std::vector<std::string> roots = input.paths;
  if (!input.bundle_path.empty()) roots = {input.bundle_path};
  std::string out;
  std::error_code ec;
  auto add = [&](const fs::path& p) {
    auto size = fs::file_size(p, ec);
    auto time = fs::last_write_time(p, ec);
    out += p.string() + '\t' + std::to_string(ec ? 0 : size) + '\t' +
           std::to_string(ec ? 0 : time.time_since_epoch().count()) + '\n';
  };
  for (const std::string& root : roots) {
    if (fs::is_directory(root, ec)) {
      std::vector<fs::path> files;
      for (fs::recursive_directory_iterator it(root, ec), end; !ec && it != end;
           it.increment(ec)) {
        if (it->path().extension() == ".bylaw") files.push_back(it->path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) add(f);
    } else {
      add(root);
    }
  }
  return out;
}

bool ParseListen(const std::string& listen, std::string* host, int* port) {
  const std::size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  *host = listen.substr(0, colon);
  if (host->size() > 2 && host->front() == '[' && host->back() == ']') {
    *host = host->substr(1, host->size() - 2);  // [::1]:8181
  }
  const std::string digits = listen.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 ||
      digits.find_first_not_of("0123456789") != std::string::npos) {
    return false;
  }
  *port = std::stoi(digits);
  return *port <= 65535;
}

int RunServe(const ServeArgs& args, const AuditLogFlags& log_flags) {
  auto usage = [](const std::string& message) {
    std::cerr << "bylaw serve: " << message << "\n";
    return kExitUsage;
  };
  if (args.rules.paths.empty() == args.rules.bundle_path.empty()) {
    return usage("give rule files or --bundle FILE (one of the two)");
  }
  serve::ServerOptions options;
  if (!ParseListen(args.listen, &options.host, &options.port)) {
    return usage("--listen: expected HOST:PORT, got `" + args.listen + "`");
  }
  if (args.threads < 1 || args.threads > 1024) return usage("--threads: 1 to 1024");
  options.threads = args.threads;
  options.max_body_bytes = args.max_body;
  if (!args.token_file.empty()) {
    if (!ReadText(args.token_file, &options.token)) {
      std::cerr << "bylaw serve: cannot read the token file `" << args.token_file << "`\n";
      return kExitErrors;
    }
    const std::size_t end = options.token.find_last_not_of(" \t\r\n");
    options.token.resize(end == std::string::npos ? 0 : end + 1);
    if (options.token.empty()) return usage("the token file is empty");
  }
  bool log_failed = false;
  std::unique_ptr<rt::AuditLog> log = OpenAuditLog(log_flags, "serve", &log_failed);
  if (log_failed) return kExitErrors;
  options.audit_log = std::move(log);
  options.log = [](bool problem, const std::string& message) {
    if (problem) {
      spdlog::warn("serve: {}", message);
    } else {
      spdlog::info("serve: {}", message);
    }
  };

  // Signals go to one thread (sigwait), not to whichever worker runs:
  // blocked here, before any thread starts, and inherited by all of them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGHUP);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  const RulesInput rules = args.rules;
  serve::Server server(options, [rules] { return Load(rules); });
  if (rt::Status s = server.Reload(); !s.ok()) {
    PrintError("serve", s.error(), std::cerr);
    return kExitErrors;
  }
  if (rt::Status s = server.Bind(); !s.ok()) {
    PrintError("serve", s.error(), std::cerr);
    return kExitErrors;
  }
  std::cout << "listening on " << args.listen.substr(0, args.listen.rfind(':')) << ":"
            << server.port() << std::endl;

  std::atomic<bool> stopping{false}, returned{false};
  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        spdlog::info("serve: SIGHUP: reloading");
        server.Reload();
        continue;
      }
      stopping = true;
      // Stop() before Run() has started listening would be lost: repeat.
      while (!returned) {
        server.Stop();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
      return;
    }
  });
  std::thread watch_thread;
  if (args.watch) {
    watch_thread = std::thread([&] {
      std::string seen = Fingerprint(rules);
      while (!stopping) {
        std::this_thread::sleep_for(std::chrono::milliseconds(args.watch_ms));
        std::string now = Fingerprint(rules);
        if (now != seen) {
          seen = std::move(now);
          spdlog::info("serve: the rules changed: reloading");
          server.Reload();
        }
      }
    });
  }
  const bool ran = server.Run();
  returned = true;
  if (!stopping) kill(getpid(), SIGTERM);  // wakes the signal thread
  signal_thread.join();
  if (watch_thread.joinable()) watch_thread.join();
  if (!ran && !stopping) {
    std::cerr << "bylaw serve: the server stopped unexpectedly\n";
    return kExitErrors;
  }
  return kExitOk;
}

}  // namespace

void RegisterServeCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ServeArgs>();
  auto log_flags = std::make_shared<AuditLogFlags>();
  CLI::App* cmd = app.add_subcommand("serve", "Serve decisions over HTTP (docs/serve.md)");
  cmd->add_option("paths", args->rules.paths, "Rule files, or directories searched for *.bylaw");
  cmd->add_option("--rules", args->rules.paths, "Rule files or directories (as the paths)");
  cmd->add_option("--bundle", args->rules.bundle_path,
                  "A compiled bundle (bylaw compile) instead of rule files");
  cmd->add_option("--root", args->rules.root, "Directory imports are resolved from");
  AddTrustOption(cmd, &args->rules);
  cmd->add_option("--listen", args->listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  cmd->add_flag("--watch", args->watch, "Reload when the bundle or rule files change");
  cmd->add_option("--watch-ms", args->watch_ms, "How often --watch looks, in ms")
      ->capture_default_str();
  cmd->add_option("--token-file", args->token_file,
                  "Require `Authorization: Bearer <the file's content>`");
  cmd->add_option("--threads", args->threads, "Worker threads")->capture_default_str();
  cmd->add_option("--max-body", args->max_body, "Largest request body in bytes (else 413)")
      ->capture_default_str();
  AddAuditLogFlags(cmd, *log_flags);
  cmd->callback([args, log_flags, &exit_code] { exit_code = RunServe(*args, *log_flags); });
}

}  // namespace bylaw::cli
