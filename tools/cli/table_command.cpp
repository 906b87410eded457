// `bylaw table` (see table_command.h).
#include "table_command.h"

#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "bylaw/dsl/program.h"
#include "compiler_flags.h"

namespace bylaw::cli {
namespace {

struct TableArgs {
  CompilerFlags compiler;
  std::string name;
  std::string format = "md";
};

// Collects the tables an expression reaches, through defs and rules.
class TableCollector {
 public:
  void Decl(const dsl::Decl& decl) {
    if (!seen_.insert(&decl).second) return;
    if (decl.kind == dsl::DeclKind::kTable) {
      tables_.push_back(&decl);
      return;
    }
    if (const auto* s = std::get_if<dsl::ScorecardDecl>(&decl.node)) {
      tables_.push_back(&decl);
      for (const dsl::Indicator& i : s->indicators) {
        Expr(i.weight.get());
        Expr(i.value.get());
      }
      return;
    }
    if (const auto* d = std::get_if<dsl::DecisionDecl>(&decl.node)) {
      for (const dsl::DecisionItem& item : d->items) {
        Expr(item.value.get());
        Expr(item.fallback.get());
      }
    } else if (const auto* f = std::get_if<dsl::DefDecl>(&decl.node)) {
      Expr(f->body.get());
    } else if (const auto* r = std::get_if<dsl::RuleDecl>(&decl.node)) {
      Expr(r->condition.get());
      for (const dsl::RuleExcept& e : r->excepts) Expr(e.when.get());
    }
  }
  const std::vector<const dsl::Decl*>& tables() const { return tables_; }

 private:
  void Expr(const dsl::Expr* e) {
    if (e == nullptr) return;
    std::visit([this](const auto& n) { Node(n); }, e->node);
  }
  void Node(const dsl::LiteralExpr&) {}
  void Node(const dsl::NameExpr&) {}
  void Node(const dsl::FieldExpr& n) { Expr(n.base.get()); }
  void Node(const dsl::UnaryExpr& n) { Expr(n.operand.get()); }
  void Node(const dsl::BinaryExpr& n) { Expr(n.lhs.get()); Expr(n.rhs.get()); }
  void Node(const dsl::IsNoneExpr& n) { Expr(n.operand.get()); }
  void Node(const dsl::IfExpr& n) {
    Expr(n.cond.get()); Expr(n.then_expr.get()); Expr(n.else_expr.get());
  }
  void Node(const dsl::CallExpr& n) {
    for (const auto& a : n.args) Expr(a.get());
    if (n.decl != nullptr) Decl(*n.decl);
  }
  void Node(const dsl::ComprehensionExpr& n) { Expr(n.source.get()); Expr(n.body.get()); }
  void Node(const dsl::RecordExpr& n) { for (const auto& f : n.fields) Expr(f.value.get()); }
  void Node(const dsl::WithExpr& n) {
    Expr(n.base.get());
    for (const auto& f : n.fields) Expr(f.value.get());
  }
  void Node(const dsl::ListExpr& n) { for (const auto& i : n.items) Expr(i.get()); }

