// The language server session (see server.h).
#include "server.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bylaw/dsl/compiler.h"
#include "bylaw/dsl/formatter.h"
#include "bylaw/dsl/program.h"
#include "json_rpc.h"
#include "positions.h"
#include "symbols.h"

namespace bylaw::lsp {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// JSON-RPC and LSP error codes.
constexpr int kParseError = -32700;
constexpr int kInvalidRequest = -32600;
constexpr int kMethodNotFound = -32601;
constexpr int kInvalidParams = -32602;
constexpr int kInternalError = -32603;
constexpr int kServerNotInitialized = -32002;

// A request the server cannot answer; becomes an error response.
struct RpcError {
  int code;
  std::string message;
};

const char* const kKeywords[] = {
    "ruleset",    "title",    "level",     "jurisdiction", "effective", "until",     "status",
    "source",     "version",  "import",    "as",           "enum",      "facts",     "record",
    "param",      "scenario", "reason",    "matter",       "table",     "rule",      "scorecard",
    "def",        "let",      "decision",  "test",         "hit",       "unique",    "first",
    "collect",    "partial",  "overrides", "tightens",     "except",    "basis",     "note",
    "unverified", "forbid",   "when",      "require",      "complete",  "code",      "message",
    "output",     "else",     "given",     "expect",       "as_of",     "if",        "then",
    "and",        "or",       "not",       "in",           "contains",  "is",        "none",
    "true",       "false",    "with",      "default",      "priority",  "indicator", "weight",
    "band",       "day",      "days",      "month",        "months",    "year",      "years"};

std::string Canonical(const std::string& path) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(path, ec);
  return ec ? path : p.string();
}

// One compilation of a ruleset, kept for queries until the next change.
struct Analysis {
  dsl::CheckResult result;
  std::vector<Occurrence> occurrences;
  // The file's analysis before this one, for completion while the text
  // being typed does not parse (`s.` names nothing yet). Only one deep.
  std::shared_ptr<Analysis> previous;
};

class Server {
 public:
  explicit Server(std::ostream& out) : out_(out) {}

  bool exited() const { return exited_; }

  // Analyses the documents changed since the last call. Serve calls it
  // when no more input is waiting, so a burst of edits is checked once
  // (the debounce); queries call it first so they see the latest text.
  void Flush() {
    std::set<std::string> pending;
    pending.swap(pending_);
    for (const std::string& path : pending) {
      if (docs_.count(path)) Analyze(path);
    }
  }
  int exit_code() const { return shutdown_ ? 0 : 1; }

