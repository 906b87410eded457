// LoadProgram and AssembleProgram (see bylaw/dsl/loader.h).
//
// File-system access uses the std::filesystem overloads that report
// through std::error_code, so nothing here throws on I/O problems.
#include "bylaw/dsl/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "header_merger.h"
#include "import_graph.h"

namespace bylaw::dsl {
namespace {

namespace fs = std::filesystem;
using resolve_internal::HeaderMerger;
using resolve_internal::ImportGraph;

bool IsBylawFile(const fs::path& p) { return p.extension() == ".bylaw"; }

std::string IdPath(const std::string& id) {
  std::string p = id;
  std::replace(p.begin(), p.end(), '.', '/');
  return p;
}

// Loads files into modules, remembering which paths were read.
class Loader {
 public:
  Loader(const LoadOptions& options, SourceManager& sources,
         DiagnosticSink& sink)
      : options_(options), sources_(sources), sink_(sink) {}

  // Expands `path` into .bylaw files (recursively for directories).
  std::vector<fs::path> Expand(const std::string& path) {
    std::vector<fs::path> out;
    std::error_code ec;
    fs::file_status st = fs::status(path, ec);
    if (InMemory(path) && !fs::is_directory(st)) return {fs::path(path)};
    if (ec || !fs::exists(st)) {
      IoError("cannot read `" + path + "`: no such file or directory");
      return out;
    }
    if (fs::is_directory(st)) {
      fs::recursive_directory_iterator it(
          path, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        std::error_code fec;
        if (it->is_regular_file(fec) && IsBylawFile(it->path())) {
          out.push_back(it->path());
        }
      }
      if (ec) IoError("cannot list `" + path + "`: " + ec.message());
      std::sort(out.begin(), out.end());
    } else {
      out.push_back(path);
    }
    return out;
  }

  // Reads and parses one file into `target` sink; null when unreadable or
  // already loaded.
  std::unique_ptr<Module> Load(const fs::path& path, DiagnosticSink& target) {
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    std::string key = ec ? path.string() : canonical.string();
    if (!loaded_.insert(key).second) return nullptr;
    if (++file_count_ > options_.max_files) {
      if (file_count_ == options_.max_files + 1) {
        IoError("more than " + std::to_string(options_.max_files) +
                " files; the rest are not loaded");
      }
      return nullptr;
    }
    if (options_.memory != nullptr) {
      if (auto it = options_.memory->find(key); it != options_.memory->end()) {
        FileId id = sources_.Add(path.string(), it->second);
        return Parse(sources_.file(id), target, options_.limits);
      }
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      IoError("cannot read `" + path.string() + "`");
      return nullptr;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
      IoError("cannot read `" + path.string() + "`");
      return nullptr;
    }
    FileId id = sources_.Add(path.string(), text.str());
    return Parse(sources_.file(id), target, options_.limits);
  }

  // Whether `path` names a file held in memory.
  bool InMemory(const fs::path& path) const {
    if (options_.memory == nullptr) return false;
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(path, ec);
    return options_.memory->count(ec ? path.string() : canonical.string()) > 0;
  }

  // In-memory `.bylaw` files directly inside directory `dir`.
  std::vector<fs::path> InMemoryFilesIn(const fs::path& dir) const {
    std::vector<fs::path> out;
    if (options_.memory == nullptr) return out;
    std::error_code ec;
    fs::path canonical = fs::weakly_canonical(dir, ec);
    if (ec) return out;
    for (const auto& [key, text] : *options_.memory) {
      fs::path p(key);
      if (p.parent_path() == canonical && IsBylawFile(p)) out.push_back(p);
    }
    return out;
  }

  void IoError(const std::string& message) {
    sink_.Error("io_error", SourceRange{}, message);
  }

