// Server (bylaw/serve/server.h) on cpp-httplib.
#include "bylaw/serve/server.h"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "bylaw/runtime/facts_schema.h"
#include "metrics.h"

namespace bylaw::serve {
namespace {

namespace rt = bylaw::runtime;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr const char* kJson = "application/json";
constexpr const char* kJsonLines = "application/x-ndjson";

// Messages quote the request (a path, a decision name), which may be
// any bytes: invalid UTF-8 is written as U+FFFD instead of throwing.
std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json ErrorObject(const rt::Error& e) {
  return json{{"code", e.code}, {"message", e.message}, {"details", e.details}};
}

std::string ErrorJson(const rt::Error& e) { return Dump(ErrorObject(e)); }

// The HTTP status of a runtime error: what the caller got wrong is a 4xx;
// only the service's own failures are 5xx.
int StatusOf(const std::string& code) {
  if (code == "unknown_decision") return 404;
  if (code == "audit_log_io" || code == "internal") return 500;
  if (code == "no_rulebook") return 503;
  return 400;  // facts_not_json, facts_invalid, invalid_query, limit_exceeded, ...
}

// Which metrics route a path belongs to (a bounded label set).
std::string RouteOf(const std::string& path) {
  if (path.rfind("/v1/decisions/", 0) == 0) {
    return path.size() > 6 && path.compare(path.size() - 6, 6, "/batch") == 0 ? "batch"
                                                                              : "decision";
  }
  if (path == "/v1/health") return "health";
  if (path == "/v1/bundle") return "bundle";
  if (path == "/metrics") return "metrics";
  return "other";
}

// Compares without an early exit, so that the time taken says nothing of
// how much of a guessed token was right.
bool SameToken(std::string_view a, std::string_view b) {
  unsigned diff = a.size() == b.size() ? 0u : 1u;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i]) ^
            static_cast<unsigned char>(i < b.size() ? b[i] : 0);
  }
  return diff == 0;
}

// When the request was routed, on this worker thread (httplib runs the
// pre-routing handler, the route and the logger on one thread).
thread_local Clock::time_point t_started;
thread_local bool t_timed = false;

// httplib's request handling (parsing, routing, our handlers, the
// response), reachable without a socket for Server::FUZZING_ONLY_Handle.
class HttpServer : public httplib::Server {
 public:
  using httplib::Server::process_request;
};

// A connection whose input is the given bytes and whose output is kept.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string_view in) : in_(in) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, in_.size() - pos_);
    in_.copy(ptr, n, pos_);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, size_t size) override {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 0;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 0;
  }
  socket_t socket() const override { return INVALID_SOCKET; }
  std::string& out() { return out_; }

 private:
  std::string_view in_;
  std::size_t pos_ = 0;
  std::string out_;
};

}  // namespace

struct Server::Impl {
  ServerOptions options;
  RulebookLoader loader;
  rt::Engine engine;  // holds the current snapshot, swapped atomically
  std::mutex reload_mu;  // one reload at a time
  std::mutex log_mu;
  serve_internal::Metrics metrics;
  HttpServer http;
  int port = 0;

  void Log(bool problem, const std::string& message) {
    if (!options.log) return;
    std::lock_guard<std::mutex> lock(log_mu);
    options.log(problem, message);
  }

  void Fail(httplib::Response& res, const rt::Error& e, int status = 0) {
    res.status = status != 0 ? status : StatusOf(e.code);
    res.set_content(ErrorJson(e), kJson);
    metrics.CountError(e.code);
  }

