// Whether a probe's exploration is exact (see exactness.h).
#include "exactness.h"

#include <algorithm>
#include <map>

#include "bylaw/bundle/schema.h"

namespace bylaw::review::review_internal {
namespace {

// How a value varies over the representative classes, from fixed to free.
enum Class {
  kConst = 0,     // no fact read (literals, params, lets, as_of)
  kFixed = 1,     // constant on each cell, one of the values the code writes
                  // (a row's output, an enum or bool fact, a comparison)
  kComputed = 2,  // constant on each cell, but computed (a sum of row outputs)
  kRaw = 3,       // an ordered fact: exact only against kConst or kFixed
  kShifted = 4,   // an ordered date fact ± a fixed duration: exact against as_of
  kDerived = 5,   // computed from an ordered fact: never exact
};

struct Info {
  Class c = kConst;
  std::optional<bundle::Type> type;  // when known
  bool count = false;  // the length of a fact list
};

// Lengths of fact lists are tried from 0 to 3, and up to one past each
// int literal up to 5 (fact_space.cpp): a comparison with a larger count
// is not cut where it should be.
bool BeyondLengths(const json& node) {
  if (!node.is_object() || node.value("op", "") != bundle::op::kLit ||
      !IsKind(TypeAt(node), bundle::TypeKind::kInt)) {
    return false;
  }
  auto v = node.find("value");
  return v != node.end() && v->is_number_integer() && v->get<long long>() > 5;
}

using Env = std::map<std::string, Info>;

// A type of kind `kind` (optional or not).
std::optional<bundle::Type> OfKind(bundle::TypeKind kind) {
  bundle::Type t;
  t.kind = kind;
  return t;
}

bool Ordered(const std::optional<bundle::Type>& type) {
  using K = bundle::TypeKind;
  return IsKind(type, K::kInt) || IsKind(type, K::kDecimal) || IsKind(type, K::kPercent) ||
         IsKind(type, K::kDate);
}

Info OfType(const std::optional<bundle::Type>& type) {
  return {Ordered(type) ? kRaw : kFixed, type};
}

// `node[key]`, or null when absent (no temporaries to iterate over).
const json& At(const json& node, const char* key) {
  static const json kNull;
  if (!node.is_object()) return kNull;
  auto it = node.find(key);
  return it == node.end() ? kNull : *it;
}

// Iterates an array member, or nothing.
const json& Items(const json& node, const char* key) {
  static const json kEmpty = json::array();
  const json& j = At(node, key);
  return j.is_array() ? j : kEmpty;
}

bool IsAsOf(const json& node) {
  return node.value("op", "") == bundle::op::kCall &&
         (node.value("fn", "") == "as_of" || node.value("fn", "") == "today");
}

class Checker {
 public:
  explicit Checker(const BundleView& view) : view_(view) {}

  std::string Run(const ProbeSpec& probe) {
    Env env;
    for (const auto& [name, type] : probe.params) env[name] = OfType(TypeAt(type));
    for (const json& let : probe.lets) {
      env[let.value("name", "")] = Eval(At(let, "expr"), env);
    }
    where_ = "the answer";
    const Info out = Eval(probe.expr, env);
    if (probe.fallback) Eval(*probe.fallback, env);
    if (out.c >= kRaw) {
      Note("the answer is an ordered fact or is computed from one, and it varies "
           "inside the classes of values the diff compares");
    }
    return why_;
  }

 private:
  void Note(const std::string& why) {
    if (why_.empty()) why_ = why;
  }

  static Info Max(const Info& a, const Info& b) {
    return a.c >= b.c ? a : b;
  }

  void Compare(const json& lhs_node, const Info& l, const json& rhs_node, const Info& r) {
    if ((l.count && BeyondLengths(rhs_node)) || (r.count && BeyondLengths(lhs_node))) {
      CountNote();
    }
    const Class hi = std::max(l.c, r.c), lo = std::min(l.c, r.c);
    if (hi <= kComputed) return;
    if (hi == kRaw) {
      if (lo <= kFixed) return;
      Note(where_ + " compares " +
           std::string(lo == kRaw ? "two ordered facts" : "an ordered fact with a computed value") +
           ", so the classes of values, cut at literals, do not separate the answers");
      return;
    }
    if (hi == kShifted && lo <= kFixed) {
      const json& other = l.c == kShifted ? rhs_node : lhs_node;
      if (IsAsOf(other)) return;
    }
    Note(where_ + " compares a value computed from an ordered fact (arithmetic on it), "
                  "whose cut points are not the literals the diff splits at");
  }

