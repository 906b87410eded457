// LowerTests (bylaw/dsl/test_bundle.h) and the decision-call helpers of
// test_lowering.h.
#include "test_lowering.h"

#include <algorithm>
#include <exception>
#include <memory>

#include "bundle_builder.h"
#include "bundle_seal.h"
#include "bylaw/dsl/ast_walk.h"
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
  TestLowerer(const LoweringContext& ctx, const Program& program, const Decl& decl,
              const Module& module, int index)
      : ctx_(ctx),
        program_(program),
        decl_(decl),
        exprs_(ctx, module),
        prefix_("__test.t" + std::to_string(index)) {}

  // Fills `tc` and appends the decisions to `decisions`.
  void Run(TestCase& tc, json& decisions);

 private:
  TestLocation At(const SourceRange& range) const;
  std::string TextOf(const SourceRange& range) const;
  void Hoist(const Expr& call_expr, TestCase& tc, json& decisions);
  json Decision(const std::string& name, json items) const;
  nlohmann::json TypeOf(const Expr& e) { return exprs_.TypeOf(e.type, e.range); }
  json Lower(const Expr& e) { return exprs_.Lower(e, &hoisted_); }

  const LoweringContext& ctx_;
  const Program& program_;
  const Decl& decl_;
  ExprLowerer exprs_;
  // Each decision call hoisted so far, lowered as a `var` naming the param
  // that carries its outputs.
  std::unordered_map<const Expr*, std::string> hoisted_;
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
                     {"type", TypeOf(arg)},
                     {"expr", Lower(arg)}});
  }
  decisions.push_back(Decision(tcall.args_decision, std::move(items)));

  hoisted_[&call_expr] = tcall.result;
  params_.push_back({{"name", tcall.result}, {"type", TypeOf(call_expr)}});
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
                       {"type", TypeOf(*item.value)},
                       {"expr", Lower(*item.value)}});
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
                         {"type", TypeOf(e)},
                         {"expr", Lower(e)}});
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
