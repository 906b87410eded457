// LowerTests (bylaw/dsl/test_bundle.h) and TestExprLowerer
// (test_lowering.h).
#include "test_lowering.h"

#include <algorithm>
#include <exception>
#include <memory>

#include "bundle_builder.h"
#include "bundle_seal.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/test_bundle.h"
#include "expr_lowering.h"
#include "literal_lowering.h"

namespace bylaw::dsl::lower_internal {
namespace {

using nlohmann::json;

// The spelling shown next to a failed comparison, or null when `op` is not
// one whose two sides are worth showing.
const char* ComparisonSpelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kEq: case BinaryOp::kNe: case BinaryOp::kLt:
    case BinaryOp::kLe: case BinaryOp::kGt: case BinaryOp::kGe:
    case BinaryOp::kIn: case BinaryOp::kNotIn: case BinaryOp::kContains:
      return BinaryOpSpelling(op);
    default:
      return nullptr;
  }
}

// Calls `fn(child, in_body)` for each direct subexpression; `in_body` is
// true for a comprehension's body.
template <typename F>
void ForEachChild(const Expr& expr, F&& fn) {
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, FieldExpr>) {
          fn(*node.base, false);
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          fn(*node.operand, false);
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          fn(*node.lhs, false);
          fn(*node.rhs, false);
        } else if constexpr (std::is_same_v<T, IsNoneExpr>) {
          fn(*node.operand, false);
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          fn(*node.cond, false);
          fn(*node.then_expr, false);
          fn(*node.else_expr, false);
        } else if constexpr (std::is_same_v<T, CallExpr>) {
          for (const ExprPtr& a : node.args) fn(*a, false);
        } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
          fn(*node.source, false);
          fn(*node.body, true);
        } else if constexpr (std::is_same_v<T, RecordExpr>) {
          for (const FieldInit& f : node.fields) fn(*f.value, false);
        } else if constexpr (std::is_same_v<T, WithExpr>) {
          fn(*node.base, false);
          for (const FieldInit& f : node.fields) fn(*f.value, false);
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          for (const ExprPtr& i : node.items) fn(*i, false);
        }
      },
      expr.node);
}

bool ContainsDecisionCall(const Expr& expr) {
  if (IsDecisionCall(expr)) return true;
  bool found = false;
  ForEachChild(expr, [&](const Expr& child, bool) {
    found = found || ContainsDecisionCall(child);
  });
  return found;
}

void Collect(const Expr& expr, bool in_body, std::vector<const Expr*>* calls,
             std::vector<const Expr*>* in_bodies) {
  ForEachChild(expr, [&](const Expr& child, bool body) {
    Collect(child, in_body || body, calls, in_bodies);
  });
  if (IsDecisionCall(expr)) (in_body ? in_bodies : calls)->push_back(&expr);
}

