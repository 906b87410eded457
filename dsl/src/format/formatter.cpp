// The canonical layout of declarations (see bylaw/dsl/formatter.h).
//
// Each construct becomes one or more lines handed to the LineWriter with
// the source range they stand for, so that comments find their place.
// Items whose order the AST does not keep (rule items, param metas, table
// items) are written in the order docs/language.md presents them.
#include "bylaw/dsl/formatter.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "expr_printer.h"
#include "line_writer.h"
#include "table_layout.h"

namespace bylaw::dsl {
namespace {

using format_internal::Blank;
using format_internal::CellText;
using format_internal::DateText;
using format_internal::EffectiveText;
using format_internal::ExprText;
using format_internal::LineWriter;
using format_internal::ParamsText;
using format_internal::Quote;
using format_internal::TypeText;
using format_internal::UnaryTestText;

// Accumulates the source span of a line from the parts it shows.
class Span {
 public:
  Span& Add(const SourceRange& r) {
    if (!r.valid()) return *this;
    if (!range_.valid()) {
      range_ = r;
    } else {
      range_.begin = std::min(range_.begin, r.begin);
      range_.end = std::max(range_.end, r.end);
    }
    return *this;
  }
  Span& Add(const ExprPtr& e) { return e ? Add(e->range) : *this; }
  template <typename T>
  Span& Add(const std::optional<T>& o) {
    return o ? Add(o->range) : *this;
  }
  Span& Add(const std::vector<Param>& params) {
    for (const Param& p : params) Add(p.range);
    return *this;
  }
  SourceRange range() const { return range_; }

 private:
  SourceRange range_;
};

// A range covering only the first byte of `r`: the start of a declaration.
SourceRange StartOf(const SourceRange& r) {
  if (!r.valid()) return r;
  return SourceRange{r.file, r.begin, std::min(r.end, r.begin + 1)};
}

// The closing `}` of a block declaration: the last byte of its range.
SourceRange EndOf(const SourceRange& r) {
  if (!r.valid() || r.end == 0) return SourceRange{};
  return SourceRange{r.file, std::max(r.begin, r.end - 1), r.end};
}

std::string Label(const std::optional<Text>& label) {
  return label ? " " + Quote(label->value) : "";
}


std::string IdentList(const std::vector<Ident>& idents) {
  std::string out;
  for (std::size_t i = 0; i < idents.size(); ++i) {
    if (i > 0) out += ", ";
    out += idents[i].text;
  }
  return out;
}

class ModuleFormatter {
 public:
  ModuleFormatter(const Module& module, const SourceFile& file)
      : module_(module),
        text_(file.text()),
        out_(file.text(), module.comments) {}

  std::string Run() {
    Header();
    bool first = true;
    for (const Import& import : module_.imports) {
      std::string line = "import " + import.ruleset.ToString();
      if (import.alias) line += " as " + import.alias->text;
      out_.Line(0, line, import.range, first ? Blank::kForce : Blank::kKeep);
      first = false;
    }
    bool prev_one_line = false;
    first = true;
    for (const auto& decl : module_.decls) {
      if (decl == nullptr) continue;
      bool one_line = OneLine(*decl);
      // Single-line declarations may stay grouped as the author had them;
      // anything with a body gets a blank line around it.
      Blank blank = first || !(one_line && prev_one_line) ? Blank::kForce
                                                           : Blank::kKeep;
      Declaration(*decl, blank);
      prev_one_line = one_line;
      first = false;
    }
    return out_.Finish();
  }

 private:
  // -------------------------------------------------------------- helpers

  void Open(std::string text, const SourceRange& range, Blank blank) {
    out_.Line(0, std::move(text) + " {", range, blank);
  }
  void Close(const Decl& d) {
    out_.Line(0, "}", EndOf(d.range), Blank::kNever, /*closing=*/true);
  }
  // An item inside a block: the first one follows `{` directly.
  void Item(int indent, std::string text, const SourceRange& range,
            bool& first) {
    out_.Line(indent, std::move(text), range,
              first ? Blank::kNever : Blank::kKeep);
    first = false;
  }
  std::string Expr(const ExprPtr& e) const {
    return e ? ExprText(*e, text_) : "none";
  }
  bool NewlineBetween(std::uint32_t from, std::uint32_t to) const {
    if (from >= to || to > text_.size()) return false;
    return text_.find('\n', from) < to;
  }
  // `name "label"`
  static std::string Named(const Decl& d) { return d.name.text + Label(d.label); }
  SourceRange HeadSpan(const Decl& d) {
    return Span().Add(StartOf(d.range)).Add(d.name.range).Add(d.label).range();
  }