  void CountNote() {
    Note(where_ + " compares the length of a fact list with a count the diff does not "
                  "try (it tries lengths 0 to 6)");
  }

  Info Arith(const std::string& op, const Info& l, const Info& r) {
    if (l.c <= kComputed && r.c <= kComputed) {
      return {l.c == kConst && r.c == kConst ? kConst : kComputed, l.type};
    }
    if ((op == bundle::op::kAdd || op == bundle::op::kSub)) {
      using K = bundle::TypeKind;
      const bool l_date = l.c == kRaw && IsKind(l.type, K::kDate);
      const bool r_duration = r.c <= kFixed && IsKind(r.type, K::kDuration);
      if (l_date && r_duration) return {kShifted, OfKind(K::kDate)};
      if (op == bundle::op::kAdd && r.c == kRaw && IsKind(r.type, K::kDate) && l.c <= kFixed &&
          IsKind(l.type, K::kDuration)) {
        return {kShifted, OfKind(K::kDate)};
      }
    }
    return {kDerived, l.type ? l.type : r.type};
  }

  Info Eval(const json& node, const Env& env) {
    if (++depth_ > 200) {
      --depth_;
      Note("the code is nested too deeply to check");
      return {kDerived, {}};
    }
    Info out = EvalNode(node, env);
    --depth_;
    return out;
  }

  Info EvalNode(const json& node, const Env& env) {
    if (!node.is_object()) return {};
    const std::string op = node.value("op", "");
    if (op == bundle::op::kLit) return {kConst, TypeAt(node)};
    if (op == bundle::op::kParam || op == bundle::op::kGlobal) return {kConst, {}};
    if (op == bundle::op::kVar) {
      auto it = env.find(node.value("name", ""));
      return it == env.end() ? Info{kRaw, {}} : it->second;
    }
    if (op == bundle::op::kField) return Field(node, env);
    if (op == bundle::op::kNot || op == bundle::op::kIsNone || op == bundle::op::kIsNotNone) {
      const Info a = Eval(At(node, "arg"), env);
      return {a.c == kConst ? kConst : kFixed, OfKind(bundle::TypeKind::kBool)};
    }
    if (op == bundle::op::kNeg) {
      const Info a = Eval(At(node, "arg"), env);
      return Arith("neg", a, Info{});
    }
    if (op == bundle::op::kAnd || op == bundle::op::kOr) {
      const Info l = Eval(At(node, "lhs"), env);
      const Info r = Eval(At(node, "rhs"), env);
      return {l.c == kConst && r.c == kConst ? kConst : kFixed, OfKind(bundle::TypeKind::kBool)};
    }
    if (op == bundle::op::kEq || op == bundle::op::kNe || op == bundle::op::kLt ||
        op == bundle::op::kLe || op == bundle::op::kGt || op == bundle::op::kGe ||
        op == bundle::op::kIn || op == bundle::op::kNotIn || op == bundle::op::kContains) {
      const json& ln = At(node, "lhs");
      const json& rn = At(node, "rhs");
      const Info l = Eval(ln, env), r = Eval(rn, env);
      Compare(ln, l, rn, r);
      return {l.c == kConst && r.c == kConst ? kConst : kFixed, OfKind(bundle::TypeKind::kBool)};
    }
    if (op == bundle::op::kAdd || op == bundle::op::kSub || op == bundle::op::kMul ||
        op == bundle::op::kDiv) {
      const Info l = Eval(At(node, "lhs"), env);
      const Info r = Eval(At(node, "rhs"), env);
      return Arith(op, l, r);
    }
    if (op == bundle::op::kIf) {
      const Info c = Eval(At(node, "cond"), env);
      Info out = Max(Eval(At(node, "then"), env), Eval(At(node, "else"), env));
      if (c.c != kConst && out.c == kConst) out.c = kFixed;
      return out;
    }
    if (op == bundle::op::kList || op == bundle::op::kSet) {
      Info out;
      for (const json& i : Items(node, "items")) out = Max(out, Eval(i, env));
      return out;
    }
    if (op == bundle::op::kRecord || op == bundle::op::kWith) {
      Info out;
      if (op == bundle::op::kWith) out = Eval(At(node, "base"), env);
      const json& fields = At(node, "fields");
      if (fields.is_object()) {
        for (auto it = fields.begin(); it != fields.end(); ++it) out = Max(out, Eval(*it, env));
      }
      out.type = TypeAt(node);
      return out;
    }
    if (op == bundle::op::kCall) return Builtin(node, env);
    if (op == bundle::op::kComp) return Comprehension(node, env);
    if (bundle::IsDeclCall(op)) {
      return Call(node, env, "");
    }
    Note("the code uses `" + op + "`, which the diff does not know how to check");
    return {kDerived, {}};
  }