 private:
  const LoadOptions& options_;
  SourceManager& sources_;
  DiagnosticSink& sink_;
  std::set<std::string> loaded_;
  std::size_t file_count_ = 0;
};

// The rulesets root derived from the first file (semantics.md): its
// directory with the ruleset id's path stripped, when they match.
std::string DeriveRoot(const std::string& file_path, const std::string& id) {
  fs::path dir = fs::path(file_path).parent_path();
  fs::path stem = fs::path(file_path).stem();
  std::vector<std::string> parts;
  std::string part;
  for (char c : id) {
    if (c == '.') {
      parts.push_back(part);
      part.clear();
    } else {
      part += c;
    }
  }
  parts.push_back(part);
  auto strip = [](fs::path d, const std::vector<std::string>& segs,
                  std::size_t n) -> std::optional<fs::path> {
    for (std::size_t i = n; i-- > 0;) {
      if (d.filename() != segs[i]) return std::nullopt;
      d = d.parent_path();
    }
    return d;
  };
  // `<root>/a/b/c/x.bylaw`
  if (auto r = strip(dir, parts, parts.size())) {
    return r->empty() ? "." : r->string();
  }
  // `<root>/a/b/c.bylaw`
  if (stem == parts.back()) {
    if (auto r = strip(dir, parts, parts.size() - 1)) {
      return r->empty() ? "." : r->string();
    }
  }
  return dir.empty() ? "." : dir.string();
}

// Ruleset ids that look present under `root` (directories holding .bylaw
// files and .bylaw file stems), for did-you-mean on unknown imports.
std::vector<std::string> DiscoverIds(const std::string& root) {
  std::set<std::string> ids;
  std::error_code ec;
  fs::recursive_directory_iterator it(
      root, fs::directory_options::skip_permission_denied, ec), end;
  std::size_t seen = 0;
  for (; !ec && it != end && seen < 20000; it.increment(ec), ++seen) {
    if (it.depth() > 8) continue;
    std::error_code fec;
    if (!it->is_regular_file(fec) || !IsBylawFile(it->path())) continue;
    fs::path rel = fs::relative(it->path(), root, fec);
    if (fec) continue;
    auto to_id = [](const fs::path& p) {
      std::string s;
      for (const auto& seg : p) {
        if (!s.empty()) s += '.';
        s += seg.string();
      }
      return s;
    };
    if (!rel.parent_path().empty()) ids.insert(to_id(rel.parent_path()));
    fs::path stem_path = rel.parent_path() / rel.stem();
    ids.insert(to_id(stem_path));
  }
  return {ids.begin(), ids.end()};
}

// Groups modules into rulesets (in first-seen order) and runs the header
// and import passes.
void Group(Program& program, std::vector<std::unique_ptr<Module>> modules) {
  for (auto& module : modules) {
    const std::string id = module->header.id.ToString();
    if (!id.empty()) {
      Ruleset* r = program.FindRuleset(id);
      if (r == nullptr) {
        program.rulesets.push_back(std::make_unique<Ruleset>());
        r = program.rulesets.back().get();
        r->id = id;
      }
      r->modules.push_back(module.get());
      program.module_ruleset[module.get()] = r;
    }
    program.modules.push_back(std::move(module));
  }
}

std::vector<std::string> ImportIds(const Module& module) {
  std::vector<std::string> ids;
  for (const Import& imp : module.imports) {
    std::string id = imp.ruleset.ToString();
    if (!id.empty()) ids.push_back(id);
  }
  return ids;
}

}  // namespace

std::unique_ptr<Program> LoadProgram(const std::vector<std::string>& paths,
                                     const LoadOptions& options,
                                     SourceManager& sources,
                                     DiagnosticSink& sink) {
  auto program = std::make_unique<Program>();
  Loader loader(options, sources, sink);
  std::vector<std::unique_ptr<Module>> modules;
  std::set<std::string> present;  // ruleset ids among loaded modules
  for (const std::string& path : paths) {
    for (const fs::path& file : loader.Expand(path)) {
      if (auto m = loader.Load(file, sink)) {
        present.insert(m->header.id.ToString());
        modules.push_back(std::move(m));
      }
    }
  }

  program->root = options.root;
  if (program->root.empty()) {
    for (const auto& m : modules) {
      std::string id = m->header.id.ToString();
      if (id.empty()) continue;
      program->root = DeriveRoot(sources.file(m->file).path(), id);
      break;
    }
  }

  // Load imported rulesets that were not given, transitively: a worklist
  // of ids; each is tried once.
  std::set<std::string> tried;
  std::vector<std::string> work;
  // Files read while looking for one id that declare another: kept with
  // their diagnostics in case that other id is imported later.
  std::map<std::string,
           std::vector<std::pair<std::unique_ptr<Module>, DiagnosticSink>>>
      stash;
  auto accept = [&](std::unique_ptr<Module> m, const DiagnosticSink& local) {
    for (const Diagnostic& d : local.diagnostics()) sink.Add(d);
    for (const std::string& next : ImportIds(*m)) work.push_back(next);
    present.insert(m->header.id.ToString());
    modules.push_back(std::move(m));
  };
  for (const auto& m : modules) {
    for (const std::string& id : ImportIds(*m)) work.push_back(id);
  }
  while (!work.empty() && !program->root.empty()) {
    std::string id = work.back();
    work.pop_back();
    if (present.count(id) || !tried.insert(id).second) continue;
    if (auto it = stash.find(id); it != stash.end()) {
      for (auto& [m, local] : it->second) accept(std::move(m), local);
      stash.erase(it);
    }
    const fs::path base = fs::path(program->root) / IdPath(id);
    std::vector<fs::path> candidates = loader.InMemoryFilesIn(base);
    std::error_code ec;
    if (fs::is_directory(base, ec)) {
      for (fs::directory_iterator it(base, ec), end; !ec && it != end;
           it.increment(ec)) {
        std::error_code fec;
        if (it->is_regular_file(fec) && IsBylawFile(it->path())) {
          candidates.push_back(it->path());
        }
      }
    }
    std::sort(candidates.begin(), candidates.end());
    fs::path single = base;
    single += ".bylaw";
    if (fs::is_regular_file(single, ec) || loader.InMemory(single)) {
      candidates.push_back(single);
    }
    for (const fs::path& file : candidates) {
      // Files of the directory that declare another ruleset are not part of
      // this import: they wait in the stash, diagnostics and all.
      DiagnosticSink local;
      std::unique_ptr<Module> m = loader.Load(file, local);
      if (m == nullptr) continue;
      std::string declared = m->header.id.ToString();
      if (declared == id) {
        accept(std::move(m), local);
      } else if (!present.count(declared)) {
        stash[declared].emplace_back(std::move(m), std::move(local));
      }
    }
  }

  Group(*program, std::move(modules));
  HeaderMerger(sink).Run(*program);
  std::vector<std::string> known =
      program->root.empty() ? std::vector<std::string>{}
                            : DiscoverIds(program->root);
  for (const auto& r : program->rulesets) known.push_back(r->id);
  ImportGraph(sink, std::move(known)).Run(*program);
  return program;
}

std::unique_ptr<Program> AssembleProgram(
    std::vector<std::unique_ptr<Module>> modules, DiagnosticSink& sink) {
  auto program = std::make_unique<Program>();
  Group(*program, std::move(modules));
  HeaderMerger(sink).Run(*program);
  std::vector<std::string> known;
  for (const auto& r : program->rulesets) known.push_back(r->id);
  ImportGraph(sink, std::move(known)).Run(*program);
  return program;
}

}  // namespace bylaw::dsl