  bool DefBodyOnNextLine(const Decl& d) const {
    const auto& def = std::get<DefDecl>(d.node);
    return def.body && def.result_type.range.valid() &&
           def.body->range.valid() &&
           NewlineBetween(def.result_type.range.end, def.body->range.begin);
  }

  bool OneLine(const Decl& d) const {
    switch (d.kind) {
      case DeclKind::kScenario:
      case DeclKind::kReason:
        return true;
      case DeclKind::kLet:
        // A record literal spread over lines makes a `let` a block.
        return Expr(std::get<LetDecl>(d.node).value).find('\n') ==
               std::string::npos;
      case DeclKind::kDef:
        return !DefBodyOnNextLine(d) &&
               Expr(std::get<DefDecl>(d.node).body).find('\n') ==
                   std::string::npos;
      case DeclKind::kParam: {
        const auto& p = std::get<ParamDecl>(d.node);
        bool simple = p.values.size() == 1 && !p.values[0].from;
        const ParamValue* v = simple ? &p.values[0] : nullptr;
        return simple && Expr(v->value).find('\n') == std::string::npos &&
               !d.basis && !p.basis && !p.note && !p.unverified &&
               !v->basis && !v->note && !v->unverified;
      }
      default:
        return false;
    }
  }

  // --------------------------------------------------------------- header

  void Header() {
    const RulesetHeader& h = module_.header;
    SourceRange head = Span().Add(StartOf(h.range)).Add(h.id.range).range();
    out_.Line(0, "ruleset " + h.id.ToString(), head, Blank::kKeep);
    if (h.title) out_.Line(2, "title " + Quote(h.title->value), h.title->range, Blank::kNever);
    if (h.level) out_.Line(2, "level " + h.level->text, h.level->range, Blank::kNever);
    if (h.jurisdiction) {
      out_.Line(2, "jurisdiction " + Quote(h.jurisdiction->value),
                h.jurisdiction->range, Blank::kNever);
    }
    if (h.effective) {
      out_.Line(2, EffectiveText(*h.effective), h.effective->range, Blank::kNever);
    }
    if (h.status) out_.Line(2, "status " + h.status->text, h.status->range, Blank::kNever);
    if (h.source) out_.Line(2, "source " + Quote(h.source->value), h.source->range, Blank::kNever);
    if (h.version) out_.Line(2, "version " + Quote(h.version->value), h.version->range, Blank::kNever);
  }

  // --------------------------------------------------------- declarations

  void Declaration(const Decl& d, Blank blank) {
    switch (d.kind) {
      case DeclKind::kEnum: return Enum(d, blank);
      case DeclKind::kRecord: return Record(d, blank);
      case DeclKind::kParam: return Param(d, blank);
      case DeclKind::kScenario:
      case DeclKind::kReason: {
        std::string line = std::string(d.kind == DeclKind::kScenario
                                           ? "scenario " : "reason ") +
                           Named(d);
        if (d.basis) line += " basis " + Quote(d.basis->value);
        return out_.Line(0, line, d.range, blank);
      }
      case DeclKind::kMatter: return Matter(d, blank);
      case DeclKind::kTable: return Table(d, blank);
      case DeclKind::kRule: return Rule(d, blank);
      case DeclKind::kScorecard: return Scorecard(d, blank);
      case DeclKind::kDef: return Def(d, blank);
      case DeclKind::kLet: {
        const auto& let = std::get<LetDecl>(d.node);
        std::string line = "let " + d.name.text;
        if (let.type) line += ": " + TypeText(*let.type);
        line += " = " + Expr(let.value);
        return out_.Line(0, line, d.range, blank);
      }
      case DeclKind::kDecision: return Decision(d, blank);
      case DeclKind::kTest: return Test(d, blank);
    }
  }

  void Enum(const Decl& d, Blank blank) {
    const auto& e = std::get<EnumDecl>(d.node);
    Open("enum " + Named(d), HeadSpan(d), blank);
    bool first = true;
    for (const EnumMember& m : e.members) {
      Item(2, m.name.text + Label(m.label), m.range, first);
    }
    Close(d);
  }

  void Record(const Decl& d, Blank blank) {
    const auto& r = std::get<RecordDecl>(d.node);
    Open(std::string(r.is_facts ? "facts " : "record ") + Named(d),
         HeadSpan(d), blank);
    bool first = true;
    for (const FieldDecl& f : r.fields) {
      Item(2, f.name.text + ": " + TypeText(f.type) + Label(f.label), f.range,
           first);
    }
    Close(d);
  }

