// Parser invariants checked on arbitrary input; see parse_fuzz_entry.h.
#include "parse_fuzz_entry.h"

#include <variant>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/diagnostic.h"
#include "bylaw/dsl/parser.h"
#include "bylaw/dsl/source.h"

namespace bylaw::dsl::fuzzing {
namespace {

class RangeChecker {
 public:
  RangeChecker(FileId file, std::size_t size) : file_(file), size_(size) {}

  void Check(const SourceRange& r, const char* what) {
    if (!error_.empty()) return;
    if (r.file != file_ || r.begin > r.end || r.end > size_) {
      error_ = std::string(what) + " range [" + std::to_string(r.begin) + ", " +
               std::to_string(r.end) + ") file " + std::to_string(r.file) +
               " outside the input of " + std::to_string(size_) + " bytes";
    }
  }

  void Expr(const dsl::Expr* e) {
    if (e == nullptr) return;
    Check(e->range, "expression");
    std::visit([this](const auto& n) { Node(n); }, e->node);
  }

  void Module(const dsl::Module& m) {
    Check(m.header.range, "header");
    for (const Comment& c : m.comments) Check(c.range, "comment");
    for (const Import& i : m.imports) Check(i.range, "import");
    for (const auto& d : m.decls) {
      if (d == nullptr) {
        error_ = "null declaration";
        return;
      }
      Check(d->range, "declaration");
      Check(d->name.range, "declaration name");
      std::visit([this](const auto& n) { Decl(n); }, d->node);
    }
  }

  const std::string& error() const { return error_; }

 private:
  void Node(const LiteralExpr&) {}
  void Node(const NameExpr& n) { Check(n.name.range, "name"); }
  void Node(const FieldExpr& n) { Expr(n.base.get()); }
  void Node(const UnaryExpr& n) { Expr(n.operand.get()); }
  void Node(const BinaryExpr& n) { Expr(n.lhs.get()); Expr(n.rhs.get()); }
  void Node(const IsNoneExpr& n) { Expr(n.operand.get()); }
  void Node(const IfExpr& n) {
    Expr(n.cond.get()); Expr(n.then_expr.get()); Expr(n.else_expr.get());
  }
  void Node(const CallExpr& n) { for (const auto& a : n.args) Expr(a.get()); }
  void Node(const ComprehensionExpr& n) { Expr(n.source.get()); Expr(n.body.get()); }
  void Node(const RecordExpr& n) { for (const auto& f : n.fields) Expr(f.value.get()); }
  void Node(const WithExpr& n) {
    Expr(n.base.get());
    for (const auto& f : n.fields) Expr(f.value.get());
  }
  void Node(const ListExpr& n) { for (const auto& i : n.items) Expr(i.get()); }

  void Decl(const TableDecl& t) {
    for (const auto& c : t.input_columns) Expr(c.get());
    for (const Row& row : t.rows) {
      Check(row.range, "row");
      for (const Cell& cell : row.inputs) {
        Check(cell.range, "cell");
        for (const UnaryTest& test : cell.tests) {
          Expr(test.value.get());
          Expr(test.high.get());
        }
      }
      for (const auto& o : row.outputs) Expr(o.get());
    }
  }
  void Decl(const RuleDecl& r) {
    Expr(r.condition.get());
    for (const RuleExcept& e : r.excepts) Expr(e.when.get());
  }
  void Decl(const MatterDecl& m) {
    Expr(m.object_filter.get());
    for (const auto& item : m.items) Check(item.second, "matter item");
  }
  void Decl(const DefDecl& d) { Expr(d.body.get()); }
  void Decl(const LetDecl& l) { Expr(l.value.get()); }
  void Decl(const ParamDecl& p) { for (const auto& v : p.values) Expr(v.value.get()); }
  void Decl(const DecisionDecl& d) {
    for (const DecisionItem& i : d.items) { Expr(i.value.get()); Expr(i.fallback.get()); }
  }
  void Decl(const TestDecl& t) { for (const TestItem& i : t.items) Expr(i.value.get()); }
  void Decl(const ScorecardDecl& s) {
    for (const Indicator& i : s.indicators) { Expr(i.weight.get()); Expr(i.value.get()); }
    for (const Band& b : s.bands) { Expr(b.test.value.get()); Expr(b.grade.get()); }
  }
  template <typename T>
  void Decl(const T&) {}

  FileId file_;
  std::size_t size_;
  std::string error_;
};

std::string CheckDiagnostics(const DiagnosticSink& sink, FileId file,
                             std::size_t size) {
  RangeChecker ranges(file, size);
  for (const Diagnostic& d : sink.diagnostics()) {
    if (d.code.empty() || d.message.empty()) return "diagnostic without text";
    ranges.Check(d.range, d.code.c_str());
    for (const DiagnosticLabel& l : d.labels) ranges.Check(l.range, "label");
  }
  return ranges.error();
}

}  // namespace

std::string CheckParse(std::string_view input) {
  SourceManager sources;
  const FileId id = sources.Add("fuzz.bylaw", std::string(input));
  const SourceFile& file = sources.file(id);
  {
    DiagnosticSink sink;
    std::unique_ptr<Module> module = Parse(file, sink);
    if (module == nullptr) return "Parse returned null";
    if (module->file != id) return "module has the wrong file id";
    if (std::string e = CheckDiagnostics(sink, id, input.size()); !e.empty()) {
      return "file: " + e;
    }
    RangeChecker ranges(id, input.size());
    ranges.Module(*module);
    if (!ranges.error().empty()) return "file AST: " + ranges.error();
  }
  {
    DiagnosticSink sink;
    std::unique_ptr<Expr> expr = ParseExpression(file, sink);
    if (std::string e = CheckDiagnostics(sink, id, input.size()); !e.empty()) {
      return "expression: " + e;
    }
    RangeChecker ranges(id, input.size());
    ranges.Expr(expr.get());
    if (!ranges.error().empty()) return "expression AST: " + ranges.error();
  }
  return "";
}

}  // namespace bylaw::dsl::fuzzing