  Info Field(const json& node, const Env& env) {
    const json& base = At(node, "base");
    const std::string name = node.value("name", "");
    const std::string base_op = base.value("op", "");
    if (base_op == bundle::op::kCallTable || base_op == bundle::op::kCallScorecard)
      return Call(base, env, name);
    const Info b = Eval(base, env);
    if (b.c == kConst) return b;
    std::optional<bundle::Type> record = TypeAt(node);
    if (!record) record = b.type;
    if (const auto* fields = record ? view_.RecordFields(record->name) : nullptr) {
      for (const bundle::Binding& f : *fields) {
        if (f.name == name) return OfType(f.type);
      }
    }
    return b.c >= kRaw ? b : Info{kFixed, {}};
  }

  Info Builtin(const json& node, const Env& env) {
    const std::string fn = node.value("fn", "");
    if (fn == "as_of" || fn == "today") return {kConst, OfKind(bundle::TypeKind::kDate)};
    std::vector<Info> args;
    Info most;
    for (const json& a : Items(node, "args")) {
      args.push_back(Eval(a, env));
      most = Max(most, args.back());
    }
    if (fn == "reasons" || fn == "followups") return {most.c == kConst ? kConst : kFixed, {}};
    // The element of a list: the fact space does not model it, so the diff
    // says so rather than guess.
    if (fn == "only") return most.c == kConst ? Info{kConst, {}} : Info{kDerived, {}};
    if (fn == "count" || fn == "len") {
      return {most.c == kConst ? kConst : kRaw, OfKind(bundle::TypeKind::kInt),
              fn == "count" && most.c != kConst};
    }
    if (most.c <= kComputed) return {most.c == kConst ? kConst : kComputed, most.type};
    return {kDerived, most.type};
  }

  Info Comprehension(const json& node, const Env& env) {
    const std::string fn = node.value("fn", "");
    const Info source = Eval(At(node, "source"), env);
    Env inner = env;
    inner[node.value("var", "")] = {source.c == kConst ? kConst : kRaw, {}};
    const Info body = Eval(At(node, "body"), inner);
    const bool fixed = source.c == kConst && body.c == kConst;
    if (fn == "any" || fn == "all")
      return {fixed ? kConst : kFixed, OfKind(bundle::TypeKind::kBool)};
    if (fn == "count") {
      return {source.c == kConst ? kConst : kRaw, OfKind(bundle::TypeKind::kInt),
              source.c != kConst};
    }
    if (fn == "filter") return Max(source, {kFixed, {}});
    if (fn == "map") return Max({fixed ? kConst : kFixed, {}}, body);
    if (body.c <= kComputed) return {fixed ? kConst : kComputed, body.type};
    return {kDerived, body.type};
  }

  // A call, or one output (`field`) of a table's or scorecard's result.
  Info Call(const json& node, const Env& env, const std::string& field) {
    const std::string op = node.value("op", "");
    const std::string name = node.value("name", "");
    const std::string kind = op.substr(5);  // table, rule, def, scorecard
    const json* decl = view_.Find(kind, name);
    std::vector<Info> args;
    for (const json& a : Items(node, "args")) args.push_back(Eval(a, env));
    if (decl == nullptr) return {kDerived, {}};
    std::string key = kind + ":" + name + "(";
    for (const Info& a : args) key += std::to_string(a.c) + ",";
    key += ")." + field;
    if (auto it = memo_.find(key); it != memo_.end()) return it->second;
    memo_[key] = {kDerived, {}};  // no recursion in bundles; a guard all the same
    Env inner;
    const json& params = Items(*decl, "params");
    for (std::size_t i = 0; i < params.size(); ++i) {
      const std::optional<bundle::Type> type = TypeAt(params[i]);
      Info a = i < args.size() ? args[i] : Info{kRaw, type};
      if (!a.type) a.type = type;
      inner[params[i].value("name", "")] = a;
    }
    const std::string saved = where_;
    where_ = kind + " `" + name + "`";
    Info out;
    if (kind == "table") {
      out = Table(*decl, inner, field);
    } else if (kind == "rule") {
      Eval(At(*decl, "condition"), inner);
      for (const json& e : Items(*decl, "excepts")) {
        Eval(At(e, "when"), inner);
      }
      out = {kFixed, {}};
    } else if (kind == "def") {
      out = Eval(At(*decl, "body"), inner);
    } else {
      out = Scorecard(*decl, inner, field);
    }
    where_ = saved;
    memo_[key] = out;
    return out;
  }