  // Param metas in the order the rulesets write them.
  static std::vector<std::pair<std::string, SourceRange>> Metas(
      bool unverified, const std::optional<Text>& basis,
      const std::optional<Text>& note) {
    std::vector<std::pair<std::string, SourceRange>> out;
    if (unverified) out.push_back({"unverified", SourceRange{}});
    if (basis) out.push_back({"basis " + Quote(basis->value), basis->range});
    if (note) out.push_back({"note " + Quote(note->value), note->range});
    return out;
  }

  template <typename T>
  static const std::optional<T>& FirstOf(const std::optional<T>& a,
                                         const std::optional<T>& b) {
    return a ? a : b;
  }

  void Param(const Decl& d, Blank blank) {
    const auto& p = std::get<ParamDecl>(d.node);
    std::string head = "param " + Named(d) + ": " + TypeText(p.type);
    Span head_span = Span().Add(HeadSpan(d)).Add(p.type.range);
    bool simple = p.values.size() == 1 && !p.values[0].from;
    if (simple) {
      // `param x: T = v` and its metas: the parser may keep them on the
      // value or on the param; either way they print after the value.
      const ParamValue& v = p.values[0];
      out_.Line(0, head + " = " + Expr(v.value), head_span.Add(v.value).range(),
                blank);
      auto metas = Metas(v.unverified || p.unverified,
                         FirstOf(v.basis, FirstOf(p.basis, d.basis)),
                         FirstOf(v.note, p.note));
      for (auto& [text, range] : metas) {
        out_.Line(2, text, range, Blank::kNever);
      }
      return;
    }
    auto metas = Metas(p.unverified, FirstOf(p.basis, d.basis), p.note);
    if (metas.empty()) {
      Open(head, head_span.range(), blank);
    } else {
      out_.Line(0, head, head_span.range(), blank);
      for (auto& [text, range] : metas) out_.Line(2, text, range, Blank::kNever);
      out_.Line(0, "{", SourceRange{}, Blank::kNever);
    }
    bool first = true;
    for (const ParamValue& v : p.values) {
      std::string line = "from " + (v.from ? DateText(*v.from) : "?") + " = " +
                         Expr(v.value);
      for (auto& [text, range] : Metas(v.unverified, v.basis, v.note)) {
        line += " " + text;
      }
      Item(2, line, v.range, first);
    }
    Close(d);
  }

  void Matter(const Decl& d, Blank blank) {
    const auto& m = std::get<MatterDecl>(d.node);
    Open("matter " + Named(d), HeadSpan(d), blank);
    // Items print in the author's order (recorded by the parser), each
    // once; any not recorded there follow in the documented order.
    static const char* const kOrder[] = {
        "type", "content", "object", "methods", "level", "initiator",
        "cooperators", "delegable", "key", "scenario", "basis", "effective"};
    std::vector<std::pair<std::string, SourceRange>> order;
    for (const auto& item : m.items) order.push_back(item);
    for (const char* k : kOrder) {
      bool seen = std::any_of(order.begin(), order.end(),
                              [k](const auto& i) { return i.first == k; });
      if (!seen) order.push_back({k, SourceRange{}});
    }
    std::vector<std::string> done;
    bool first = true;
    for (const auto& [keyword, at] : order) {
      if (std::find(done.begin(), done.end(), keyword) != done.end()) continue;
      done.push_back(keyword);
      Span span;
      span.Add(at);
      std::string line;
      if (keyword == "type" && m.type) {
        line = "type " + m.type->text;
        span.Add(m.type->range);
      } else if (keyword == "content" && m.content) {
        line = "content " + Quote(m.content->value);
        span.Add(m.content->range);
      } else if (keyword == "object" && m.object_type) {
        line = "object " + m.object_type->ToString();
        span.Add(m.object_type->range);
        if (m.object_filter) {
          line += " where " + Expr(m.object_filter);
          span.Add(m.object_filter);
        }
      } else if (keyword == "methods" && !m.methods.empty()) {
        line = "methods " + IdentList(m.methods);
        span.Add(m.methods.back().range);
      } else if (keyword == "level" && m.level) {
        line = "level " + m.level->text;
        span.Add(m.level->range);
      } else if (keyword == "initiator" && m.initiator) {
        line = "initiator " + m.initiator->text;
        span.Add(m.initiator->range);
      } else if (keyword == "cooperators" && !m.cooperators.empty()) {
        line = "cooperators " + IdentList(m.cooperators);
        span.Add(m.cooperators.back().range);
      } else if (keyword == "delegable" && m.delegable) {
        line = std::string("delegable ") + (*m.delegable ? "true" : "false");
      } else if (keyword == "key" && m.key) {
        line = std::string("key ") + (*m.key ? "true" : "false");
      } else if (keyword == "scenario" && m.scenario) {
        line = "scenario " + m.scenario->text;
        span.Add(m.scenario->range);
      } else if (keyword == "basis" && d.basis) {
        line = "basis " + Quote(d.basis->value);
        span.Add(d.basis->range);
      } else if (keyword == "effective" && m.effective) {
        line = EffectiveText(*m.effective);
        span.Add(m.effective->range);
      }
      if (!line.empty()) Item(2, line, span.range(), first);
    }
    Close(d);
  }