  // The query's EvaluateOptions; unknown keys and bad values refused. Read
  // from the target, not req.params, which also holds the fields of a
  // form-encoded body (what `curl -d` sends). The query's text becomes the
  // JSON options object the runtime maps (rt::ParseEvaluateOptions, as the
  // C API's): `true`/`1` and `false`/`0` for the booleans, a string for
  // `as_of`; any other text for a boolean is refused here.
  bool Options(const httplib::Request& req, httplib::Response& res,
               rt::EvaluateOptions* options) {
    httplib::Params query;
    const std::size_t mark = req.target.find('?');
    if (mark != std::string::npos) {
      httplib::detail::parse_query_text(req.target.substr(mark + 1), query);
    }
    json given = json::object();
    for (const auto& [key, value] : query) {
      if (key == "trace" || key == "trace_tables_and_rules_only") {
        if (value == "true" || value == "1") {
          given[key] = true;
        } else if (value == "false" || value == "0") {
          given[key] = false;
        } else {
          Fail(res,
               {"invalid_query", "`" + key + "` must be true or false, got `" + value + "`", {}});
          return false;
        }
      } else if (key == "as_of") {
        given[key] = value;
      } else {
        Fail(res, {"invalid_query",
                   "unknown query parameter `" + key + "`",
                   {"known: trace, trace_tables_and_rules_only, as_of"}});
        return false;
      }
    }
    rt::Result<rt::EvaluateOptions> parsed =
        rt::ParseEvaluateOptions(given.dump(-1, ' ', false, json::error_handler_t::replace));
    if (!parsed.ok()) {
      const rt::Error& e = parsed.error();
      Fail(res, {"invalid_query",
                 e.code == "invalid_date" ? "`as_of` must be a date YYYY-MM-DD, got `" +
                                                given["as_of"].get<std::string>() + "`"
                                          : e.message,
                 {}});
      return false;
    }
    *options = std::move(*parsed);
    return true;
  }

  // The outcome as `bylaw eval` prints it: with "trace": null when the
  // trace was not asked for (it may have been recorded for the log).
  static void AppendOutcome(const rt::Outcome& o, bool trace, std::string* out) {
    const std::size_t start = out->size();
    o.AppendJson(out, trace);
    if (!trace && out->size() > start && out->back() == '}') {
      out->pop_back();
      out->append(out->back() == '{' ? "\"trace\":null}" : ",\"trace\":null}");
    }
  }

  void Decide(const httplib::Request& req, httplib::Response& res, bool batch) {
    std::shared_ptr<const rt::Rulebook> book = engine.Current();
    if (!book) return Fail(res, {"no_rulebook", "no bundle is loaded", {}});
    rt::Result<rt::DecisionRef> d = book->FindDecision(req.matches[1].str());
    if (!d.ok()) return Fail(res, d.error());
    rt::EvaluateOptions options;
    if (!Options(req, res, &options)) return;
    const bool trace = options.trace;
    rt::AuditLog* log = options_log();
    rt::Outcome outcome;
    std::string out;
    auto evaluate = [&](std::string_view text) -> rt::Status {
      rt::Result<rt::Facts> facts = book->ParseFacts(*d, text);
      if (!facts.ok()) return facts.error();
      return log != nullptr
                 ? log->EvaluateLogged(*book, *d, *facts, text, options, &outcome)
                 : book->Evaluate(*d, *facts, options, &outcome);
    };
    if (!batch) {
      rt::Status s = evaluate(req.body);
      if (!s.ok()) return Fail(res, s.error());
      AppendOutcome(outcome, trace, &out);
      metrics.CountDecisions(std::string(d->name()), 1);
      res.status = 200;
      res.set_content(out, kJson);  // copied: httplib takes a const std::string&
      return;
    }
    // JSON Lines: one answer per non-blank line, numbered as in the body.
    std::string_view body = req.body;
    std::size_t number = 0, evaluated = 0;
    while (!body.empty()) {
      const std::size_t nl = body.find('\n');
      std::string_view line = body.substr(0, nl);
      body = nl == std::string_view::npos ? std::string_view() : body.substr(nl + 1);
      ++number;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
      rt::Status s = evaluate(line);
      if (s.ok()) {
        AppendOutcome(outcome, trace, &out);
        ++evaluated;
      } else {
        if (StatusOf(s.error().code) >= 500) return Fail(res, s.error());
        metrics.CountError(s.error().code);
        const rt::Error& e = s.error();
        out += Dump(json{{"line", number}, {"error", ErrorObject(e)}});
      }
      out.push_back('\n');
    }
    metrics.CountDecisions(std::string(d->name()), evaluated);
    res.status = 200;
    res.set_content(out, kJsonLines);
  }