  Info Table(const json& table, const Env& env, const std::string& field) {
    bool fact_input = false;
    const json& inputs = Items(table, "inputs");
    std::vector<Info> columns;
    for (const json& in : inputs) {
      Info c = Eval(At(in, "expr"), env);
      if (!c.type) c.type = TypeAt(in);
      columns.push_back(c);
      fact_input = fact_input || c.c != kConst;
      if (c.c >= kShifted) {
        Note(where_ + " has a column computed from an ordered fact, whose cut points are "
                      "not the literals its cells write");
      }
    }
    const json& outputs = Items(table, "outputs");
    Info out;
    for (const json& row : Items(table, "rows")) {
      const json& cells = Items(row, "cells");
      for (std::size_t j = 0; j < cells.size() && j < columns.size(); ++j) {
        if (columns[j].c != kRaw) continue;
        if (columns[j].count) {
          for (const json& v : Items(cells[j], "eq")) {
            if (BeyondLengths(v)) CountNote();
          }
          for (const json& r : Items(cells[j], "ranges")) {
            for (const char* end : {"low", "high"}) {
              if (BeyondLengths(At(r, end))) CountNote();
            }
          }
        }
        for (const json& v : Items(cells[j], "eq")) {
          if (Eval(v, env).c > kFixed) Note(where_ + " compares an ordered fact with a computed cell");
        }
        for (const json& r : Items(cells[j], "ranges")) {
          for (const char* end : {"low", "high"}) {
            if (r.contains(end) && !r[end].is_null() && Eval(r[end], env).c > kFixed) {
              Note(where_ + " compares an ordered fact with a computed cell");
            }
          }
        }
      }
      const json& values = Items(row, "outputs");
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (!field.empty() && k < outputs.size() && outputs[k].value("name", "") != field) continue;
        Info v = Eval(values[k], env);
        if (k < outputs.size() && !v.type) v.type = TypeAt(outputs[k]);
        out = Max(out, v);
      }
    }
    if (fact_input && out.c == kConst) out.c = kFixed;
    const json& agg = At(table, "aggregator");
    if (agg.is_string() && out.c <= kComputed && fact_input) out.c = kComputed;
    return out;
  }

  Info Scorecard(const json& card, const Env& env, const std::string& field) {
    Info score;
    for (const json& ind : Items(card, "indicators")) {
      const Info w = Eval(At(ind, "weight"), env);
      Info v = Eval(At(ind, "value"), env);
      if (IsKind(v.type, bundle::TypeKind::kBool)) v.c = std::min(v.c, kFixed);
      const Info p = Arith("mul", w, v);
      if (p.c >= kRaw) {
        Note(where_ + " sums indicator `" + ind.value("name", "") +
             "`, computed from an ordered fact, so its bands do not cut that fact at the "
             "literals the diff splits at");
      }
      score = Max(score, p);
    }
    if (score.c == kFixed) score.c = kComputed;
    if (field == "score" || field.empty()) {
      return {score.c,
              field.empty() ? std::optional<bundle::Type>() : OfKind(bundle::TypeKind::kDecimal)};
    }
    return {score.c == kConst ? kConst : kFixed, {}};
  }

  const BundleView& view_;
  std::string why_;
  std::string where_;
  std::map<std::string, Info> memo_;
  int depth_ = 0;
};

}  // namespace

std::string InexactReason(const BundleView& view, const ProbeSpec& probe) {
  return Checker(view).Run(probe);
}

}  // namespace bylaw::review::review_internal