  void Receive(const Message& m) {
    if (!m.error.empty()) {
      Error(nullptr, kInvalidRequest, m.error);
      return;
    }
    json msg = json::parse(m.body, nullptr, /*allow_exceptions=*/false);
    if (msg.is_discarded()) {
      Error(nullptr, kParseError, "the message is not valid JSON");
      return;
    }
    if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string()) {
      // Responses to requests the server never sends are ignored.
      if (msg.is_object() && msg.contains("id") && !msg.contains("result") &&
          !msg.contains("error")) {
        Error(msg["id"], kInvalidRequest, "a request needs a string `method`");
      } else if (!msg.is_object()) {
        Error(nullptr, kInvalidRequest, "a message must be a JSON object");
      }
      return;
    }
    const std::string method = msg["method"];
    const bool is_request = msg.contains("id");
    const json id = is_request ? msg["id"] : json();
    const json params = msg.value("params", json::object());
    try {
      json result = Dispatch(method, params, is_request);
      if (is_request) Send({{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
    } catch (const RpcError& e) {
      if (is_request) Error(id, e.code, e.message);
    } catch (const json::exception& e) {
      if (is_request) Error(id, kInvalidParams, std::string("bad params: ") + e.what());
    } catch (const std::exception& e) {
      if (is_request) Error(id, kInternalError, std::string("internal error: ") + e.what());
    }
  }

 private:
  json Dispatch(const std::string& method, const json& params, bool is_request) {
    if (method == "exit") {
      exited_ = true;
      return nullptr;
    }
    if (method == "initialize") {
      initialized_ = true;
      return {{"capabilities",
               {{"textDocumentSync", {{"openClose", true}, {"change", 1}}},
                {"positionEncoding", "utf-16"},
                {"hoverProvider", true},
                {"definitionProvider", true},
                {"referencesProvider", true},
                {"documentSymbolProvider", true},
                {"documentFormattingProvider", true},
                {"completionProvider", {{"triggerCharacters", {"."}}}}}},
              {"serverInfo", {{"name", "bylaw"}}}};
    }
    if (!initialized_) {
      if (is_request) throw RpcError{kServerNotInitialized, "initialize first"};
      return nullptr;
    }
    if (shutdown_ && is_request) throw RpcError{kInvalidRequest, "the server is shut down"};
    if (method == "shutdown") {
      shutdown_ = true;
      return nullptr;
    }
    if (method == "initialized" || method == "$/cancelRequest" ||
        method == "workspace/didChangeConfiguration" ||
        method == "textDocument/didSave") {
      return nullptr;
    }
    if (method == "textDocument/didOpen") {
      const json& doc = params.at("textDocument");
      Open(doc.at("uri").get<std::string>(), doc.at("text").get<std::string>());
      return nullptr;
    }
    if (method == "textDocument/didChange") {
      const std::string uri = params.at("textDocument").at("uri");
      const json& changes = params.at("contentChanges");
      if (!changes.is_array() || changes.empty()) return nullptr;
      // Full synchronisation: the last change holds the whole text.
      Open(uri, changes.back().at("text").get<std::string>());
      return nullptr;
    }
    if (method == "textDocument/didClose") {
      const std::string path = PathOf(params);
      docs_.erase(path);
      pending_.erase(path);
      Publish(path, json::array());
      return nullptr;
    }
    Flush();
    if (method == "textDocument/hover") return Hover(params);
    if (method == "textDocument/definition") return Definition(params);
    if (method == "textDocument/references") return References(params);
    if (method == "textDocument/documentSymbol") return Symbols(params);
    if (method == "textDocument/completion") return Completion(params);
    if (method == "textDocument/formatting") return Formatting(params);
    if (is_request) throw RpcError{kMethodNotFound, "unknown method `" + method + "`"};
    return nullptr;
  }

  // ------------------------------------------------------------ documents

  std::string PathOf(const json& params) const {
    const std::string uri = params.at("textDocument").at("uri");
    const std::string path = PathOfUri(uri);
    if (path.empty()) throw RpcError{kInvalidParams, "only file: URIs are served"};
    return Canonical(path);
  }

  void Open(const std::string& uri, std::string text) {
    const std::string path = PathOfUri(uri);
    if (path.empty()) throw RpcError{kInvalidParams, "only file: URIs are served"};
    docs_[Canonical(path)] = std::move(text);
    pending_.insert(Canonical(path));
  }

  // The ruleset of `path`: every `.bylaw` file of its directory, plus the
  // open buffers there; checked with all open buffers in memory.
  void Analyze(const std::string& path) {
    std::set<std::string> inputs = {path};
    std::error_code ec;
    const fs::path dir = fs::path(path).parent_path();
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code fec;
      if (it->is_regular_file(fec) && it->path().extension() == ".bylaw") {
        inputs.insert(Canonical(it->path().string()));
      }
    }
    std::vector<dsl::MemorySource> memory;
    for (const auto& [p, text] : docs_) {
      memory.push_back({p, text});
      if (fs::path(p).parent_path() == dir) inputs.insert(p);
    }
    auto analysis = std::make_shared<Analysis>();
    if (auto it = analyses_.find(path); it != analyses_.end()) {
      analysis->previous = it->second;
      analysis->previous->previous.reset();  // one deep
    }
    analysis->result = dsl::CompilerBuilder().Build().Check(
        memory, std::vector<std::string>(inputs.begin(), inputs.end()));
    if (analysis->result.program != nullptr) {
      analysis->occurrences = CollectOccurrences(*analysis->result.program);
    }
    const dsl::SourceManager& sources = *analysis->result.sources;
    // Diagnostics per file read (the ruleset's and its imports'), an empty
    // list for a clean file so that fixed problems disappear.
    std::map<std::string, json> by_file;
    for (const std::string& p : inputs) by_file[p] = json::array();
    for (std::size_t i = 0; i < sources.size(); ++i) {
      by_file[Canonical(sources.file(static_cast<dsl::FileId>(i)).path())] = json::array();
    }
    for (const dsl::Diagnostic& d : analysis->result.diagnostics) {
      std::string file = path;
      if (d.range.valid()) file = Canonical(sources.file(d.range.file).path());
      by_file[file].push_back(ToLsp(d, sources));
    }
    for (auto& [file, list] : by_file) Publish(file, std::move(list));
    for (const std::string& p : inputs) analyses_[p] = analysis;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      analyses_.try_emplace(Canonical(sources.file(static_cast<dsl::FileId>(i)).path()),
                            analysis);
    }
  }