  rt::AuditLog* options_log() { return options.audit_log.get(); }

  void Bundle(httplib::Response& res) {
    std::shared_ptr<const rt::Rulebook> book = engine.Current();
    if (!book) return Fail(res, {"no_rulebook", "no bundle is loaded", {}});
    json decisions = json::array();
    for (const std::string& name : book->decision_names()) {
      json entry = {{"name", name}};
      rt::Result<rt::DecisionRef> d = book->FindDecision(name);
      if (d.ok()) {
        rt::Result<std::string> schema = rt::FactsSchema(*book, *d);
        if (schema.ok()) entry["schema"] = json::parse(*schema, nullptr, false);
      }
      decisions.push_back(std::move(entry));
    }
    json j = {{"hash", book->hash()}, {"rulesets", book->rulesets()},
              {"decisions", std::move(decisions)}};
    res.set_content(Dump(j), kJson);
  }

  void Routes() {
    const std::string decision = R"(/v1/decisions/([^/]+))";
    const std::string batch = R"(/v1/decisions/([^/]+)/batch)";
    http.Post(decision, [this](const httplib::Request& req, httplib::Response& res) {
      Decide(req, res, false);
    });
    http.Post(batch, [this](const httplib::Request& req, httplib::Response& res) {
      Decide(req, res, true);
    });
    http.Get("/v1/health", [this](const httplib::Request&, httplib::Response& res) {
      std::shared_ptr<const rt::Rulebook> book = engine.Current();
      if (!book) return Fail(res, {"no_rulebook", "no bundle is loaded", {}});
      res.set_content(Dump(json{{"status", "ok"}, {"bundle", book->hash()}}), kJson);
    });
    http.Get("/v1/bundle",
             [this](const httplib::Request&, httplib::Response& res) { Bundle(res); });
    http.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
      std::shared_ptr<const rt::Rulebook> book = engine.Current();
      res.set_content(metrics.Render(book ? book->hash() : std::string_view()),
                      "text/plain; version=0.0.4");
    });
    // The other methods on known paths: 405 with the one that is allowed.
    auto not_allowed = [this](const char* allow) {
      return [this, allow](const httplib::Request& req, httplib::Response& res) {
        res.set_header("Allow", allow);
        Fail(res, {"method_not_allowed", req.method + " is not allowed on " + req.path, {}},
             405);
      };
    };
    for (const std::string& path : {decision, batch}) {
      http.Get(path, not_allowed("POST"));
      http.Put(path, not_allowed("POST"));
      http.Delete(path, not_allowed("POST"));
    }
    for (const char* path : {"/v1/health", "/v1/bundle", "/metrics"}) {
      http.Post(path, not_allowed("GET"));
      http.Put(path, not_allowed("GET"));
      http.Delete(path, not_allowed("GET"));
    }
  }

  void Hooks() {
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      t_started = Clock::now();
      t_timed = true;
      if (options.token.empty()) return httplib::Server::HandlerResponse::Unhandled;
      const std::string header = req.get_header_value("Authorization");
      const std::string_view prefix = "Bearer ";
      if (header.rfind(prefix, 0) == 0 &&
          SameToken(std::string_view(header).substr(prefix.size()), options.token)) {
        return httplib::Server::HandlerResponse::Unhandled;
      }
      res.set_header("WWW-Authenticate", "Bearer");
      Fail(res, {"unauthorized", "a valid `Authorization: Bearer` token is required", {}}, 401);
      return httplib::Server::HandlerResponse::Handled;
    });
    // Answers httplib makes itself (404 of an unknown path, 413, 400 of a
    // malformed request) get a JSON body like every other error.
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
      rt::Error e;
      switch (res.status) {
        case 404: e = {"not_found", "no route " + req.method + " " + req.path, {}}; break;
        case 413:
          e = {"body_too_large",
               "the request body is larger than " + std::to_string(options.max_body_bytes) +
                   " bytes",
               {}};
          break;
        default: e = {"bad_request", "malformed HTTP request", {}}; break;
      }
      Fail(res, e, res.status);
      return httplib::Server::HandlerResponse::Handled;
    }));
    http.set_exception_handler(
        [this](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
          std::string what = "unknown exception";
          try {
            if (ep) std::rethrow_exception(ep);
          } catch (const std::exception& e) {
            what = e.what();
          } catch (...) {
          }
          Log(true, "internal error: " + what);
          Fail(res, {"internal", what, {}}, 500);
        });
    http.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
      double seconds = -1;
      if (t_timed) {
        seconds = std::chrono::duration<double>(Clock::now() - t_started).count();
        t_timed = false;
      }
      metrics.Record(RouteOf(req.path), res.status, seconds);
    });
  }
};