  std::set<const dsl::Decl*> seen_;
  std::vector<const dsl::Decl*> tables_;
};

// The label of the enum member an equality test names, if any.
std::string MemberLabel(const dsl::UnaryTest& test) {
  if (test.kind != dsl::UnaryTest::Kind::kEqual || test.value == nullptr) return "";
  const auto* name = std::get_if<dsl::NameExpr>(&test.value->node);
  const dsl::Decl* decl = name != nullptr ? name->decl : nullptr;
  if (decl == nullptr || decl->kind != dsl::DeclKind::kEnum) return "";
  for (const dsl::EnumMember& m : std::get<dsl::EnumDecl>(decl->node).members) {
    if (m.name.text == name->name.text && m.label) return m.label->value;
  }
  return "";
}

std::string CellText(const dsl::Cell& cell, const dsl::SourceFile& file) {
  std::string text(file.Slice(cell.range));
  std::string labels;
  for (const dsl::UnaryTest& test : cell.tests) {
    std::string label = MemberLabel(test);
    if (label.empty()) continue;
    labels += labels.empty() ? label : "、" + label;
  }
  return labels.empty() ? text : text + "（" + labels + "）";
}

std::string EscapeMarkdown(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out;
}

std::string EscapeCsv(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void PrintTable(const dsl::Decl& decl, const dsl::Program& program,
                const dsl::SourceManager& sources, bool markdown) {
  const auto& table = std::get<dsl::TableDecl>(decl.node);
  const dsl::SourceFile& file = sources.file(decl.range.file);
  std::vector<std::string> header{"row"};
  for (const auto& column : table.input_columns) {
    header.emplace_back(file.Slice(column->range));
  }
  for (const dsl::Ident& out : table.output_columns) header.push_back(out.text);
  header.push_back("basis");

  std::vector<std::vector<std::string>> rows;
  for (std::size_t i = 0; i < table.rows.size(); ++i) {
    const dsl::Row& row = table.rows[i];
    std::vector<std::string> cells{row.id ? row.id->text : "r" + std::to_string(i + 1)};
    if (row.is_default) {
      for (std::size_t c = 0; c < table.input_columns.size(); ++c) {
        cells.push_back(c == 0 ? "default" : "");
      }
    } else {
      for (const dsl::Cell& cell : row.inputs) cells.push_back(CellText(cell, file));
    }
    for (const auto& out : row.outputs) cells.emplace_back(file.Slice(out->range));
    cells.push_back(row.basis ? row.basis->value : "");
    rows.push_back(std::move(cells));
  }

  if (markdown) {
    std::cout << "### " << program.QualifiedNameOf(decl);
    if (decl.label) std::cout << " " << decl.label->value;
    std::cout << "\n\nhit " << table.hit_policy.text;
    if (table.aggregator) std::cout << " " << table.aggregator->text;
    if (table.partial) std::cout << ", partial";
    if (decl.basis) std::cout << "; basis: " << decl.basis->value;
    std::cout << "\n\n";
    auto line = [](const std::vector<std::string>& cells) {
      std::cout << "|";
      for (const std::string& c : cells) std::cout << " " << EscapeMarkdown(c) << " |";
      std::cout << "\n";
    };
    line(header);
    std::cout << "|";
    for (std::size_t i = 0; i < header.size(); ++i) std::cout << " --- |";
    std::cout << "\n";
    for (const auto& r : rows) line(r);
    std::cout << "\n";
  } else {
    auto line = [](const std::vector<std::string>& cells) {
      for (std::size_t i = 0; i < cells.size(); ++i) {
        std::cout << (i ? "," : "") << EscapeCsv(cells[i]);
      }
      std::cout << "\n";
    };
    std::vector<std::string> csv_header{"table"};
    csv_header.insert(csv_header.end(), header.begin(), header.end());
    line(csv_header);
    for (auto r : rows) {
      r.insert(r.begin(), program.QualifiedNameOf(decl));
      line(r);
    }
  }
}

// A scorecard for review: its indicators, then its bands in the order
// they are tested, with the grades' labels.
void PrintScorecard(const dsl::Decl& decl, const dsl::Program& program,
                    const dsl::SourceManager& sources, bool markdown) {
  const auto& card = std::get<dsl::ScorecardDecl>(decl.node);
  const dsl::SourceFile& file = sources.file(decl.range.file);
  auto text = [&](const dsl::Expr* e) {
    return e != nullptr && e->range.valid() ? std::string(file.Slice(e->range)) : "";
  };
  auto grade_text = [&](const dsl::Expr* e) {
    std::string g = text(e);
    const auto* name = e != nullptr ? std::get_if<dsl::NameExpr>(&e->node) : nullptr;
    if (name != nullptr && name->decl != nullptr && name->decl->kind == dsl::DeclKind::kEnum) {
      for (const dsl::EnumMember& m : std::get<dsl::EnumDecl>(name->decl->node).members) {
        if (m.name.text == name->name.text && m.label) g += "（" + m.label->value + "）";
      }
    }
    return g;
  };
  const std::string qualified = program.QualifiedNameOf(decl);
  if (markdown) {
    std::cout << "### " << qualified;
    if (decl.label) std::cout << " " << decl.label->value;
    std::cout << "\n\nscorecard: score = the sum of weight × value; bands are "
                 "tested in order, the first that matches gives the grade";
    if (decl.basis) std::cout << "; basis: " << decl.basis->value;
    std::cout << "\n\n| indicator | label | weight | value |\n| --- | --- | --- | --- |\n";
    for (const dsl::Indicator& i : card.indicators) {
      std::cout << "| " << EscapeMarkdown(i.name.text) << " | "
                << EscapeMarkdown(i.label ? i.label->value : "") << " | "
                << EscapeMarkdown(text(i.weight.get())) << " | "
                << EscapeMarkdown(text(i.value.get())) << " |\n";
    }
    std::cout << "\n| band | score | grade |\n| --- | --- | --- |\n";
    for (std::size_t b = 0; b < card.bands.size(); ++b) {
      const dsl::Band& band = card.bands[b];
      std::cout << "| " << b + 1 << " | "
                << EscapeMarkdown(std::string(file.Slice(band.test.range))) << " | "
                << EscapeMarkdown(grade_text(band.grade.get())) << " |\n";
    }
    std::cout << "\n";
    return;
  }
  auto line = [](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      std::cout << (i ? "," : "") << EscapeCsv(cells[i]);
    }
    std::cout << "\n";
  };
  line({"scorecard", "part", "name", "label", "weight", "value", "score", "grade"});
  for (const dsl::Indicator& i : card.indicators) {
    line({qualified, "indicator", i.name.text, i.label ? i.label->value : "",
          text(i.weight.get()), text(i.value.get()), "", ""});
  }
  for (std::size_t b = 0; b < card.bands.size(); ++b) {
    const dsl::Band& band = card.bands[b];
    line({qualified, "band", "band " + std::to_string(b + 1), "", "", "",
          std::string(file.Slice(band.test.range)), grade_text(band.grade.get())});
  }
}

int RunTable(const TableArgs& args) {
  dsl::CheckResult result = MakeCompiler(args.compiler).Check(args.compiler.paths);
  std::vector<dsl::Diagnostic> errors;
  for (const dsl::Diagnostic& d : result.diagnostics) {
    if (d.severity == dsl::Severity::kError) errors.push_back(d);
  }
  PrintDiagnostics(errors, *result.sources, args.compiler, std::cerr);
  if (!result.ok() || result.program == nullptr) return kExitErrors;

  TableCollector collector;
  std::vector<std::string> known;
  for (const dsl::Ruleset* ruleset : result.program->ordered()) {
    for (const dsl::Module* module : ruleset->modules) {
      for (const auto& decl : module->decls) {
        if (decl->kind != dsl::DeclKind::kTable && decl->kind != dsl::DeclKind::kDecision &&
            decl->kind != dsl::DeclKind::kScorecard) {
          continue;
        }
        const std::string qualified = result.program->QualifiedNameOf(*decl);
        known.push_back(qualified);
        if (decl->name.text == args.name || qualified == args.name) collector.Decl(*decl);
      }
    }
  }
  if (collector.tables().empty()) {
    std::cerr << "bylaw table: no table, scorecard or decision `" << args.name
              << "` with tables; known: ";
    for (std::size_t i = 0; i < known.size(); ++i) std::cerr << (i ? ", " : "") << known[i];
    std::cerr << "\n";
    return kExitErrors;
  }
  for (const dsl::Decl* table : collector.tables()) {
    if (table->kind == dsl::DeclKind::kScorecard) {
      PrintScorecard(*table, *result.program, *result.sources, args.format == "md");
    } else {
      PrintTable(*table, *result.program, *result.sources, args.format == "md");
    }
  }
  return kExitOk;
}

}  // namespace

void RegisterTableCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<TableArgs>();
  CLI::App* cmd = app.add_subcommand(
      "table", "Print decision tables and scorecards for review (Markdown or CSV), with labels");
  AddCompilerFlags(*cmd, args->compiler, /*with_format=*/false);
  cmd->add_option("--decision,--table", args->name,
                  "A table or scorecard, or a decision whose tables and scorecards are printed")
      ->required();
  cmd->add_option("--format", args->format, "Output: md (Markdown) or csv")
      ->check(CLI::IsMember({"md", "csv"}));
  cmd->callback([args, &exit_code] { exit_code = RunTable(*args); });
}

}  // namespace bylaw::cli