  json LspRange(const dsl::SourceRange& r, const dsl::SourceManager& sources) const {
    if (!r.valid()) return RangeOf("", 0, 0);
    const std::string& text = sources.file(r.file).text();
    return RangeOf(text, r.begin, r.end);
  }

  json Location(const dsl::SourceRange& r, const dsl::SourceManager& sources) const {
    return {{"uri", UriOfPath(Canonical(sources.file(r.file).path()))},
            {"range", LspRange(r, sources)}};
  }

  json ToLsp(const dsl::Diagnostic& d, const dsl::SourceManager& sources) const {
    json out = {{"range", LspRange(d.range, sources)},
                {"severity", d.severity == dsl::Severity::kError     ? 1
                             : d.severity == dsl::Severity::kWarning ? 2
                                                                     : 3},
                {"code", d.code},
                {"source", "bylaw"},
                {"message", d.help.empty() ? d.message : d.message + "\nhelp: " + d.help}};
    json related = json::array();
    for (const dsl::DiagnosticLabel& l : d.labels) {
      if (!l.range.valid()) continue;
      related.push_back({{"location", Location(l.range, sources)}, {"message", l.message}});
    }
    if (!related.empty()) out["relatedInformation"] = related;
    return out;
  }

  void Publish(const std::string& path, json diagnostics) {
    Send({{"jsonrpc", "2.0"},
          {"method", "textDocument/publishDiagnostics"},
          {"params", {{"uri", UriOfPath(path)}, {"diagnostics", std::move(diagnostics)}}}});
  }

  // -------------------------------------------------------------- queries

  struct At {
    std::shared_ptr<Analysis> analysis;
    dsl::FileId file = dsl::kNoFile;
    std::size_t offset = 0;
  };