  void Table(const Decl& d, Blank blank) {
    const auto& t = std::get<TableDecl>(d.node);
    std::string head = "table " + Named(d) + " " + ParamsText(t.params) + " -> (";
    Span head_span = Span().Add(HeadSpan(d)).Add(t.params);
    for (std::size_t i = 0; i < t.outputs.size(); ++i) {
      if (i > 0) head += ", ";
      head += t.outputs[i].name.text + ": " + TypeText(t.outputs[i].type);
      head_span.Add(t.outputs[i].range);
    }
    head += ")";
    std::vector<std::pair<std::string, SourceRange>> metas;
    if (t.hit_written) {
      std::string hit = "hit " + t.hit_policy.text;
      if (t.aggregator) hit += " " + t.aggregator->text;
      metas.push_back(
          {hit, Span().Add(t.hit_policy.range).Add(t.aggregator).range()});
    }
    if (t.overrides) {
      metas.push_back({"overrides " + t.overrides->ToString(), t.overrides->range});
    }
    for (const Tightening& tight : t.tightens) {
      metas.push_back({"tightens " + tight.output.text + " " + tight.direction.text,
                       tight.range});
    }
    if (t.except_basis) {
      metas.push_back({"except basis " + Quote(t.except_basis->value),
                       t.except_basis->range});
    }
    if (d.basis) metas.push_back({"basis " + Quote(d.basis->value), d.basis->range});
    if (t.partial) metas.push_back({"partial", SourceRange{}});
    if (t.effective) metas.push_back({EffectiveText(*t.effective), t.effective->range});
    if (metas.empty()) {
      Open(head, head_span.range(), blank);
    } else {
      out_.Line(0, head, head_span.range(), blank);
      for (auto& [text, range] : metas) out_.Line(2, text, range, Blank::kNever);
      out_.Line(0, "{", SourceRange{}, Blank::kNever);
    }
    std::vector<std::string> lines = format_internal::TableLines(t);
    bool first = true;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      SourceRange range = i == 0 ? t.header_range : t.rows[i - 1].range;
      Item(2, lines[i], range, first);
    }
    Close(d);
  }

  void Rule(const Decl& d, Blank blank) {
    const auto& r = std::get<RuleDecl>(d.node);
    Open("rule " + Named(d) + " " + ParamsText(r.params),
         Span().Add(HeadSpan(d)).Add(r.params).range(), blank);
    bool first = true;
    if (r.condition) {
      Item(2, (r.forbid ? "forbid when " : "require ") + Expr(r.condition),
           Span().Add(r.condition_range).Add(r.condition).range(), first);
    }
    for (const RuleExcept& e : r.excepts) {
      Item(2, "except when " + Expr(e.when),
           Span().Add(StartOf(e.range)).Add(e.when).range(), first);
      if (e.basis) {
        out_.Line(4, "basis " + Quote(e.basis->value), e.basis->range,
                  Blank::kNever);
      }
      if (e.followup) {
        out_.Line(4, "followup " + e.followup->text, e.followup->range,
                  Blank::kNever);
      }
    }
    if (r.code) Item(2, "code " + r.code->text, r.code->range, first);
    if (r.message) {
      Item(2, "message " + Quote(r.message->value), r.message->range, first);
    }
    if (d.basis) Item(2, "basis " + Quote(d.basis->value), d.basis->range, first);
    if (r.effective) Item(2, EffectiveText(*r.effective), r.effective->range, first);
    Close(d);
  }

  void Scorecard(const Decl& d, Blank blank) {
    const auto& s = std::get<ScorecardDecl>(d.node);
    Open("scorecard " + Named(d) + " " + ParamsText(s.params) + " -> " +
             TypeText(s.grade_type),
         Span().Add(HeadSpan(d)).Add(s.params).Add(s.grade_type.range).range(),
         blank);
    bool first = true;
    for (const Indicator& i : s.indicators) {
      Item(2, "indicator " + i.name.text + Label(i.label) + " weight " +
                  Expr(i.weight) + ": " + Expr(i.value),
           i.range, first);
    }
    for (const Band& b : s.bands) {
      Item(2, "band " + UnaryTestText(b.test) + " => " + Expr(b.grade), b.range,
           first);
    }
    if (d.basis) Item(2, "basis " + Quote(d.basis->value), d.basis->range, first);
    Close(d);
  }