std::string CollapseSpaces(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Lowers one test declaration into its synthetic decisions.
class TestLowerer {
 public:
  TestLowerer(const LoweringContext& ctx, const Program& program,
              const Decl& decl, const Module& module, int index)
      : ctx_(ctx),
        program_(program),
        decl_(decl),
        exprs_(ctx, module),
        lower_(exprs_, hoisted_),
        prefix_("__test.t" + std::to_string(index)) {}

  // Fills `tc` and appends the decisions to `decisions`.
  void Run(TestCase& tc, json& decisions);

 private:
  TestLocation At(const SourceRange& range) const;
  std::string TextOf(const SourceRange& range) const;
  void Hoist(const Expr& call_expr, TestCase& tc, json& decisions);
  json Decision(const std::string& name, json items) const;
  std::string Spell(const Expr& e) { return exprs_.Spell(e.type, e.range); }

  const LoweringContext& ctx_;
  const Program& program_;
  const Decl& decl_;
  ExprLowerer exprs_;
  std::unordered_map<const Expr*, std::string> hoisted_;
  TestExprLowerer lower_;
  std::string prefix_;
  json lets_ = json::array();    // the givens lowered so far
  json params_ = json::array();  // the hoisted results so far
  std::vector<std::string> results_;
  // Givens bound to exactly one decision call: name -> index in tc.calls.
  std::unordered_map<std::string, std::size_t> given_calls_;
};

TestLocation TestLowerer::At(const SourceRange& range) const {
  TestLocation at;
  if (!range.valid() ||
      static_cast<std::size_t>(range.file) >= ctx_.sources().size()) {
    return at;
  }
  const SourceFile& file = ctx_.sources().file(range.file);
  LineCol lc = file.LineColAt(range.begin);
  at.file = file.path();
  at.line = static_cast<int>(lc.line);
  at.col = static_cast<int>(lc.column);
  return at;
}

std::string TestLowerer::TextOf(const SourceRange& range) const {
  if (!range.valid() ||
      static_cast<std::size_t>(range.file) >= ctx_.sources().size()) {
    return {};
  }
  return CollapseSpaces(ctx_.sources().file(range.file).Slice(range));
}

json TestLowerer::Decision(const std::string& name, json items) const {
  return {{"name", name},
          {"label", decl_.label ? decl_.label->value : std::string()},
          {"ruleset", "__test"},
          {"params", params_},
          {"items", std::move(items)}};
}

void TestLowerer::Hoist(const Expr& call_expr, TestCase& tc, json& decisions) {
  const auto& call = std::get<CallExpr>(call_expr.node);
  const auto& target = std::get<DecisionDecl>(call.decl->node);
  TestCall tcall;
  const std::string k = std::to_string(tc.calls.size() + 1);
  tcall.args_decision = prefix_ + "_call" + k;
  tcall.decision = ctx_.Qualified(*call.decl);
  for (const Param& p : target.params) tcall.params.push_back(p.name.text);
  for (const DecisionItem& item : target.items) {
    if (item.kind == DecisionItem::Kind::kOutput && item.fallback != nullptr) {
      tcall.fallback_outputs.insert(item.name.text);
    }
  }
  tcall.result = "__call" + k;
  tcall.inputs = results_;
  tcall.text = TextOf(call_expr.range);
  tcall.at = At(call_expr.range);

  // Arguments are lowered before the call is mapped: a decision call
  // inside them is an earlier hoisted call.
  json items = lets_;
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    const Expr& arg = *call.args[i];
    const std::string name = "a" + std::to_string(i);
    items.push_back({{"kind", "output"},
                     {"id", tcall.args_decision + "#" + name},
                     {"name", name},
                     {"type", Spell(arg)},
                     {"expr", lower_.Lower(arg)}});
  }
  decisions.push_back(Decision(tcall.args_decision, std::move(items)));

  hoisted_[&call_expr] = tcall.result;
  params_.push_back({{"name", tcall.result}, {"type", Spell(call_expr)}});
  results_.push_back(tcall.result);
  tc.calls.push_back(std::move(tcall));
}

void TestLowerer::Run(TestCase& tc, json& decisions) {
  const auto& test = std::get<TestDecl>(decl_.node);
  tc.title = decl_.label ? decl_.label->value : std::string();
  tc.ruleset = ctx_.RulesetOf(decl_);
  tc.at = At(decl_.range);
  if (const Ruleset* rs = program_.FindRuleset(tc.ruleset);
      rs != nullptr && rs->effective) {
    tc.as_of = FormatDate(rs->effective->from);
  }
  tc.check_decision = prefix_;
  json outputs = json::array();
  int expects = 0;
  for (const TestItem& item : test.items) {
    if (item.kind == TestItem::Kind::kAsOf) {
      tc.as_of = FormatDate(item.as_of);
      continue;
    }
    if (item.value == nullptr) continue;
    // Calls inside a comprehension body may read its variable, so they
    // stay in the expression (`call_decision`, like in any decision).
    std::vector<const Expr*> calls, in_bodies;
    CollectDecisionCalls(*item.value, &calls, &in_bodies);
    const std::size_t first_call = tc.calls.size();
    for (const Expr* call : calls) Hoist(*call, tc, decisions);

    if (item.kind == TestItem::Kind::kGiven) {
      if (IsDecisionCall(*item.value)) {
        given_calls_[item.name.text] = tc.calls.size() - 1;
      } else {
        given_calls_.erase(item.name.text);
      }
      lets_.push_back({{"kind", "let"},
                       {"name", item.name.text},
                       {"type", Spell(*item.value)},
                       {"expr", lower_.Lower(*item.value)}});
      continue;
    }
    TestExpect expect;
    expect.output = "expect" + std::to_string(++expects);
    expect.text = TextOf(item.range);
    expect.at = At(item.range);
    auto add_output = [&](const std::string& name, const Expr& e) {
      outputs.push_back({{"kind", "output"},
                         {"id", prefix_ + "#" + name},
                         {"name", name},
                         {"type", Spell(e)},
                         {"expr", lower_.Lower(e)}});
    };
    add_output(expect.output, *item.value);
    if (item.fails) {
      // `expect fails E with CODE`: the errors of E's own evaluation and of
      // the decisions it calls (directly, or through a given) count.
      expect.fails = item.fails->text;
      tc.named_error_codes.insert(expect.fails);
      for (std::size_t k = first_call; k < tc.calls.size(); ++k) {
        expect.fails_calls.push_back(k);
      }
      if (const auto* name = std::get_if<NameExpr>(&item.value->node)) {
        auto it = given_calls_.find(name->name.text);
        if (name->decl == nullptr && it != given_calls_.end()) {
          expect.fails_calls.push_back(it->second);
        }
      }
      tc.expects.push_back(std::move(expect));
      continue;
    }
    if (const auto* bin = std::get_if<BinaryExpr>(&item.value->node)) {
      if (const char* op = ComparisonSpelling(bin->op)) {
        expect.op = op;
        expect.lhs_output = expect.output + "_lhs";
        expect.rhs_output = expect.output + "_rhs";
        add_output(expect.lhs_output, *bin->lhs);
        add_output(expect.rhs_output, *bin->rhs);
      }
    }
    tc.expects.push_back(std::move(expect));
  }
  json items = lets_;
  for (json& o : outputs) items.push_back(std::move(o));
  decisions.push_back(Decision(tc.check_decision, std::move(items)));
}

}  // namespace