Server::Server(ServerOptions options, RulebookLoader loader) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->loader = std::move(loader);
  const int threads = impl_->options.threads > 0 ? impl_->options.threads : 1;
  impl_->http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  impl_->http.set_payload_max_length(impl_->options.max_body_bytes);
  // Clients that keep a connection open (every load balancer) would
  // otherwise reconnect every 5 requests.
  impl_->http.set_keep_alive_max_count(10000);
  impl_->http.set_tcp_nodelay(true);
  impl_->Routes();
  impl_->Hooks();
}

Server::~Server() { Stop(); }

rt::Status Server::Reload() {
  std::lock_guard<std::mutex> lock(impl_->reload_mu);
  rt::Result<std::shared_ptr<const rt::Rulebook>> book = [&]() -> decltype(impl_->loader()) {
    try {
      return impl_->loader();
    } catch (const std::exception& e) {
      return rt::Error{"internal", std::string("loading the rules: ") + e.what(), {}};
    }
  }();
  if (!book.ok() || *book == nullptr) {
    rt::Error e = book.ok() ? rt::Error{"internal", "the loader gave no rulebook", {}}
                            : book.error();
    impl_->metrics.CountReload(false);
    std::shared_ptr<const rt::Rulebook> current = impl_->engine.Current();
    impl_->Log(true, "reload refused: " + e.ToString() +
               (current ? "; still serving " + current->hash() : ""));
    return e;
  }
  impl_->engine.Swap(*book);
  impl_->metrics.CountReload(true);
  impl_->Log(false, "serving " + (*book)->hash());
  return {};
}

rt::Status Server::Bind() {
  const ServerOptions& o = impl_->options;
  if (o.port == 0) {
    impl_->port = impl_->http.bind_to_any_port(o.host);
  } else {
    impl_->port = impl_->http.bind_to_port(o.host, o.port) ? o.port : -1;
  }
  if (impl_->port <= 0) {
    return rt::Error{"listen_failed",
                     "cannot listen on " + o.host + ":" + std::to_string(o.port), {}};
  }
  return {};
}

int Server::port() const { return impl_->port; }

bool Server::Run() { return impl_->http.listen_after_bind(); }

void Server::Stop() {
  if (impl_ && impl_->http.is_running()) impl_->http.stop();
}

std::shared_ptr<const rt::Rulebook> Server::current() const { return impl_->engine.Current(); }

std::string Server::FUZZING_ONLY_Handle(std::string_view request) {
  MemoryStream stream(request);
  bool closed = false;
  // One request, as on a connection the client closes after it.
  impl_->http.process_request(stream, /*close_connection=*/true, closed, nullptr);
  return std::move(stream.out());
}

}  // namespace bylaw::serve