  void Def(const Decl& d, Blank blank) {
    const auto& def = std::get<DefDecl>(d.node);
    std::string head = "def " + Named(d) + " " + ParamsText(def.params) +
                       " -> " + TypeText(def.result_type) + " =";
    Span head_span =
        Span().Add(HeadSpan(d)).Add(def.params).Add(def.result_type.range);
    // A body the author started on its own line stays there.
    if (DefBodyOnNextLine(d)) {
      out_.Line(0, head, head_span.range(), blank);
      out_.Line(2, Expr(def.body), def.body->range, Blank::kNever);
    } else {
      out_.Line(0, head + " " + Expr(def.body), head_span.Add(def.body).range(),
                blank);
    }
  }

  void Decision(const Decl& d, Blank blank) {
    const auto& dec = std::get<DecisionDecl>(d.node);
    Open("decision " + Named(d) + " " + ParamsText(dec.params),
         Span().Add(HeadSpan(d)).Add(dec.params).range(), blank);
    bool first = true;
    // Written first: it is about the facts, before what is made of them.
    if (dec.complete_facts) Item(2, "require complete facts", *dec.complete_facts, first);
    for (const DecisionItem& item : dec.items) {
      std::string line =
          (item.kind == DecisionItem::Kind::kLet ? "let " : "output ") +
          item.name.text;
      if (item.type) line += ": " + TypeText(*item.type);
      line += " = " + Expr(item.value);
      if (item.fallback) line += " else " + Expr(item.fallback);
      Item(2, line, item.range, first);
    }
    if (d.basis) Item(2, "basis " + Quote(d.basis->value), d.basis->range, first);
    Close(d);
  }

  void Test(const Decl& d, Blank blank) {
    const auto& t = std::get<TestDecl>(d.node);
    Open("test " + Quote(d.label ? d.label->value : std::string()),
         Span().Add(StartOf(d.range)).Add(d.label).range(), blank);
    bool first = true;
    for (const TestItem& item : t.items) {
      std::string line;
      switch (item.kind) {
        case TestItem::Kind::kAsOf: line = "as_of " + DateText(item.as_of); break;
        case TestItem::Kind::kGiven:
          line = "given " + item.name.text + " = " + Expr(item.value);
          break;
        case TestItem::Kind::kExpect:
          line = item.fails ? "expect fails " + Expr(item.value) + " with " +
                                  item.fails->text
                            : "expect " + Expr(item.value);
          break;
      }
      Item(2, line, item.range, first);
    }
    if (d.basis) Item(2, "basis " + Quote(d.basis->value), d.basis->range, first);
    Close(d);
  }

  const Module& module_;
  const std::string& text_;
  LineWriter out_;
};

}  // namespace

std::string Format(const Module& module, const SourceFile& file) {
  return ModuleFormatter(module, file).Run();
}

FormatResult FormatSource(const SourceFile& file, const ParseOptions& options) {
  FormatResult result;
  DiagnosticSink sink;
  std::unique_ptr<Module> module = Parse(file, sink, options);
  if (sink.has_errors() || module == nullptr) {
    result.diagnostics = sink.Sorted();
    return result;
  }
  std::string text = Format(*module, file);

  // Prove the output means the same and is already canonical before anyone
  // writes it over the author's file.
  SourceFile again(file.id(), file.path(), text);
  DiagnosticSink again_sink;
  std::unique_ptr<Module> reparsed = Parse(again, again_sink, options);
  SourceRange start{file.id(), 0, 0};
  if (again_sink.has_errors() || reparsed == nullptr || !(*reparsed == *module)) {
    sink.Error("fmt_changed_meaning", start,
               "formatting would change the meaning of this file")
        .Help("this is a bug in `bylaw fmt`; the file was left unchanged");
    result.diagnostics = sink.Sorted();
    return result;
  }
  if (Format(*reparsed, again) != text) {
    sink.Error("fmt_unstable", start,
               "formatting this file twice gives different text")
        .Help("this is a bug in `bylaw fmt`; the file was left unchanged");
    result.diagnostics = sink.Sorted();
    return result;
  }
  result.ok = true;
  result.changed = text != file.text();
  result.text = std::move(text);
  result.diagnostics = sink.Sorted();  // warnings, if the parser gave any
  return result;
}

}  // namespace bylaw::dsl