bool IsDecisionCall(const Expr& expr) {
  const auto* call = std::get_if<CallExpr>(&expr.node);
  return call != nullptr && call->decl != nullptr &&
         call->decl->kind == DeclKind::kDecision;
}

void CollectDecisionCalls(const Expr& expr, std::vector<const Expr*>* calls,
                          std::vector<const Expr*>* in_bodies) {
  Collect(expr, false, calls, in_bodies);
}

json TestExprLowerer::Lower(const Expr& expr) {
  if (auto it = hoisted_.find(&expr); it != hoisted_.end()) {
    return {{"op", "var"}, {"name", it->second}};
  }
  // Everything without a decision call below it is lowered exactly as in
  // a bundle.
  if (!ContainsDecisionCall(expr)) return exprs_.Lower(expr);
  return std::visit(
      [&](const auto& node) -> json {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, FieldExpr>) {
          return {{"op", "field"},
                  {"base", Lower(*node.base)},
                  {"type", exprs_.Spell(node.base->type.AsOptional(false),
                                        node.base->range)},
                  {"name", node.field.text}};
        } else if constexpr (std::is_same_v<T, UnaryExpr>) {
          return {{"op", node.op == UnaryOp::kNeg ? "neg" : "not"},
                  {"arg", Lower(*node.operand)}};
        } else if constexpr (std::is_same_v<T, BinaryExpr>) {
          return {{"op", BinaryOpName(node.op)},
                  {"lhs", Lower(*node.lhs)},
                  {"rhs", Lower(*node.rhs)}};
        } else if constexpr (std::is_same_v<T, IsNoneExpr>) {
          return {{"op", node.negated ? "is_not_none" : "is_none"},
                  {"arg", Lower(*node.operand)}};
        } else if constexpr (std::is_same_v<T, IfExpr>) {
          return {{"op", "if"},
                  {"cond", Lower(*node.cond)},
                  {"then", Lower(*node.then_expr)},
                  {"else", Lower(*node.else_expr)}};
        } else if constexpr (std::is_same_v<T, CallExpr>) {
          return LowerCall(expr, node);
        } else if constexpr (std::is_same_v<T, ComprehensionExpr>) {
          return {{"op", "comp"},
                  {"fn", node.op.text},
                  {"var", node.var.text},
                  {"source", Lower(*node.source)},
                  {"body", Lower(*node.body)}};
        } else if constexpr (std::is_same_v<T, RecordExpr>) {
          std::string type =
              node.decl != nullptr
                  ? exprs_.context().Qualified(*node.decl)
                  : exprs_.Spell(expr.type.AsOptional(false), expr.range);
          return {{"op", "record"},
                  {"type", type},
                  {"fields", LowerFields(node.fields)}};
        } else if constexpr (std::is_same_v<T, WithExpr>) {
          return {{"op", "with"},
                  {"base", Lower(*node.base)},
                  {"type", exprs_.Spell(node.base->type.AsOptional(false),
                                        node.base->range)},
                  {"fields", LowerFields(node.fields)}};
        } else if constexpr (std::is_same_v<T, ListExpr>) {
          json items = json::array();
          for (const ExprPtr& item : node.items) items.push_back(Lower(*item));
          return {{"op", node.is_set ? "set" : "list"},
                  {"items", std::move(items)}};
        } else {
          // Literals and names have no children, so no decision call.
          return exprs_.Lower(expr);
        }
      },
      expr.node);
}