  At Locate(const json& params) {
    const std::string path = PathOf(params);
    At at;
    auto it = analyses_.find(path);
    if (it == analyses_.end()) {
      Analyze(path);
      it = analyses_.find(path);
    }
    at.analysis = it->second;
    const dsl::SourceManager& sources = *at.analysis->result.sources;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      if (Canonical(sources.file(static_cast<dsl::FileId>(i)).path()) == path) {
        at.file = static_cast<dsl::FileId>(i);
      }
    }
    if (at.file == dsl::kNoFile) return at;
    const json& pos = params.at("position");
    at.offset = OffsetOf(sources.file(at.file).text(), pos.at("line").get<std::size_t>(),
                         pos.at("character").get<std::size_t>());
    return at;
  }

  const Occurrence* OccurrenceAt(const At& at) const {
    if (at.file == dsl::kNoFile) return nullptr;
    const Occurrence* best = nullptr;
    for (const Occurrence& o : at.analysis->occurrences) {
      if (o.range.file == at.file && o.range.begin <= at.offset && at.offset <= o.range.end) {
        if (best == nullptr || o.range.end - o.range.begin < best->range.end - best->range.begin) {
          best = &o;
        }
      }
    }
    return best;
  }

  json Hover(const json& params) {
    At at = Locate(params);
    const Occurrence* o = OccurrenceAt(at);
    if (o == nullptr) return nullptr;
    const auto& r = at.analysis->result;
    return {{"contents",
             {{"kind", "markdown"}, {"value", HoverText(o->target, *r.program, *r.sources)}}},
            {"range", LspRange(o->range, *r.sources)}};
  }

  json Definition(const json& params) {
    At at = Locate(params);
    const Occurrence* o = OccurrenceAt(at);
    if (o == nullptr) return nullptr;
    const dsl::SourceRange def = o->target.name_range();
    if (!def.valid()) return nullptr;
    return Location(def, *at.analysis->result.sources);
  }

  json References(const json& params) {
    At at = Locate(params);
    const Occurrence* o = OccurrenceAt(at);
    json out = json::array();
    if (o == nullptr) return out;
    const bool with_decl =
        params.value("context", json::object()).value("includeDeclaration", true);
    for (const Occurrence& other : at.analysis->occurrences) {
      if (!(other.target == o->target)) continue;
      if (other.is_definition && !with_decl) continue;
      out.push_back(Location(other.range, *at.analysis->result.sources));
    }
    return out;
  }

  json Symbols(const json& params) {
    const std::string path = PathOf(params);
    json out = json::array();
    auto it = analyses_.find(path);
    if (it == analyses_.end()) return out;
    const auto& r = it->second->result;
    if (r.program == nullptr) return out;
    for (const auto& m : r.program->modules) {
      if (Canonical(r.sources->file(m->file).path()) != path) continue;
      for (const auto& d : m->decls) {
        if (!d->range.valid()) continue;
        std::string name = d->name.text;
        if (name.empty()) name = d->label ? d->label->value : dsl::DeclKindKeyword(d->kind);
        json symbol = {{"name", name},
                       {"detail", dsl::DeclKindKeyword(d->kind)},
                       {"kind", SymbolKind(d->kind)},
                       {"range", LspRange(d->range, *r.sources)},
                       {"selectionRange",
                        LspRange(d->name.range.valid() ? d->name.range : d->range, *r.sources)}};
        if (d->label)
          symbol["detail"] = std::string(dsl::DeclKindKeyword(d->kind)) + " " + d->label->value;
        out.push_back(symbol);
      }
    }
    return out;
  }

  static int SymbolKind(dsl::DeclKind k) {
    switch (k) {
      case dsl::DeclKind::kEnum: return 10;
      case dsl::DeclKind::kRecord: return 23;
      case dsl::DeclKind::kParam: return 14;
      case dsl::DeclKind::kLet: return 13;
      case dsl::DeclKind::kTable:
      case dsl::DeclKind::kRule:
      case dsl::DeclKind::kScorecard:
      case dsl::DeclKind::kDef:
      case dsl::DeclKind::kDecision: return 12;
      default: return 20;
    }
  }

  // Completion: after `x.`, the fields of x's record type (x a parameter
  // of a declaration in this file), the members of enum x, or the names of
  // the ruleset imported as x; elsewhere keywords, visible names and enum
  // members (as table cells hold them).
  json Completion(const json& params) {
    const std::string path = PathOf(params);
    json items = json::array();
    auto doc = docs_.find(path);
    auto it = analyses_.find(path);
    if (doc == docs_.end() || it == analyses_.end()) return items;
    const std::string& text = doc->second;
    const json& pos = params.at("position");
    std::size_t offset = OffsetOf(text, pos.at("line").get<std::size_t>(),
                                  pos.at("character").get<std::size_t>());
    auto is_word = [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    };
    std::size_t start = offset;
    while (start > 0 && is_word(text[start - 1])) --start;
    const auto& r = it->second->result;
    if (r.program == nullptr) return items;
    auto add = [&](const std::string& label, int kind, const std::string& detail) {
      items.push_back({{"label", label}, {"kind", kind}, {"detail", detail}});
    };
    if (start > 0 && text[start - 1] == '.') {
      std::size_t base_begin = start - 1;
      while (base_begin > 0 && is_word(text[base_begin - 1])) --base_begin;
      const std::string base = text.substr(base_begin, start - 1 - base_begin);
      std::vector<const dsl::Decl*> decls = DeclsNamedOrTyped(*r.program, base);
      const Analysis* prev = it->second->previous.get();
      if (decls.empty() && prev != nullptr && prev->result.program != nullptr) {
        decls = DeclsNamedOrTyped(*prev->result.program, base);
      }
      for (const dsl::Decl* d : decls) {
        if (const auto* rec = std::get_if<dsl::RecordDecl>(&d->node)) {
          for (const auto& f : rec->fields) add(f.name.text, 5, f.label ? f.label->value : "");
        } else if (const auto* e = std::get_if<dsl::EnumDecl>(&d->node)) {
          for (const auto& m : e->members) add(m.name.text, 20, m.label ? m.label->value : "");
        }
      }
      for (const auto& rs : r.program->rulesets) {
        for (const dsl::ResolvedImport& imp : rs->imports) {
          if (imp.alias != base || imp.ruleset == nullptr) continue;
          for (const auto& [name, d] : imp.ruleset->scope)
            add(name, 6, dsl::DeclKindKeyword(d->kind));
          return items;
        }
      }
      return items;
    }
    for (const char* k : kKeywords) add(k, 14, "keyword");
    for (const auto& rs : r.program->rulesets) {
      for (const auto& [name, d] : rs->scope) {
        add(name, 6, dsl::DeclKindKeyword(d->kind));
        if (const auto* e = std::get_if<dsl::EnumDecl>(&d->node)) {
          for (const auto& m : e->members) add(m.name.text, 20, name);
        }
      }
    }
    return items;
  }

  // Declarations `base` stands for in `path`: the record type of a
  // parameter or field called `base`, or the declaration called `base`.
  std::vector<const dsl::Decl*> DeclsNamedOrTyped(const dsl::Program& program,
                                                  const std::string& base) const {
    std::vector<const dsl::Decl*> out;
    auto add = [&](const dsl::Decl* d) {
      if (d != nullptr && std::find(out.begin(), out.end(), d) == out.end()) out.push_back(d);
    };
    for (const auto& rs : program.rulesets) {
      for (const auto& [name, d] : rs->scope) {
        if (name == base) add(d);
      }
    }
    for (const auto& m : program.modules) {
      for (const auto& d : m->decls) {
        auto params = [&](const std::vector<dsl::Param>& ps) {
          for (const dsl::Param& p : ps) {
            if (p.name.text == base) add(p.type.resolved.decl);
          }
        };
        std::visit(
            [&](const auto& n) {
              using T = std::decay_t<decltype(n)>;
              if constexpr (std::is_same_v<T, dsl::TableDecl> || std::is_same_v<T, dsl::RuleDecl> ||
                            std::is_same_v<T, dsl::ScorecardDecl> ||
                            std::is_same_v<T, dsl::DefDecl> ||
                            std::is_same_v<T, dsl::DecisionDecl>) {
                params(n.params);
              }
            },
            d->node);
      }
    }
    return out;
  }

  json Formatting(const json& params) {
    const std::string path = PathOf(params);
    auto doc = docs_.find(path);
    if (doc == docs_.end()) throw RpcError{kInvalidParams, "the document is not open"};
    dsl::SourceManager sources;
    const dsl::FileId id = sources.Add(path, doc->second);
    dsl::FormatResult formatted = dsl::FormatSource(sources.file(id));
    if (!formatted.ok) {
      std::string why = "the file cannot be formatted";
      if (!formatted.diagnostics.empty()) {
        why += ": " + formatted.diagnostics.front().code + ": " +
               formatted.diagnostics.front().message;
      }
      throw RpcError{kRequestFailed, why};
    }
    json edits = json::array();
    if (formatted.changed) {
      edits.push_back({{"range", RangeOf(doc->second, 0, doc->second.size())},
                       {"newText", formatted.text}});
    }
    return edits;
  }

  static constexpr int kRequestFailed = -32803;

  void Error(const json& id, int code, const std::string& message) {
    Send({{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}});
  }

  void Send(const json& message) {
    WriteMessage(out_, message.dump(-1, ' ', false, json::error_handler_t::replace));
  }

  std::ostream& out_;
  bool initialized_ = false;
  bool shutdown_ = false;
  bool exited_ = false;
  std::map<std::string, std::string> docs_;  // canonical path -> text
  std::map<std::string, std::shared_ptr<Analysis>> analyses_;
  std::set<std::string> pending_;  // changed, not analysed yet
};

}  // namespace

int Serve(std::istream& in, std::ostream& out, const ServeOptions& options) {
  Server server(out);
  MessageReader reader(in, options.max_message_bytes);
  for (;;) {
    // Nothing buffered: the next read may block, so check what changed.
    if (in.rdbuf()->in_avail() <= 0) {
      try {
        server.Flush();
      } catch (const std::exception&) {
        // Analyze turns compiler failures into diagnostics; a failure to
        // write them is the client's end, seen at the next read.
      }
    }
    std::optional<Message> message = reader.Next();
    if (!message) break;
    try {
      server.Receive(*message);
    } catch (const std::exception&) {
      // Receive answers errors itself; nothing else may end the session.
    }
    if (server.exited()) return server.exit_code();
  }
  return 1;
}

}  // namespace bylaw::lsp
