// The bylaw decision service (`bylaw serve`, docs/serve.md): an HTTP server
// over one hot-reloadable Rulebook, on the runtime's public API alone.
//
//   bylaw::serve::ServerOptions options;          // 127.0.0.1, port 8181
//   options.port = 0;                             // an ephemeral port
//   bylaw::serve::Server server(options, [] { return LoadMyBundle(); });
//   if (auto s = server.Reload(); !s.ok()) return Fail(s.error());
//   if (auto s = server.Bind(); !s.ok()) return Fail(s.error());
//   std::thread t([&] { server.Run(); });         // until Stop()
//   ... server.Reload() from a SIGHUP or a file watcher ...
//   server.Stop(); t.join();
//
// Routes (JSON unless said otherwise; errors are {"code", "message",
// "details"} with the runtime's codes):
//   POST /v1/decisions/{name}[?trace=true][&as_of=YYYY-MM-DD]
//        facts document -> 200 and `bylaw eval`'s JSON (compact)
//   POST /v1/decisions/{name}/batch   JSON Lines -> JSON Lines, as
//        `bylaw eval --batch` (blank lines skipped, bad lines answered with
//        {"line": N, "error": {...}})
//   GET  /v1/health     {"status": "ok", "bundle": "sha256:..."}
//   GET  /v1/bundle     {"hash", "rulesets", "decisions": [{"name", "schema"}]}
//   GET  /metrics       Prometheus text format 0.0.4
// Bad input is a 4xx, never a 5xx: 400 (facts_not_json, facts_invalid,
// invalid_query, limit_exceeded, param_override), 401 (unauthorized), 404
// (unknown_decision, not_found), 405 (method_not_allowed), 413
// (body_too_large). A 5xx means the service itself failed: 500
// audit_log_io (the decision was not logged), 503 no_rulebook.
#ifndef BYLAW_SERVE_SERVER_H_
#define BYLAW_SERVE_SERVER_H_

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "bylaw/audit_log.h"
#include "bylaw/runtime.h"

namespace bylaw::serve {

struct ServerOptions {
  // Where to listen. Loopback by default: exposing the service is a
  // deliberate choice (docs/serve.md puts a proxy with TLS in front).
  std::string host = "127.0.0.1";
  // 0: an ephemeral port, read back with Server::port() after Bind().
  int port = 8181;
  // Worker threads answering requests.
  int threads = 8;
  // When set, every request needs `Authorization: Bearer <token>`.
  std::string token;
  // Largest request body; a larger one is answered 413 unread.
  std::size_t max_body_bytes = 8u << 20;
  // When set, every evaluated decision is appended to this log (owned by
  // the server from then on). Thread-safe (AuditLog).
  std::shared_ptr<runtime::AuditLog> audit_log;
  // Operational messages: which bundle is served (problem false), a
  // refused reload or an internal error (problem true). Unset: discarded.
  // Called from any thread, one call at a time.
  std::function<void(bool problem, const std::string& message)> log;
};

// What Reload() calls to get the next Rulebook: compiling rule files or
// reading and verifying a bundle. Errors are reported and refused.
using RulebookLoader =
    std::function<runtime::Result<std::shared_ptr<const runtime::Rulebook>>()>;

// The service. Not copyable. Reload, Stop, port and the handlers are
// thread-safe; Bind then Run are called once, in that order, by one thread.
class Server {
 public:
  Server(ServerOptions options, RulebookLoader loader);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Loads the next Rulebook through the loader and swaps it in atomically:
  // a request runs on one snapshot from start to end. On failure the
  // current one keeps serving; the failure is logged and returned.
  runtime::Status Reload();

  // Binds the listening socket. Error `listen_failed`.
  runtime::Status Bind();
  // The bound port (after Bind).
  int port() const;
  // Serves until Stop(). False when the server could not run.
  bool Run();
  void Stop();

  // The current Rulebook (null before the first successful Reload).
  std::shared_ptr<const runtime::Rulebook> current() const;

  // Tests and fuzzing only: answers the raw HTTP/1.1 request bytes as one
  // request on a connection closed after it, through the same parsing,
  // routing and handlers as Run(), without a socket (Bind not needed), and
  // returns the raw response bytes (status line, headers, body).
  std::string FUZZING_ONLY_Handle(std::string_view request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bylaw::serve

#endif  // BYLAW_SERVE_SERVER_H_