json TestExprLowerer::LowerCall(const Expr& expr, const CallExpr& call) {
  json args = json::array();
  for (const ExprPtr& arg : call.args) args.push_back(Lower(*arg));
  if (call.decl == nullptr) {
    return {{"op", "call"}, {"fn", call.callee.text}, {"args", std::move(args)}};
  }
  const char* op = nullptr;
  switch (call.decl->kind) {
    case DeclKind::kTable: op = "call_table"; break;
    case DeclKind::kRule: op = "call_rule"; break;
    case DeclKind::kScorecard: op = "call_scorecard"; break;
    case DeclKind::kDef: op = "call_def"; break;
    default:
      // A decision call that was not hoisted: ExprLowerer reports it.
      return exprs_.Lower(expr);
  }
  return {{"op", op},
          {"name", exprs_.context().Qualified(*call.decl)},
          {"args", std::move(args)}};
}

json TestExprLowerer::LowerFields(const std::vector<FieldInit>& fields) {
  json out = json::object();
  for (const FieldInit& f : fields) out[f.name.text] = Lower(*f.value);
  return out;
}

}  // namespace bylaw::dsl::lower_internal

namespace bylaw::dsl {

TestBundle LowerTests(const Program& program, const SourceManager& sources,
                      const TestLowerOptions& options) {
  using lower_internal::RulesetView;
  // The same views, in the same order, as Lower (lower.cpp and
  // lower_rulesets.cpp), so that the bundle part is the one hosts get.
  std::vector<RulesetView> views;
  for (const std::unique_ptr<Ruleset>& ruleset : program.rulesets) {
    RulesetView view;
    view.id = ruleset->id;
    view.modules.assign(ruleset->modules.begin(), ruleset->modules.end());
    std::stable_sort(view.modules.begin(), view.modules.end(),
                     [&](const Module* a, const Module* b) {
                       return sources.file(a->file).path() <
                              sources.file(b->file).path();
                     });
    views.push_back(std::move(view));
  }
  std::sort(views.begin(), views.end(),
            [](const RulesetView& a, const RulesetView& b) {
              return a.id < b.id;
            });

  TestBundle out;
  DiagnosticSink sink;
  try {
    lower_internal::LoweringContext ctx(views, sources, sink);
    nlohmann::json doc = lower_internal::BundleBuilder(ctx, "").Build();
    if (sink.has_errors()) {
      out.diagnostics = sink.Sorted();
      return out;
    }
    doc["rulesets"].push_back({{"id", "__test"},
                               {"title", "bylaw test"},
                               {"level", "national"},
                               {"status", "in_force"}});
    int index = 0;
    for (const RulesetView& view : views) {
      for (const Module* module : view.modules) {
        for (const auto& decl : module->decls) {
          if (decl->kind != DeclKind::kTest) continue;
          ++index;
          const std::string title = decl->label ? decl->label->value : "";
          if (!options.filter.empty() &&
              title.find(options.filter) == std::string::npos) {
            continue;
          }
          // A sink per test: one test that cannot be lowered must not take
          // the others down with it.
          DiagnosticSink test_sink;
          lower_internal::LoweringContext tctx(views, sources, test_sink);
          TestCase tc;
          nlohmann::json decisions = nlohmann::json::array();
          lower_internal::TestLowerer(tctx, program, *decl, *module, index)
              .Run(tc, decisions);
          if (test_sink.has_errors()) {
            std::vector<Diagnostic> found = test_sink.Sorted();
            tc.error = found.front().message;
            tc.calls.clear();
            tc.expects.clear();
            out.diagnostics.insert(out.diagnostics.end(), found.begin(),
                                   found.end());
          } else {
            for (auto& d : decisions) doc["decisions"].push_back(std::move(d));
          }
          out.tests.push_back(std::move(tc));
        }
      }
    }
    lower_internal::Seal(doc);
    out.bundle = doc.dump();
  } catch (const std::exception& e) {
    out.bundle.clear();
    sink.Error("lower_internal", SourceRange{},
               std::string("internal error while lowering tests: ") + e.what());
    out.diagnostics = sink.Sorted();
  }
  return out;
}

}  // namespace bylaw::dsl
