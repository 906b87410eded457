// The expression-IR interpreter (see evaluator.h).
//
// Failures are not exceptions: every step returns false after Fail() set
// the error code and message, and callers return false in turn, up to the
// decision output, which records the error and takes its `else` value.
// Frames live on the C++ stack (Frame), so pointers into a frame stay valid
// for the whole call and variables are read without copying (Ref).
#include "evaluator.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <new>
#include <optional>

#include "bylaw/base/civil_date.h"
#include "bylaw/runtime/decimal.h"
#include "call_memo.h"
#include "decision_plan.h"
#include "eval_frame.h"
#include "table_index.h"

namespace bylaw::runtime::runtime_internal {
namespace {

// Points a comprehension variable back at its own slot on scope exit, so no
// ref outlives the list element it borrowed.
class RefReset {
 public:
  RefReset(FrameSlots f, std::uint32_t slot) : f_(f), slot_(slot) {}
  ~RefReset() { f_.refs[slot_] = &f_.vals[slot_]; }

 private:
  FrameSlots f_;
  std::uint32_t slot_;
};

// A variable or a field chain on one: Ref reads it in place and never
// needs its scratch value.
bool IsPlace(const Node& n) {
  if (n.op == Op::kVar) return true;
  return n.op == Op::kField && IsPlace(*n.kids[0]);
}

constexpr std::int64_t kScale = kDecimalScale;

bool IsNumeric(ValueKind k) {
  return k == ValueKind::kInt || k == ValueKind::kDecimal || k == ValueKind::kPercent;
}

__int128 Scaled(const Value& v) {
  return v.kind() == ValueKind::kInt ? static_cast<__int128>(v.int_value()) * kScale
                                     : static_cast<__int128>(v.scaled_value());
}

const char* KindName(ValueKind k) {
  switch (k) {
    case ValueKind::kMissing: return "missing";
    case ValueKind::kNull: return "none";
    case ValueKind::kBool: return "bool";
    case ValueKind::kInt: return "int";
    case ValueKind::kDecimal: return "decimal";
    case ValueKind::kPercent: return "percent";
    case ValueKind::kText: return "text";
    case ValueKind::kDate: return "date";
    case ValueKind::kDuration: return "duration";
    case ValueKind::kEnum: return "enum";
    case ValueKind::kMatter: return "Matter";
    case ValueKind::kList: return "list";
    case ValueKind::kRecord: return "record";
  }
  return "?";
}

bool IsRuleCall(PlanOp op) { return op == PlanOp::kCallRule || op == PlanOp::kInlineRule; }
// `in`, `not in`, `contains`: Member (bool form) or Membership (value form).
bool IsMembership(PlanOp op) {
  return op == PlanOp::kIn || op == PlanOp::kNotIn || op == PlanOp::kContains;
}

const Value& NullValue() {
  static const Value null = Value::Null();
  return null;
}

std::size_t Utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

Evaluator::Evaluator(const Model& model, std::int64_t as_of, TraceBuffer* trace,
                     const std::vector<const Value*>* overrides)
    : m_(model),
      as_of_(as_of),
      trace_(trace),
      trace_all_(trace != nullptr),
      overrides_(overrides) {}

bool Evaluator::Fail(const char* code, std::string message) {
  err_code_ = code;
  err_msg_ = std::move(message);
  return false;
}

Evaluator::~Evaluator() = default;

void Evaluator::set_plan(const PlanSet* plan) {
  plan_ = plan;
  if (plan == nullptr) return;
  code_ = plan->code.data();
  kids_ = plan->kids.data();
  consts_ = plan->consts.data();
  roots_ = plan->roots.data();
}

inline std::uint32_t Evaluator::PKid(const PlanInstr& in, std::uint32_t k) const {
  if (k == 0) return in.kid0;
  if (k == 1) return in.kid1;
  return kids_[in.kids + k];
}

// How a record's detail is written (TraceRecord::form), per kind.
enum TableForm : std::uint8_t { kTableHit, kTableDefault, kTableNoMatch };
enum RuleForm : std::uint8_t { kRuleNotInForce, kRuleHolds, kRuleExcepted, kRuleStands };
enum OutputForm : std::uint8_t { kOutputValue, kOutputElse, kOutputFailed };
// The row index that stands for a table's `default` row.
constexpr std::uint32_t kDefaultRowIndex = ~std::uint32_t{0};

TraceRecord& Evaluator::NewRecord(TraceEvent::Kind kind, const void* item, const void* extra,
                                  std::uint8_t form) {
  TraceRecord& r = trace_->records.emplace_back();
  r.kind = kind;
  r.item = item;
  r.extra = extra;
  r.form = form;
  return r;
}

void Evaluator::TraceOutput(const DecisionItem& item, std::uint8_t form, const Value& value) {
  if (!trace_all_) return;
  NewRecord(TraceEvent::Kind::kOutput, &item, nullptr, form).value = value;
}

void Evaluator::ReplayTrace(std::uint32_t begin, std::uint32_t end) {
  // The reference makes the call again: the same steps, but no fact is
  // new the second time (TraceFact) and no global is computed again
  // (GlobalRef): those records are `once`.
  for (std::uint32_t i = begin; i < end; ++i) {
    if (trace_->records[i].once) continue;
    TraceRecord r = trace_->records[i];
    trace_->records.push_back(std::move(r));
  }
}

void WriteTraceEvent(const TraceRecord& r, const std::vector<std::uint32_t>& rows, TraceEvent* e) {
  e->kind = r.kind;
  e->rows.clear();
  e->detail.clear();
  e->source = nullptr;
  switch (r.kind) {
    case TraceEvent::Kind::kFact:
      e->id.assign(r.value.record_path())
          .append(1, '.')
          .append(*static_cast<const std::string*>(r.item));
      return;
    case TraceEvent::Kind::kParam: {
      const auto& pv = *static_cast<const ParamValue*>(r.item);
      e->id.assign(pv.id);
      e->detail = pv.value.ToString();
      e->source = pv.source;
      return;
    }
    case TraceEvent::Kind::kTable: {
      const auto& t = *static_cast<const Table*>(r.item);
      e->id.assign(t.name);
      e->source = t.source;
      static const char* const kForms[] = {"", "default", "no_match"};
      e->detail.assign(kForms[r.form]);
      bool with_default = false;
      for (std::uint32_t i = 0; i < r.rows_count; ++i) {
        const std::uint32_t row = rows[r.rows_begin + i];
        if (row == kDefaultRowIndex) {
          with_default = true;
        } else {
          e->rows.push_back(t.rows[row].id);
        }
      }
      if (t.hit == HitPolicy::kPriority) std::sort(e->rows.begin(), e->rows.end());
      if (with_default) e->rows.push_back(t.default_row->id);
      return;
    }
    case TraceEvent::Kind::kRule: {
      static const char* const kForms[] = {"not_in_force", "holds", "excepted", "stands"};
      e->id.assign(*static_cast<const std::string*>(r.item));
      e->detail.assign(kForms[r.form]);
      e->source = static_cast<const SourceLocation*>(r.extra);
      return;
    }
    case TraceEvent::Kind::kScorecard: {
      const auto& s = *static_cast<const Scorecard*>(r.item);
      e->id.assign(s.name);
      e->source = s.source;
      e->rows.push_back(static_cast<const Band*>(r.extra)->id);
      e->detail = r.value.ToString() + " => " + r.value2.ToString();
      return;
    }
    case TraceEvent::Kind::kOutput: {
      const auto& item = *static_cast<const DecisionItem*>(r.item);
      e->id.assign(item.id);
      e->source = item.source;
      if (r.form == kOutputFailed) {
        e->detail.assign("failed");
      } else {
        e->detail = (r.form == kOutputElse ? "else " : "") + r.value.ToString();
      }
      return;
    }
  }
}

void Evaluator::TraceFact(const Value& record, std::uint32_t slot, const std::string& field) {
  if (!trace_all_) return;
  const std::string_view base = record.record_path();
  if (base.empty()) return;
  // The storage names the record (and so its type), the slot its field.
  const void* storage = record.items().data();
  if (slot < 64) {
    SeenFacts* seen = nullptr;
    for (SeenFacts& s : facts_seen_) {
      if (s.storage == storage) {
        seen = &s;
        break;
      }
    }
    if (seen == nullptr) seen = &facts_seen_.emplace_back(SeenFacts{storage, 0});
    const std::uint64_t bit = std::uint64_t{1} << slot;
    if ((seen->slots & bit) != 0) return;
    seen->slots |= bit;
  } else {
    const std::pair<const void*, std::uint32_t> key{storage, slot};
    for (const auto& seen : wide_facts_seen_) {
      if (seen == key) return;
    }
    wide_facts_seen_.push_back(key);
  }
  TraceRecord& r = NewRecord(TraceEvent::Kind::kFact, &field, nullptr, 0);
  r.value = record;
  r.once = true;
}

bool Evaluator::MissingVar(const Node& n) {
  if (frame_.refs == decision_frame_ && n.slot < let_errors_.size() &&
      !let_errors_[n.slot].first.empty()) {
    err_code_ = let_errors_[n.slot].first;
    err_msg_ = let_errors_[n.slot].second;
    return false;
  }
  if (frame_.refs == decision_frame_) return Fail("MISSING_FACT", "`$." + n.name + "` is missing");
  return Fail("MISSING_FACT", "`" + n.name + "` is missing");
}

bool Evaluator::MissingField(const Value& record, const Node& n) {
  if (!record.record_path().empty()) {
    return Fail("MISSING_FACT",
                "`" + std::string(record.record_path()) + "." + n.name + "` is missing");
  }
  return Fail("MISSING_FACT", "field `" + n.name + "` of `" + record.record_type()->name +
                                  "` is missing");
}

const Value* Evaluator::FieldRef(const Value& base, const Node& n) {
  if (base.kind() != ValueKind::kRecord) {
    Fail("TYPE_ERROR", "field `" + n.name + "` of a " + KindName(base.kind()) + " value");
    return nullptr;
  }
  if (base.record_type() != n.record) {
    Fail("TYPE_ERROR", "field `" + n.name + "`: expected `" + n.record->name + "`, got `" +
                           base.record_type()->name + "`");
    return nullptr;
  }
  if (trace_) [[unlikely]]
    TraceFact(base, n.slot, n.name);
  const Value* f = &base.items()[n.slot];
  if (f->is_missing()) {
    MissingField(base, n);
    return nullptr;
  }
  return f;
}

const Value* Evaluator::MatterFieldRef(const Value& base, const Node& n) {
  if (base.kind() != ValueKind::kMatter) {
    Fail("TYPE_ERROR",
         "field `" + n.name + "` of a " + KindName(base.kind()) + " value, expected a Matter");
    return nullptr;
  }
  return &base.matter()->fields[n.slot];
}

const Value* Evaluator::Ref(const Node& n, Value* tmp) {
  if (n.op == Op::kVar) {
    const Value* v = frame_.refs[n.slot];
    if (v->is_missing()) {
      MissingVar(n);
      return nullptr;
    }
    return v;
  }
  if (n.op == Op::kField) {
    const Value* base = Ref(*n.kids[0], tmp);
    return base == nullptr ? nullptr : FieldRef(*base, n);
  }
  switch (n.op) {
    case Op::kLit:
      return &n.constant;
    case Op::kParam:
      return ParamRef(n.slot);
    case Op::kGlobal:
      return GlobalRef(n.slot);
    case Op::kMatterField: {
      const Value* base = Ref(*n.kids[0], tmp);
      return base == nullptr ? nullptr : MatterFieldRef(*base, n);
    }
    default:
      break;
  }
  if (!Eval(n, tmp)) return nullptr;
  return tmp;
}

bool Evaluator::EvalBool(const Node& n, bool* out) {
  switch (n.op) {
    case Op::kNot:
      if (!EvalBool(*n.kids[0], out)) return false;
      *out = !*out;
      return true;
    case Op::kAnd:
    case Op::kOr:
      if (!EvalBool(*n.kids[0], out)) return false;
      if (*out == (n.op == Op::kOr)) return true;
      return EvalBool(*n.kids[1], out);
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe: {
      Value t1, t2;
      const Value* a = Ref(*n.kids[0], &t1);
      if (a == nullptr) return false;
      const Value* b = Ref(*n.kids[1], &t2);
      if (b == nullptr) return false;
      return CompareOp(n.op, *a, *b, out);
    }
    case Op::kIsNone:
    case Op::kIsNotNone: {
      Value tmp;
      const Value* v = Ref(*n.kids[0], &tmp);
      if (v == nullptr) return false;
      *out = v->is_null() == (n.op == Op::kIsNone);
      return true;
    }
    default:
      break;
  }
  Value tmp;
  return BoolOf(Ref(n, &tmp), out);
}

bool Evaluator::BoolOf(const Value* v, bool* out) {
  if (v == nullptr) return false;
  if (v->kind() != ValueKind::kBool) [[unlikely]] {
    return Fail("TYPE_ERROR", std::string("expected bool, got ") + KindName(v->kind()));
  }
  *out = v->bool_value();
  return true;
}

bool Evaluator::CompareOp(Op op, const Value& a, const Value& b, bool* out) {
  if (op == Op::kEq || op == Op::kNe) {
    *out = ValuesEqual(a, b) == (op == Op::kEq);
    return true;
  }
  return Compare(op, a, b, out);
}

bool Evaluator::EvalMatterWhere(const Matter& m, const Value& object, bool* holds) {
  if (m.where == nullptr) {
    *holds = true;
    return true;
  }
  Frame f(m.where_frame);
  f.slots().refs[0] = &object;
  FrameSwitch sw(&frame_, f.slots());
  return EvalBool(*m.where, holds);
}

bool Evaluator::EvalConstant(const Node& node, Value* out) {
  Frame f(0);
  FrameSwitch sw(&frame_, f.slots());
  return Eval(node, out);
}

bool Evaluator::Eval(const Node& n, Value* out) {
  switch (n.op) {
    case Op::kLit:
      *out = n.constant;
      return true;
    case Op::kVar:
    case Op::kField: {
      Value tmp;
      const Value* v = Ref(n, &tmp);
      if (v == nullptr) return false;
      *out = *v;
      return true;
    }
    case Op::kParam:
    case Op::kGlobal:
    case Op::kMatterField: {
      Value tmp;
      const Value* v = Ref(n, &tmp);
      if (v == nullptr) return false;
      *out = *v;
      return true;
    }
    case Op::kProject: {
      Value tmp;
      const Value* base = Ref(*n.kids[0], &tmp);
      if (base == nullptr) return false;
      if (base->kind() != ValueKind::kList) {
        return Fail("TYPE_ERROR", "field `" + n.name + "` of a " + KindName(base->kind()));
      }
      std::vector<Value> items;
      items.reserve(base->items().size());
      for (const Value& r : base->items()) {
        if (r.kind() != ValueKind::kRecord || r.record_type() != n.record) {
          return Fail("TYPE_ERROR", "field `" + n.name + "` of a non-record list element");
        }
        if (trace_) [[unlikely]] TraceFact(r, n.slot, n.name);
        const Value& f = r.items()[n.slot];
        if (f.is_missing()) return MissingField(r, n);
        items.push_back(f);
      }
      *out = Value::List(std::move(items));
      return true;
    }
    case Op::kNot:
    case Op::kAnd:
    case Op::kOr:
    case Op::kEq:
    case Op::kNe:
    case Op::kLt:
    case Op::kLe:
    case Op::kGt:
    case Op::kGe:
    case Op::kIsNone:
    case Op::kIsNotNone: {
      bool b;
      if (!EvalBool(n, &b)) return false;
      *out = Value::Bool(b);
      return true;
    }
    case Op::kNeg: {
      Value v;
      if (!Eval(*n.kids[0], &v)) return false;
      switch (v.kind()) {
        case ValueKind::kInt:
          if (v.int_value() == std::numeric_limits<std::int64_t>::min()) {
            return Fail("ARITHMETIC", "integer overflow");
          }
          *out = Value::Int(-v.int_value());
          return true;
        case ValueKind::kDecimal: *out = Value::DecimalScaled(-v.scaled_value()); return true;
        case ValueKind::kPercent: *out = Value::PercentScaled(-v.scaled_value()); return true;
        default: return Fail("TYPE_ERROR", std::string("cannot negate ") + KindName(v.kind()));
      }
    }
    case Op::kIn:
    case Op::kNotIn:
    case Op::kContains: {
      Value t1, t2;
      const Value* a = Ref(*n.kids[0], &t1);
      if (a == nullptr) return false;
      const Value* b = Ref(*n.kids[1], &t2);
      if (b == nullptr) return false;
      return Membership(n.op, *a, *b, out);
    }
    case Op::kAdd:
    case Op::kSub:
    case Op::kMul:
    case Op::kDiv: {
      Value t1, t2;
      const Value* a = Ref(*n.kids[0], &t1);
      if (a == nullptr) return false;
      const Value* b = Ref(*n.kids[1], &t2);
      if (b == nullptr) return false;
      return Arith(n.op, *a, *b, out);
    }
    case Op::kIf: {
      bool c;
      if (!EvalBool(*n.kids[0], &c)) return false;
      return Eval(*n.kids[c ? 1 : 2], out);
    }
    case Op::kList:
    case Op::kSet: {
      std::vector<Value> items;
      items.reserve(n.kids.size());
      for (const auto& k : n.kids) {
        Value v;
        if (!Eval(*k, &v)) return false;
        if (n.op == Op::kSet &&
            std::any_of(items.begin(), items.end(),
                        [&](const Value& x) { return ValuesEqual(x, v); })) {
          continue;
        }
        items.push_back(std::move(v));
      }
      *out = Value::List(std::move(items));
      return true;
    }
    case Op::kRecord:
    case Op::kWith: {
      std::vector<Value> fields;
      std::size_t first = 0;
      if (n.op == Op::kWith) {
        Value base;
        if (!Eval(*n.kids[0], &base)) return false;
        if (base.kind() != ValueKind::kRecord || base.record_type() != n.record) {
          return Fail("TYPE_ERROR", "`with` on a value that is not a `" + n.record->name + "`");
        }
        fields.assign(base.items().begin(), base.items().end());
        first = 1;
      } else {
        fields.resize(n.record->field_names.size());
        for (std::size_t i = 0; i < fields.size(); ++i) {
          if (n.record->field_types[i]->optional) fields[i] = Value::Null();
        }
      }
      for (std::size_t i = first; i < n.kids.size(); ++i) {
        if (!Eval(*n.kids[i], &fields[n.field_slots[i - first]])) return false;
      }
      *out = Value::Record(n.record, std::move(fields));
      return true;
    }
    case Op::kCallTable:
    case Op::kCallScorecard:
    case Op::kCallDef: {
      Frame f(CalleeFrameSize(n));
      if (!EvalArgs(n, f.slots())) return false;
      return InvokeCallee(n, f.slots(), out, nullptr);
    }
    case Op::kCallRule: {
      RuleResult rr;
      if (!CallRuleNode(n, &rr)) return false;
      *out = rr.stands ? static_cast<const Rule*>(n.target)->reason : Value::Null();
      return true;
    }
    case Op::kCallDecision: {
      const auto& d = *static_cast<const Decision*>(n.target);
      Frame f(d.frame_size);
      if (!EvalArgs(n, f.slots())) return false;
      return InvokeDecision(n, d, f.slots(), out);
    }
    case Op::kBuiltin:
      return Builtin(n, out);
    case Op::kComp:
      return Comprehension(n, out);
  }
  return Fail("TYPE_ERROR", "unknown operation");
}

std::uint32_t Evaluator::CalleeFrameSize(const Node& call) {
  switch (call.op) {
    case Op::kCallTable: return static_cast<const Table*>(call.target)->frame_size;
    case Op::kCallScorecard: return static_cast<const Scorecard*>(call.target)->frame_size;
    case Op::kCallDef: return static_cast<const Def*>(call.target)->frame_size;
    case Op::kCallRule: return static_cast<const Rule*>(call.target)->frame_size;
    default: return static_cast<const Decision*>(call.target)->frame_size;
  }
}

bool Evaluator::InvokeCallee(const Node& call, FrameSlots frame, Value* out,
                             const std::uint32_t* body, bool memo_ok) {
  auto invoke = [&] {
    switch (call.op) {
      case Op::kCallTable: return InvokeTable(*static_cast<const Table*>(call.target), frame, out);
      case Op::kCallScorecard:
        return InvokeScorecard(*static_cast<const Scorecard*>(call.target), frame, out);
      default: return InvokeDef(*static_cast<const Def*>(call.target), frame, out, body);
    }
  };
  bool memo = false;
  switch (call.op) {
    case Op::kCallTable: memo = static_cast<const Table*>(call.target)->memo; break;
    case Op::kCallScorecard: memo = static_cast<const Scorecard*>(call.target)->memo; break;
    default: memo = static_cast<const Def*>(call.target)->memo; break;
  }
  if (memo_ == nullptr || !memo || !memo_ok) return invoke();
  if (MemoHit(call.target, call, frame, out)) return true;
  const std::size_t reported = nested_errors_.size();
  const std::uint32_t mark = TraceMark();
  if (!invoke()) return false;
  if (nested_errors_.size() == reported) MemoKeep(call.target, call, frame, *out, mark);
  return true;
}

bool Evaluator::EvalArgs(const Node& call, FrameSlots frame) {
  if (++depth_ > 200) {
    --depth_;
    return Fail("TYPE_ERROR", "call depth limit exceeded");
  }
  for (std::size_t i = 0; i < call.kids.size(); ++i) {
    // A variable or field argument is borrowed from the caller, not copied.
    const Value* v = Ref(*call.kids[i], &frame.vals[i]);
    if (v == nullptr) {
      --depth_;
      return false;
    }
    frame.refs[i] = v;
  }
  --depth_;
  return true;
}

const Value* Evaluator::ParamRef(std::uint32_t index) {
  if (overrides_ != nullptr && (*overrides_)[index] != nullptr) return (*overrides_)[index];
  const Param& p = m_.params[index];
  for (auto it = p.values.rbegin(); it != p.values.rend(); ++it) {
    if (it->from <= as_of_) {
      if (trace_all_) [[unlikely]]
        NewRecord(TraceEvent::Kind::kParam, &*it, nullptr, 0);
      return &it->value;
    }
  }
  Fail("MISSING_PARAM", "param `" + p.name + "` has no value in force on " + FormatDate(as_of_));
  return nullptr;
}

const Value* Evaluator::GlobalRef(std::uint32_t index) {
  // INVARIANT: globals_ is sized once, so pointers into it stay valid for
  // the whole evaluation.
  if (globals_.empty()) {
    globals_.resize(m_.globals.size());
    global_state_.assign(m_.globals.size(), 0);
  }
  if (global_state_[index] == 2) return &globals_[index];
  if (global_state_[index] == 1) {
    Fail("TYPE_ERROR", "recursive `let`");
    return nullptr;
  }
  const Global& g = m_.globals[index];
  global_state_[index] = 1;
  Frame f(g.frame_size);
  bool ok;
  const std::uint32_t mark = TraceMark();
  {
    FrameSwitch sw(&frame_, f.slots());
    ok = Eval(*g.value, &globals_[index]);
  }
  if (ok && trace_ != nullptr) [[unlikely]] {
    for (std::uint32_t i = mark; i < TraceMark(); ++i) trace_->records[i].once = true;
  }
  global_state_[index] = ok ? 2 : 0;
  return ok ? &globals_[index] : nullptr;
}

bool Evaluator::Membership(Op op, const Value& a, const Value& b, Value* out) {
  bool found;
  if (!Member(op, a, b, &found)) return false;
  *out = Value::Bool(found);
  return true;
}

bool Evaluator::Member(Op op, const Value& a, const Value& b, bool* out) {
  const Value& list = op == Op::kContains ? a : b;
  const Value& elem = op == Op::kContains ? b : a;
  bool found = false;
  if (list.kind() == ValueKind::kText && elem.kind() == ValueKind::kText) {
    found = list.text().find(elem.text()) != std::string::npos;
  } else if (list.kind() == ValueKind::kList) {
    for (const Value& x : list.items()) {
      if (ValuesEqual(x, elem)) {
        found = true;
        break;
      }
    }
  } else {
    return Fail("TYPE_ERROR", std::string("`in` needs a list, got ") + KindName(list.kind()));
  }
  *out = found != (op == Op::kNotIn);
  return true;
}

bool Evaluator::Compare(Op op, const Value& a, const Value& b, bool* out) {
  auto c = CompareValues(a, b);
  if (!c) {
    return Fail("TYPE_ERROR", std::string("cannot compare ") + KindName(a.kind()) + " with " +
                                  KindName(b.kind()));
  }
  switch (op) {
    case Op::kLt: *out = *c < 0; break;
    case Op::kLe: *out = *c <= 0; break;
    case Op::kGt: *out = *c > 0; break;
    default: *out = *c >= 0; break;
  }
  return true;
}

bool Evaluator::Arith(Op op, const Value& a, const Value& b, Value* out) {
  const ValueKind ka = a.kind(), kb = b.kind();
  if (ka == ValueKind::kInt && kb == ValueKind::kInt && op != Op::kDiv) {
    std::int64_t r;
    bool overflow;
    if (op == Op::kAdd) overflow = __builtin_add_overflow(a.int_value(), b.int_value(), &r);
    else if (op == Op::kSub) overflow = __builtin_sub_overflow(a.int_value(), b.int_value(), &r);
    else overflow = __builtin_mul_overflow(a.int_value(), b.int_value(), &r);
    if (overflow) return Fail("ARITHMETIC", "integer overflow");
    *out = Value::Int(r);
    return true;
  }
  if (IsNumeric(ka) && IsNumeric(kb)) {
    // One home for decimal arithmetic (bylaw/runtime/decimal.h).
    const DecimalOperand x{ka == ValueKind::kInt ? a.int_value() : a.scaled_value(),
                           ka == ValueKind::kInt};
    const DecimalOperand y{kb == ValueKind::kInt ? b.int_value() : b.scaled_value(),
                           kb == ValueKind::kInt};
    DecimalOp dop = DecimalOp::kDiv;
    bool percent = false;
    switch (op) {
      case Op::kAdd: dop = DecimalOp::kAdd; percent = ka == ValueKind::kPercent && kb == ka; break;
      case Op::kSub: dop = DecimalOp::kSub; percent = ka == ValueKind::kPercent && kb == ka; break;
      case Op::kMul: dop = DecimalOp::kMul; break;
      default: break;
    }
    std::int64_t s = 0;
    switch (DecimalArith(dop, x, y, &s)) {
      case ArithStatus::kOk: break;
      case ArithStatus::kDivisionByZero: return Fail("ARITHMETIC", "division by zero");
      case ArithStatus::kOutOfRange:
        return Fail("ARITHMETIC", "decimal result out of range (" +
                                      std::string(kDecimalRangeText) + ")");
    }
    *out = percent ? Value::PercentScaled(s) : Value::DecimalScaled(s);
    return true;
  }
  if (ka == ValueKind::kDate && kb == ValueKind::kDuration &&
      (op == Op::kAdd || op == Op::kSub)) {
    const int sign = op == Op::kAdd ? 1 : -1;
    std::int64_t d = base::AddMonths(a.date_value(), sign * b.duration_months());
    *out = Value::Date(d + sign * b.duration_days());
    return true;
  }
  if (ka == ValueKind::kDate && kb == ValueKind::kDate && op == Op::kSub) {
    *out = Value::Int(a.date_value() - b.date_value());
    return true;
  }
  if (ka == ValueKind::kDuration && kb == ValueKind::kDuration &&
      (op == Op::kAdd || op == Op::kSub)) {
    const int sign = op == Op::kAdd ? 1 : -1;
    *out = Value::Duration(a.duration_months() + sign * b.duration_months(),
                           a.duration_days() + sign * b.duration_days());
    return true;
  }
  if (ka == ValueKind::kText && kb == ValueKind::kText && op == Op::kAdd) {
    *out = Value::Text(std::string(a.text()).append(b.text()));
    return true;
  }
  return Fail("TYPE_ERROR", std::string("arithmetic on ") + KindName(ka) + " and " +
                                KindName(kb));
}

bool Evaluator::Aggregate(bool is_min, bool is_max, std::span<const Value> xs, Value* out) {
  if (is_min || is_max) {
    if (xs.empty()) {
      return Fail("NO_MATCH", std::string("`") + (is_min ? "min" : "max") +
                                  "` of an empty list");
    }
    const Value* best = &xs[0];
    for (std::size_t i = 1; i < xs.size(); ++i) {
      auto c = CompareValues(xs[i], *best);
      if (!c) return Fail("TYPE_ERROR", "values that do not compare");
      if ((is_min && *c < 0) || (is_max && *c > 0)) best = &xs[i];
    }
    *out = *best;
    return true;
  }
  Value sum = Value::Int(0);
  for (const Value& x : xs) {
    Value next;
    if (!Arith(Op::kAdd, sum, x, &next)) return false;
    sum = std::move(next);
  }
  *out = std::move(sum);
  return true;
}

bool Evaluator::TextLength(const Value& arg, Value* out) {
  if (arg.kind() != ValueKind::kText) return Fail("TYPE_ERROR", "`len` needs a text");
  *out = Value::Int(static_cast<std::int64_t>(Utf8Length(arg.text())));
  return true;
}

bool Evaluator::Builtin(const Node& n, Value* out) {
  const auto fn = static_cast<runtime_internal::Builtin>(n.fn);
  switch (fn) {
    case Builtin::kToday:
      *out = Value::Date(as_of_);
      return true;
    case Builtin::kReasons:
    case Builtin::kFollowups: {
      std::vector<Value> items;
      for (const auto& k : n.kids) {
        RuleResult rr;
        if (!CallRuleNode(*k, &rr)) return false;
        if (fn == Builtin::kReasons && rr.stands) {
          items.push_back(static_cast<const Rule*>(k->target)->reason);
        }
        if (fn == Builtin::kFollowups && rr.followup != nullptr) {
          items.push_back(Value::Text(*rr.followup));
        }
      }
      *out = Value::List(std::move(items));
      return true;
    }
    case Builtin::kMin2:
    case Builtin::kMax2: {
      Value a, b;
      if (!Eval(*n.kids[0], &a) || !Eval(*n.kids[1], &b)) return false;
      auto c = CompareValues(a, b);
      if (!c) return Fail("TYPE_ERROR", "values that do not compare");
      const bool pick_a = fn == Builtin::kMin2 ? *c <= 0 : *c >= 0;
      *out = pick_a ? std::move(a) : std::move(b);
      return true;
    }
    default:
      break;
  }
  Value tmp;
  const Value* arg = Ref(*n.kids[0], &tmp);
  if (arg == nullptr) return false;
  switch (fn) {
    case Builtin::kCount:
      if (arg->kind() != ValueKind::kList) return Fail("TYPE_ERROR", "`count` needs a list");
      *out = Value::Int(static_cast<std::int64_t>(arg->items().size()));
      return true;
    case Builtin::kSum:
    case Builtin::kMin:
    case Builtin::kMax:
      if (arg->kind() != ValueKind::kList) return Fail("TYPE_ERROR", "aggregate needs a list");
      return Aggregate(fn == Builtin::kMin, fn == Builtin::kMax, arg->items(), out);
    case Builtin::kOnly: {
      if (arg->kind() != ValueKind::kList) return Fail("TYPE_ERROR", "`only` needs a list");
      const std::size_t n = arg->items().size();
      if (n == 0) return Fail("NO_MATCH", "`only` of an empty list");
      if (n > 1) {
        return Fail("UNIQUE_VIOLATION", "`only` of a list of " + std::to_string(n) + " elements");
      }
      *out = arg->items()[0];
      return true;
    }
    case Builtin::kLen: return TextLength(*arg, out);
    case Builtin::kYear: {
      if (arg->kind() != ValueKind::kDate) return Fail("TYPE_ERROR", "`year` needs a date");
      int y, mo, d;
      CivilFromDays(arg->date_value(), &y, &mo, &d);
      *out = Value::Int(y);
      return true;
    }
    default:
      return Fail("TYPE_ERROR", "unknown builtin");
  }
}

bool Evaluator::Comprehension(const Node& n, Value* out, const PlanInstr* plan) {
  if (plan != nullptr) {
    // A source written as a list, `f(b in [x, y, ...] : ...)`: its elements
    // are computed first and in order, as the list's are, but read in
    // place, and no list is built.
    const PlanInstr& src = code_[PKid(*plan, 0)];
    if (src.op == PlanOp::kList && src.nkids <= kInlineElements) {
      Value temps[kInlineElements];
      const Value* items[kInlineElements];
      for (std::uint32_t k = 0; k < src.nkids; ++k) {
        items[k] = PRef(PKid(src, k), &temps[k]);
        if (items[k] == nullptr) return false;
      }
      return ComprehensionOver(n, out, plan, src.nkids,
                               [&](std::size_t k) -> const Value& { return *items[k]; });
    }
  }
  Value tmp;
  const Value* src = plan ? PRef(PKid(*plan, 0), &tmp) : Ref(*n.kids[0], &tmp);
  if (src == nullptr) return false;
  if (src->kind() != ValueKind::kList) {
    return Fail("TYPE_ERROR", std::string("comprehension over ") + KindName(src->kind()));
  }
  const ValueSpan items = src->items();
  return ComprehensionOver(n, out, plan, items.size(),
                           [&](std::size_t k) -> const Value& { return items[k]; });
}

template <typename Item>
bool Evaluator::ComprehensionOver(const Node& n, Value* out, const PlanInstr* plan,
                                  std::size_t size, Item item_at) {
  const auto fn = static_cast<CompFn>(n.fn);
  const Node& body = *n.kids[1];
  const std::uint32_t plan_body = plan ? PKid(*plan, 1) : 0;
  const std::uint32_t slot = plan ? plan->a : n.slot;  // a plan's may be an inlined body's
  const Value*& var = frame_.refs[slot];
  RefReset reset(frame_, slot);
  std::vector<Value> acc;
  // (at most one element each: no growing, for a map nor a filter)
  if (fn == CompFn::kMap || fn == CompFn::kFilter) acc.reserve(size);
  std::int64_t count = 0;
  for (std::size_t k = 0; k < size; ++k) {
    const Value& item = item_at(k);
    var = &item;
    if (fn == CompFn::kMap || fn == CompFn::kSum || fn == CompFn::kMin || fn == CompFn::kMax) {
      Value v;
      if (!(plan ? PEval(plan_body, &v) : Eval(body, &v))) return false;
      acc.push_back(std::move(v));
      continue;
    }
    bool b;
    if (!(plan ? PTest(plan_body, &b) : EvalBool(body, &b))) return false;
    if (fn == CompFn::kAny && b) {
      *out = Value::Bool(true);
      return true;
    }
    if (fn == CompFn::kAll && !b) {
      *out = Value::Bool(false);
      return true;
    }
    if (b) {
      ++count;
      if (fn == CompFn::kFilter) acc.push_back(item);
    }
  }
  switch (fn) {
    case CompFn::kAny: *out = Value::Bool(false); return true;
    case CompFn::kAll: *out = Value::Bool(true); return true;
    case CompFn::kCount: *out = Value::Int(count); return true;
    case CompFn::kFilter:
    case CompFn::kMap: *out = Value::List(std::move(acc)); return true;
    default: return Aggregate(fn == CompFn::kMin, fn == CompFn::kMax, acc, out);
  }
}

bool Evaluator::RowOutputs(const Table& t, const Row& row, Value* out) {
  if (!row.constant_outputs.is_missing()) {
    *out = row.constant_outputs;
    return true;
  }
  std::vector<Value> vals(row.outputs.size());
  for (std::size_t i = 0; i < row.outputs.size(); ++i) {
    if (!Eval(*row.outputs[i], &vals[i])) return false;
  }
  *out = Value::Record(t.output_record, std::move(vals));
  return true;
}


// Resolves a cell's constant operands (literals, params) for CellMatches;
// `failed` records a param with no value in force (fail closed).
struct ConstantCells {
  Evaluator* self;
  Value scratch;
  bool failed;

  static const Value& Resolve(const Node* node, void* p) {
    auto* c = static_cast<ConstantCells*>(p);
    if (node->op == Op::kLit) return node->constant;
    if (!c->failed && !c->self->EvalConstant(*node, &c->scratch)) c->failed = true;
    return c->scratch;
  }
};

bool Evaluator::DynamicCellsMatch(const Table& t, const Row& row,
                                  const Value* const* inputs, bool* ok) {
  ConstantCells ctx{this, Value(), false};
  constexpr ConstResolver resolve = &ConstantCells::Resolve;
  *ok = true;
  for (std::uint32_t col : t.dynamic_columns) {
    const bool m = CellMatches(row.cells[col], *inputs[col], resolve, &ctx);
    if (ctx.failed) return false;
    if (!m) {
      *ok = false;
      return true;
    }
  }
  return true;
}

bool Evaluator::InvokeTable(const Table& t, FrameSlots frame, Value* out) {
  FrameSwitch sw(&frame_, frame);
  if (!t.effective.Contains(as_of_)) {
    return Fail("NOT_IN_FORCE",
                "table `" + t.name + "` is not in force on " + FormatDate(as_of_));
  }
  // Inputs are read in place (a fact field, a param); only computed ones
  // need a slot in `in`, which is built the first time one does.
  const std::uint32_t ninputs = static_cast<std::uint32_t>(t.inputs.size());
  std::optional<Frame> in;
  const Value* inline_inputs[8];
  std::vector<const Value*> heap_inputs;
  const Value** inputs = inline_inputs;
  if (ninputs > 8) [[unlikely]] {
    heap_inputs.resize(ninputs);
    inputs = heap_inputs.data();
  }
  for (std::uint32_t c = 0; c < ninputs; ++c) {
    const Node& node = *t.inputs[c];
    Value* tmp = nullptr;
    if (!IsPlace(node)) {
      if (!in) in.emplace(ninputs);
      tmp = &in->slots().vals[c];
    }
    inputs[c] = Ref(node, tmp);
    if (inputs[c] == nullptr) return false;
  }
  const bool single = t.hit == HitPolicy::kFirst || t.hit == HitPolicy::kPriority ||
                      t.hit == HitPolicy::kUnique || t.hit == HitPolicy::kAny;
  const bool stop_at_first = t.hit == HitPolicy::kFirst || t.hit == HitPolicy::kPriority;
  const bool dynamic = !t.dynamic_columns.empty();
  std::int64_t first = -1;
  std::vector<std::uint32_t> matches;
  bool failed = false;
  ForEachMatch(t, inputs, as_of_, [&](std::uint32_t row) {
    if (dynamic) {
      bool ok;
      if (!DynamicCellsMatch(t, t.rows[row], inputs, &ok)) {
        failed = true;
        return false;
      }
      if (!ok) return true;
    }
    if (stop_at_first) {
      first = row;
      return false;
    }
    matches.push_back(row);
    return !(t.hit == HitPolicy::kUnique && matches.size() > 1);
  });
  if (failed) return false;
  if (!stop_at_first && !matches.empty()) first = matches[0];

  // Rows as indices, the default row last (WriteTraceEvent sorts a
  // priority table's ids).
  auto trace_table = [&](std::uint8_t form, bool with_default = false) {
    TraceRecord& e = NewRecord(TraceEvent::Kind::kTable, &t, nullptr, form);
    std::vector<std::uint32_t>& rows = trace_->rows;
    e.rows_begin = static_cast<std::uint32_t>(rows.size());
    if (stop_at_first && first >= 0) rows.push_back(static_cast<std::uint32_t>(first));
    rows.insert(rows.end(), matches.begin(), matches.end());
    if (with_default) rows.push_back(kDefaultRowIndex);
    e.rows_count = static_cast<std::uint32_t>(rows.size()) - e.rows_begin;
  };

  // No row matched: the `default` row applies, whatever the hit policy;
  // without one the call fails closed, `partial` or not (a partial table
  // only tells `check` that its gaps are intended).
  const Row* fallback = nullptr;
  if (first < 0 && t.default_row && t.default_row->effective.Contains(as_of_)) {
    fallback = t.default_row.get();
    if (trace_) [[unlikely]] {
      trace_table(kTableDefault, true);
    }
  }
  auto no_match = [&] {
    if (trace_) [[unlikely]]
      trace_table(kTableNoMatch);
    std::string shown;
    for (std::size_t c = 0; c < t.inputs.size(); ++c) {
      shown += (c ? ", " : "") + inputs[c]->ToString();
    }
    return Fail("NO_MATCH", "no row of " + std::string(t.partial ? "partial " : "") +
                                "table `" + t.name + "` matches (" + shown + ")");
  };

  if (single) {
    if (first < 0) {
      if (fallback != nullptr) return RowOutputs(t, *fallback, out);
      return no_match();
    }
    if (trace_) [[unlikely]]
      trace_table(kTableHit);
    if (t.hit == HitPolicy::kUnique && matches.size() > 1) {
      return Fail("UNIQUE_VIOLATION", "rows `" + t.rows[matches[0]].id + "` and `" +
                                          t.rows[matches[1]].id + "` of unique table `" +
                                          t.name + "` both match");
    }
    if (!RowOutputs(t, t.rows[first], out)) return false;
    if (t.hit == HitPolicy::kAny) {
      for (std::size_t i = 1; i < matches.size(); ++i) {
        Value other;
        if (!RowOutputs(t, t.rows[matches[i]], &other)) return false;
        if (!(other == *out)) {
          return Fail("ANY_VIOLATION", "rows `" + t.rows[matches[0]].id + "` and `" +
                                           t.rows[matches[i]].id + "` of any table `" +
                                           t.name + "` give different outputs");
        }
      }
    }
    return true;
  }
  // Without a match or a default row, rule_order and collect give [], sum
  // and count 0; min and max have no value and fail closed.
  const bool extremum = t.aggregator == Aggregator::kMin || t.aggregator == Aggregator::kMax;
  if (matches.empty() && fallback == nullptr && extremum) return no_match();
  if (trace_ && fallback == nullptr) [[unlikely]] {
    trace_table(matches.empty() ? kTableNoMatch : kTableHit);
  }
  if (t.aggregator == Aggregator::kCount) {
    *out = Value::Int(static_cast<std::int64_t>(fallback ? 1 : matches.size()));
    return true;
  }
  std::vector<Value> items;
  items.reserve(fallback ? 1 : matches.size());
  auto add = [&](const Row& row) {
    Value v;
    if (t.aggregator == Aggregator::kNone ? !RowOutputs(t, row, &v)
                                          : !Eval(*row.outputs[0], &v)) {
      return false;
    }
    items.push_back(std::move(v));
    return true;
  };
  if (fallback != nullptr && !add(*fallback)) return false;
  for (std::uint32_t r : matches) {
    if (!add(t.rows[r])) return false;
  }
  if (t.aggregator == Aggregator::kNone) {
    *out = Value::List(std::move(items));
    return true;
  }
  return Aggregate(t.aggregator == Aggregator::kMin, t.aggregator == Aggregator::kMax, items,
                   out);
}

bool Evaluator::CallTable(const Table& t, const Value* args, Value* out) {
  Frame f(t.frame_size);
  for (std::size_t i = 0; i < t.params.size(); ++i) f.slots().refs[i] = &args[i];
  return InvokeTable(t, f.slots(), out);
}

bool Evaluator::CallRuleNode(const Node& n, RuleResult* out) {
  if (n.op != Op::kCallRule) return Fail("TYPE_ERROR", "expected a rule call");
  const auto& r = *static_cast<const Rule*>(n.target);
  Frame f(r.frame_size);
  if (!EvalArgs(n, f.slots())) return false;
  return InvokeRuleMemo(r, n.kids.size(), f.slots(), out, nullptr);
}

bool Evaluator::InvokeRuleMemo(const Rule& r, std::size_t nargs, FrameSlots frame, RuleResult* out,
                               const std::uint32_t* roots) {
  if (memo_ != nullptr && r.memo) {
    if (const CallMemo::Entry* e = memo_->Find(&r, frame.refs, nargs)) {
      out->stands = e->stands;
      out->followup = e->followup;
      if (trace_) [[unlikely]]
        ReplayTrace(e->trace_begin, e->trace_end);
      return true;
    }
    const std::size_t reported = nested_errors_.size();
    const std::uint32_t mark = TraceMark();
    if (!InvokeRule(r, frame, out, roots)) return false;
    if (nested_errors_.size() != reported) return true;  // see MemoKeep
    if (CallMemo::Entry* e = memo_->Add(&r, frame.refs, nargs)) {
      e->stands = out->stands;
      e->followup = out->followup;
      e->trace_begin = mark;
      e->trace_end = TraceMark();
    }
    return true;
  }
  return InvokeRule(r, frame, out, roots);
}

bool Evaluator::MemoHit(const void* callee, const Node& call, FrameSlots frame, Value* out) {
  const CallMemo::Entry* e = memo_->Find(callee, frame.refs, call.kids.size());
  if (e == nullptr) return false;
  *out = e->value;
  if (trace_) [[unlikely]]
    ReplayTrace(e->trace_begin, e->trace_end);
  return true;
}

void Evaluator::MemoKeep(const void* callee, const Node& call, FrameSlots frame,
                         const Value& result, std::uint32_t trace_mark) {
  if (CallMemo::Entry* e = memo_->Add(callee, frame.refs, call.kids.size())) {
    e->value = result;
    e->trace_begin = trace_mark;
    e->trace_end = TraceMark();
  }
}

bool Evaluator::InvokeRule(const Rule& r, FrameSlots frame, RuleResult* out,
                           const std::uint32_t* roots) {
  FrameSwitch sw(&frame_, frame);
  return RuleSteps(r, out, roots);
}

// Inline: an inlined rule call (PCallRule) runs them in the decision's
// frame, without a call or a frame to switch.
[[gnu::always_inline]] inline bool Evaluator::RuleSteps(const Rule& r, RuleResult* out,
                                                        const std::uint32_t* roots) {
  auto trace = [&](const std::string& id, RuleForm form, const SourceLocation* src) {
    NewRecord(TraceEvent::Kind::kRule, &id, src, form);
  };
  *out = RuleResult{};
  if (!r.effective.Contains(as_of_)) {
    if (trace_) [[unlikely]]
      trace(r.name, kRuleNotInForce, r.source);
    return true;
  }
  bool c;
  if (!(roots ? PBool(roots[0], &c) : EvalBool(*r.condition, &c))) return false;
  const bool violated = r.forbid ? c : !c;
  if (!violated) {
    if (trace_) [[unlikely]]
      trace(r.name, kRuleHolds, r.source);
    return true;
  }
  for (std::size_t i = 0; i < r.excepts.size(); ++i) {
    const Except& e = r.excepts[i];
    bool holds;
    if (!(roots ? PBool(roots[1 + i], &holds) : EvalBool(*e.when, &holds))) return false;
    if (holds) {
      if (!e.followup.empty()) out->followup = &e.followup;
      if (trace_) [[unlikely]]
        trace(e.id, kRuleExcepted, e.source);
      return true;
    }
  }
  out->stands = true;
  if (trace_) [[unlikely]]
    trace(r.name, kRuleStands, r.source);
  return true;
}

bool Evaluator::InvokeScorecard(const Scorecard& s, FrameSlots frame, Value* out) {
  FrameSwitch sw(&frame_, frame);
  Value score = Value::DecimalScaled(0);
  for (const Indicator& ind : s.indicators) {
    Value w, v, prod, sum;
    if (!Eval(*ind.weight, &w) || !Eval(*ind.value, &v)) return false;
    if (v.kind() == ValueKind::kBool) v = Value::Int(v.bool_value() ? 1 : 0);
    if (!Arith(Op::kMul, w, v, &prod) || !Arith(Op::kAdd, score, prod, &sum)) return false;
    score = Value::DecimalScaled(static_cast<std::int64_t>(Scaled(sum)));
  }
  ConstantCells ctx{this, Value(), false};
  constexpr ConstResolver resolve = &ConstantCells::Resolve;
  for (const Band& b : s.bands) {
    const bool m = CellMatches(b.test, score, resolve, &ctx);
    if (ctx.failed) return false;
    if (!m) continue;
    Value grade;
    if (!Eval(*b.grade, &grade)) return false;
    if (trace_all_) [[unlikely]] {
      TraceRecord& e = NewRecord(TraceEvent::Kind::kScorecard, &s, &b, 0);
      e.value = score;
      e.value2 = grade;
    }
    *out = Value::Record(s.result_record, {score, grade});
    return true;
  }
  return Fail("NO_MATCH", "no band of scorecard `" + s.name + "` matches score " +
                              score.ToString());
}

bool Evaluator::InvokeDef(const Def& d, FrameSlots frame, Value* out, const std::uint32_t* body) {
  FrameSwitch sw(&frame_, frame);
  if (++depth_ > 200) {
    --depth_;
    return Fail("TYPE_ERROR", "call depth limit exceeded");
  }
  const bool ok = body ? PEval(*body, out) : Eval(*d.body, out);
  --depth_;
  return ok;
}

// A decision called from another: its outputs as the host would get them
// (an output that fails takes its `else` value), as a record. An output
// that fails without a fallback fails the call; one that fell back is
// reported in the caller's errors (nested_errors_).
bool Evaluator::InvokeDecision(const Node& call, const Decision& d, FrameSlots frame,
                               Value* out) {
  if (++depth_ > 200) {
    --depth_;
    return Fail("TYPE_ERROR", "call depth limit exceeded");
  }
  FrameSwitch sw(&frame_, frame);
  const Value* const* caller_frame = decision_frame_;
  std::vector<std::pair<std::string, std::string>> caller_let_errors;
  caller_let_errors.swap(let_errors_);
  decision_frame_ = frame_.refs;
  std::string off;  // why the callee's ruleset is not in force, if it is not
  const Ruleset& rs = *d.ruleset;
  if (rs.repealed || !rs.effective.Contains(as_of_)) {
    off = "ruleset `" + rs.id + "` is " +
          (rs.repealed ? std::string("repealed") : "not in force on " + FormatDate(as_of_));
  }
  std::vector<Value> fields(call.record->field_names.size());
  bool ok = true;
  for (const DecisionItem& item : d.items) {
    if (!item.output) {
      if (off.empty() && !Eval(*item.expr, &frame_.vals[item.slot])) {
        frame_.vals[item.slot] = Value();
        if (let_errors_.size() <= item.slot) let_errors_.resize(item.slot + 1);
        let_errors_[item.slot] = {err_code_, err_msg_};
      }
      continue;
    }
    Value& slot = fields[call.field_slots[item.output_index]];
    const bool computed = off.empty() && Eval(*item.expr, &slot);
    OutputForm form = kOutputValue;
    if (!computed) {
      if (!off.empty()) Fail("NOT_IN_FORCE", off);
      const std::string code = err_code_;
      const std::string message =
          "output `" + item.name + "` of decision `" + d.name + "`: " + err_msg_;
      if (!item.fallback || !Eval(*item.fallback, &slot)) {
        Fail(code.c_str(), message);
        ok = false;
        break;
      }
      nested_errors_.push_back({code, message, std::string(), item.id});
      form = kOutputElse;
    }
    if (trace_) [[unlikely]]
      TraceOutput(item, form, slot);
  }
  decision_frame_ = caller_frame;
  let_errors_.swap(caller_let_errors);
  --depth_;
  if (!ok) return false;
  *out = Value::Record(call.record, std::move(fields));
  return true;
}

void Evaluator::FlushNestedErrors(const std::string& item, Outcome* o) {
  for (EvalError& e : nested_errors_) {
    e.output = item;
    o->errors_.push_back(std::move(e));
  }
  nested_errors_.clear();
}

void Evaluator::RunDecision(const Decision& d, const std::vector<Value>& params,
                            Outcome* o) {
  // The compiled plan (decision_plan.h), whose frame has the slots of the
  // calls it inlined after the decision's.
  const DecisionPlan* dp = plan_ != nullptr ? plan_->Find(&d) : nullptr;
  // The facts outlive the evaluation: params are borrowed, not copied.
  PlanFrame f(dp != nullptr ? dp->frame_size : d.frame_size, d.frame_size,
              dp != nullptr ? &dp->written : nullptr);
  for (std::size_t i = 0; i < params.size(); ++i) f.slots().refs[i] = &params[i];
  FrameSwitch sw(&frame_, f.slots());
  decision_frame_ = frame_.refs;
  // Repeated calls are computed once, unless a trace must name each step.
  struct MemoScope {
    CallMemo** slot;
    explicit MemoScope(CallMemo** s, bool on) : slot(s) {
      *slot = on ? CallMemo::Acquire() : nullptr;
    }
    ~MemoScope() {
      if (*slot != nullptr) (*slot)->Release();
      *slot = nullptr;
    }
  } memo_scope(&memo_, use_memo_);
  // The plan's shared slots, which are off when the memo is.
  SharedSlots shared(dp != nullptr && memo_ != nullptr ? dp->shared : 0);
  shared_ = shared.slots();
  auto eval_item = [&](std::size_t k, bool fallback, Value* out) {
    const DecisionItem& item = d.items[k];
    if (dp != nullptr) return PEval(fallback ? dp->fallback[k] : dp->expr[k], out);
    return Eval(fallback ? *item.fallback : *item.expr, out);
  };
  let_errors_.clear();  // grown only when a let fails
  for (std::size_t k = 0; k < d.items.size(); ++k) {
    const DecisionItem& item = d.items[k];
    if (!item.output) {
      if (!eval_item(k, false, &frame_.vals[item.slot])) {
        frame_.vals[item.slot] = Value();
        if (let_errors_.size() <= item.slot) let_errors_.resize(item.slot + 1);
        let_errors_[item.slot] = {err_code_, err_msg_};
      }
      if (!nested_errors_.empty()) [[unlikely]] FlushNestedErrors(item.name, o);
      continue;
    }
    Value& slot = o->outputs_[item.output_index];
    OutputForm form = kOutputValue;
    if (!eval_item(k, false, &slot)) {
      o->errors_.push_back({err_code_, err_msg_, item.name, std::string()});
      if (item.fallback && eval_item(k, true, &slot)) {
        form = kOutputElse;
      } else {
        if (item.fallback) {
          o->errors_.push_back({err_code_, err_msg_, item.name, std::string()});
        }
        slot = Value::Null();
        o->complete_ = false;
        form = kOutputFailed;
      }
    }
    if (!nested_errors_.empty()) [[unlikely]] FlushNestedErrors(item.name, o);
    if (trace_) [[unlikely]]
      TraceOutput(item, form, slot);
  }
  shared_ = nullptr;
  decision_frame_ = nullptr;
}

void Evaluator::FailDecision(const Decision& d, const std::vector<Value>& params,
                             const std::string& code, const std::string& message,
                             Outcome* o) {
  // Only fallbacks run: they may still read the facts (params), never lets.
  Frame f(d.frame_size);
  for (std::size_t i = 0; i < params.size(); ++i) f.slots().refs[i] = &params[i];
  FrameSwitch sw(&frame_, f.slots());
  for (const DecisionItem& item : d.items) {
    if (!item.output) continue;
    Value& slot = o->outputs_[item.output_index];
    o->errors_.push_back({code, message, item.name, std::string()});
    const bool fell_back = item.fallback && Eval(*item.fallback, &slot);
    if (!nested_errors_.empty()) [[unlikely]] FlushNestedErrors(item.name, o);
    if (!fell_back) {
      // A fallback that fails is reported, as RunDecision does.
      if (item.fallback) o->errors_.push_back({err_code_, err_msg_, item.name, std::string()});
      slot = Value::Null();
      o->complete_ = false;
    }
    if (trace_) [[unlikely]]
      TraceOutput(item, fell_back ? kOutputElse : kOutputFailed, slot);
  }
}

// ------------------------------------------------------------------ plans
// The executor of compiled plans (decision_plan.h): the same steps as Ref,
// Eval and EvalBool above, in the same order and with the same messages,
// on flat instructions.

template <typename Read, typename Compute, typename Keep>
bool Evaluator::ThroughShared(SharedSlot& s, Read read, Compute compute, Keep keep) {
  if (s.done) {
    read(s);
    if (trace_) [[unlikely]]
      ReplayTrace(s.trace_begin, s.trace_end);
    return true;
  }
  const std::size_t reported = nested_errors_.size();
  const std::uint32_t mark = TraceMark();
  if (!compute()) return false;
  if (nested_errors_.size() == reported) {  // see MemoKeep
    keep(&s);
    s.trace_begin = mark;
    s.trace_end = TraceMark();
    s.done = true;
  }
  return true;
}

const Value* Evaluator::PRef(std::uint32_t i, Value* tmp) {
  const PlanInstr& in = code_[i];
  switch (in.op) {
    case PlanOp::kVar: {
      const Value* v = frame_.refs[in.a];
      if (v->is_missing()) [[unlikely]] {
        PMissingVar(in, *in.node);
        return nullptr;
      }
      return v;
    }
    case PlanOp::kField: {
      const Value* base = PRef(PKid(in, 0), tmp);
      if (base == nullptr) return nullptr;
      if (base->kind() == ValueKind::kRecord && base->record_type() == in.aux && !trace_all_)
          [[likely]] {
        const Value* f = &base->items()[in.a];
        if (!f->is_missing()) [[likely]]
          return f;
      }
      return FieldRef(*base, *in.node);
    }
    case PlanOp::kVarField: {
      const Value* base = frame_.refs[in.b];
      if (base->kind() == ValueKind::kRecord && base->record_type() == in.aux && !trace_all_)
          [[likely]] {
        const Value* f = &base->items()[in.a];
        if (!f->is_missing()) [[likely]]
          return f;
      }
      if (base->is_missing()) [[unlikely]] {
        PMissingVar(in, *in.node->kids[0]);
        return nullptr;
      }
      return FieldRef(*base, *in.node);
    }
    case PlanOp::kLit: return &consts_[in.a];
    case PlanOp::kIf: {
      // the branch taken, in place (a literal, a variable) when it can be
      bool c;
      if (!PBool(PKid(in, 0), &c)) return nullptr;
      return PRef(PKid(in, c ? 1 : 2), tmp);
    }
    case PlanOp::kParam: return ParamRef(in.a);
    case PlanOp::kGlobal: return GlobalRef(in.a);
    case PlanOp::kMatterField: {
      const Value* base = PRef(PKid(in, 0), tmp);
      return base == nullptr ? nullptr : MatterFieldRef(*base, *in.node);
    }
    case PlanOp::kShared: {
      if (shared_ == nullptr) break;
      if (IsRuleCall(code_[PKid(in, 0)].op)) {
        // A rule's value is its Reason (the model's) or none: no copy.
        RuleResult rr;
        if (!PCallRule(i, &rr)) return nullptr;
        return rr.stands ? &static_cast<const Rule*>(in.node->target)->reason : &NullValue();
      }
      SharedSlot& s = shared_[in.a];
      if (s.done) {
        if (trace_) [[unlikely]]
          ReplayTrace(s.trace_begin, s.trace_end);
        return &s.value;
      }
      if (!PEval(i, tmp)) return nullptr;
      return s.done ? &s.value : tmp;
    }
    default: break;
  }
  if (!PEval(i, tmp)) return nullptr;
  return tmp;
}

[[gnu::always_inline]] inline const Value* Evaluator::InPlace(const PlanInstr& in) const {
  const Value* v;
  if (in.op == PlanOp::kVar) {
    v = frame_.refs[in.a];
  } else if (in.op == PlanOp::kVarField) {
    const Value* base = frame_.refs[in.b];
    if (base->kind() != ValueKind::kRecord || base->record_type() != in.aux || trace_all_) {
      return nullptr;
    }
    v = &base->items()[in.a];
  } else {
    return nullptr;
  }
  return v->is_missing() ? nullptr : v;
}

inline const Value* Evaluator::PRefInPlace(std::uint32_t i, Value* tmp) {
  const Value* v = InPlace(code_[i]);
  return v != nullptr ? v : PRef(i, tmp);
}

// The operands of binary instruction `in` for its bool form (PBool) and
// its value form (PEval), left then right; a computed one is held in t1
// or t2. False when either fails.
inline bool Evaluator::POperands(const PlanInstr& in, Value* t1, Value* t2, const Value** a,
                                 const Value** b) {
  *a = PRef(PKid(in, 0), t1);
  if (*a == nullptr) return false;
  *b = PRef(PKid(in, 1), t2);
  return *b != nullptr;
}

namespace {

// ValuesEqual(a, c) for a constant `c`, with an enum's, a matter's, a
// bool's and a text's case inline (the commonest literals); the rest asks
// ValuesEqual.
[[gnu::always_inline]] inline bool EqualsConst(const Value& a, const Value& c) {
  if (a.kind() == c.kind()) {
    switch (c.kind()) {
      case ValueKind::kEnum:
      case ValueKind::kMatter:
        return a.enum_type() == c.enum_type() && a.enum_index() == c.enum_index();
      case ValueKind::kBool: return a.bool_value() == c.bool_value();
      case ValueKind::kText: return a.text() == c.text();
      default: break;
    }
  }
  return ValuesEqual(a, c);
}

// A comparison (`op`: kEq ... kGe) of two ints, as CompareOp answers it
// (CompareValues orders ints as numbers).
inline bool CompareInts(PlanOp op, std::int64_t a, std::int64_t b) {
  switch (op) {
    case PlanOp::kEq: return a == b;
    case PlanOp::kNe: return a != b;
    case PlanOp::kLt: return a < b;
    case PlanOp::kLe: return a <= b;
    case PlanOp::kGt: return a > b;
    default: return a >= b;
  }
}

// Member's answer on a constant list (kInConst): an element equal to `x`
// is one of the same kind, type (enum) or matter, and index.
[[gnu::always_inline]] inline bool InMemberSet(const Value& x, const MemberSet& set) {
  if (x.kind() != set.kind) return false;
  const std::uint32_t at = x.enum_index();
  return at < 64 && ((set.mask >> at) & 1) != 0 &&
         (set.kind == ValueKind::kEnum ? x.enum_type() == set.type : set.matters[at] == x.matter());
}

}  // namespace

// PBool's answers that need no call (a bool fact or variable, a
// comparison with a constant or a constant list on one, read in place);
// false leaves the instruction to PBool. Inline where operands and
// conditions are tested: most are such leaves.
[[gnu::always_inline]] inline bool Evaluator::PTest(std::uint32_t i, bool* out) {
  const PlanInstr& in = code_[i];
  switch (in.op) {
    case PlanOp::kVar:
    case PlanOp::kVarField: {
      const Value* v = InPlace(in);
      if (v == nullptr || v->kind() != ValueKind::kBool) break;
      *out = v->bool_value();
      return true;
    }
    case PlanOp::kEqConst:
    case PlanOp::kNeConst: {
      const Value* a = InPlace(code_[PKid(in, 0)]);
      if (a == nullptr) break;
      *out = EqualsConst(*a, consts_[in.a]) == (in.op == PlanOp::kEqConst);
      return true;
    }
    case PlanOp::kInConst:
    case PlanOp::kNotInConst: {
      const Value* x = InPlace(code_[PKid(in, 0)]);
      if (x == nullptr) break;
      *out = InMemberSet(*x, plan_->sets[in.a]) != (in.op == PlanOp::kNotInConst);
      return true;
    }
    default: break;
  }
  return PBool(i, out);
}

bool Evaluator::PBool(std::uint32_t i, bool* out) {
  const PlanInstr& in = code_[i];
  switch (in.op) {
    case PlanOp::kNot:
      if (!PTest(PKid(in, 0), out)) return false;
      *out = !*out;
      return true;
    case PlanOp::kAnd:
    case PlanOp::kOr: {
      // n operands (decision_plan.cpp, Chain): the first that decides wins
      const bool decides = in.op == PlanOp::kOr;
      const std::uint32_t last = in.nkids - 1u;
      for (std::uint32_t k = 0; k < last; ++k) {
        if (!PTest(PKid(in, k), out)) return false;
        if (*out == decides) return true;
      }
      return PTest(PKid(in, last), out);
    }
    case PlanOp::kEq:
    case PlanOp::kNe:
    case PlanOp::kLt:
    case PlanOp::kLe:
    case PlanOp::kGt:
    case PlanOp::kGe:
    case PlanOp::kIn:
    case PlanOp::kNotIn:
    case PlanOp::kContains: {
      Value t1, t2;
      const Value *a, *b;
      if (!POperands(in, &t1, &t2, &a, &b)) return false;
      if (IsMembership(in.op)) return Member(in.node->op, *a, *b, out);
      if (a->kind() == ValueKind::kInt && b->kind() == ValueKind::kInt) {
        *out = CompareInts(in.op, a->int_value(), b->int_value());  // CompareOp's answer
        return true;
      }
      return CompareOp(in.node->op, *a, *b, out);
    }
    case PlanOp::kIf: {
      bool c;
      if (!PTest(PKid(in, 0), &c)) return false;
      return PTest(PKid(in, c ? 1 : 2), out);
    }
    case PlanOp::kInlineDef: {
      // A bool def inlined: its body tested as a bool (InvokeDef's steps).
      if (!PArgs(in, {frame_.refs + in.b, frame_.vals + in.b})) return false;
      if (++depth_ > 200) {
        --depth_;
        return Fail("TYPE_ERROR", "call depth limit exceeded");
      }
      const bool ok = PTest(roots_[in.a], out);
      --depth_;
      return ok;
    }
    case PlanOp::kNonEmpty: {
      Value t;
      const Value* a = PRef(PKid(in, 0), &t);
      if (a == nullptr) return false;
      if (a->kind() != ValueKind::kText) return Fail("TYPE_ERROR", "`len` needs a text");
      // Utf8Length(text) > 0, without counting them all
      const std::string_view text = a->text();
      *out =
          std::any_of(text.begin(), text.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; });
      return true;
    }
    case PlanOp::kEqConst:
    case PlanOp::kNeConst: {
      Value t;
      const Value* a = PRefInPlace(PKid(in, 0), &t);
      if (a == nullptr) return false;
      *out = EqualsConst(*a, consts_[in.a]) == (in.op == PlanOp::kEqConst);
      return true;
    }
    case PlanOp::kInConst:
    case PlanOp::kNotInConst: {
      // Member's answer on a constant list: an element equal to `x` is
      // one of the same kind, type (enum) or matter, and index.
      Value t;
      const Value* x = PRefInPlace(PKid(in, 0), &t);
      if (x == nullptr) return false;
      *out = InMemberSet(*x, plan_->sets[in.a]) != (in.op == PlanOp::kNotInConst);
      return true;
    }
    case PlanOp::kIsNone:
    case PlanOp::kIsNotNone: {
      Value tmp;
      const Value* v = PRef(PKid(in, 0), &tmp);
      if (v == nullptr) return false;
      *out = v->is_null() == (in.op == PlanOp::kIsNone);
      return true;
    }
    case PlanOp::kShared: {
      // A bool def's slot already computed, read in place (PRef's steps).
      if (shared_ == nullptr || IsRuleCall(code_[PKid(in, 0)].op)) break;
      const SharedSlot& s = shared_[in.a];
      if (!s.done || s.value.kind() != ValueKind::kBool) break;
      if (trace_) [[unlikely]]
        ReplayTrace(s.trace_begin, s.trace_end);
      *out = s.value.bool_value();
      return true;
    }
    case PlanOp::kVar: {
      // A bool let or argument read in place (else PRef says why not).
      const Value* v = frame_.refs[in.a];
      if (v->kind() == ValueKind::kBool) [[likely]] {
        *out = v->bool_value();
        return true;
      }
      break;
    }
    case PlanOp::kVarField: {
      // A bool fact read in place (PRef's fast path; anything else, a
      // missing or ill-typed value, or a trace, takes the general one).
      const Value* base = frame_.refs[in.b];
      if (base->kind() == ValueKind::kRecord && base->record_type() == in.aux && !trace_all_)
          [[likely]] {
        const Value& f = base->items()[in.a];
        if (f.kind() == ValueKind::kBool) [[likely]] {
          *out = f.bool_value();
          return true;
        }
      }
      break;
    }
    default: break;
  }
  Value tmp;
  return BoolOf(PRef(i, &tmp), out);
}

[[gnu::always_inline]] inline bool Evaluator::PArgs(const PlanInstr& call, FrameSlots frame) {
  if (++depth_ > 200) {
    --depth_;
    return Fail("TYPE_ERROR", "call depth limit exceeded");
  }
  for (std::uint32_t i = 0; i < call.nkids; ++i) {
    const std::uint32_t k = PKid(call, i);
    const PlanInstr& arg = code_[k];
    // A variable passed on (most arguments): PRef's kVar, in place.
    const Value* v = arg.op == PlanOp::kVar && !frame_.refs[arg.a]->is_missing()
                         ? frame_.refs[arg.a]
                         : PRef(k, &frame.vals[i]);
    if (v == nullptr) {
      --depth_;
      return false;
    }
    frame.refs[i] = v;
  }
  --depth_;
  return true;
}

bool Evaluator::PMissingVar(const PlanInstr& in, const Node& var) {
  // In an inlined body the frame is the decision's, but the variable is
  // the callee's, as MissingVar words it in the callee's frame.
  if (in.fn != 0) return Fail("MISSING_FACT", "`" + var.name + "` is missing");
  return MissingVar(var);
}

bool Evaluator::PCall(const PlanInstr& in, Value* out, bool memo) {
  if (in.op == PlanOp::kInlineDef) {
    // InvokeDef's steps in the frame it has (as PBool's kInlineDef)
    if (!PArgs(in, {frame_.refs + in.b, frame_.vals + in.b})) return false;
    if (++depth_ > 200) {
      --depth_;
      return Fail("TYPE_ERROR", "call depth limit exceeded");
    }
    const bool ok = PEval(roots_[in.a], out);
    --depth_;
    return ok;
  }
  Frame f(in.b);
  if (!PArgs(in, f.slots())) return false;
  return InvokeCallee(*in.node, f.slots(), out, in.op == PlanOp::kCallDef ? &roots_[in.a] : nullptr,
                      memo);
}

bool Evaluator::PCallRule(std::uint32_t i, RuleResult* out, bool memo) {
  const PlanInstr& in = code_[i];
  if (in.op == PlanOp::kShared) {
    const std::uint32_t call = PKid(in, 0);
    if (shared_ == nullptr) return PCallRule(call, out);
    return ThroughShared(
        shared_[in.a], [&](const SharedSlot& s) { *out = s.rule; },
        [&] { return PCallRule(call, out, false); }, [&](SharedSlot* s) { s->rule = *out; });
  }
  const auto& r = *static_cast<const Rule*>(in.aux);
  if (in.op == PlanOp::kInlineRule) {
    if (!PArgs(in, {frame_.refs + in.b, frame_.vals + in.b})) return false;
    return RuleSteps(r, out, &roots_[in.a]);  // InvokeRule in the frame it has
  }
  Frame f(in.b);
  if (!PArgs(in, f.slots())) return false;
  if (!memo) return InvokeRule(r, f.slots(), out, &roots_[in.a]);
  return InvokeRuleMemo(r, in.nkids, f.slots(), out, &roots_[in.a]);
}

bool Evaluator::PEval(std::uint32_t i, Value* out) {
  const PlanInstr& in = code_[i];
  switch (in.op) {
    case PlanOp::kNode: return Eval(*in.node, out);
    case PlanOp::kLit: *out = consts_[in.a]; return true;
    case PlanOp::kVar:
    case PlanOp::kField:
    case PlanOp::kVarField:
    case PlanOp::kParam:
    case PlanOp::kGlobal:
    case PlanOp::kMatterField: {
      Value tmp;
      const Value* v = PRef(i, &tmp);
      if (v == nullptr) return false;
      *out = *v;
      return true;
    }
    case PlanOp::kNot:
    case PlanOp::kAnd:
    case PlanOp::kOr:
    case PlanOp::kEq:
    case PlanOp::kNe:
    case PlanOp::kEqConst:
    case PlanOp::kNeConst:
    case PlanOp::kNonEmpty:
    case PlanOp::kLt:
    case PlanOp::kLe:
    case PlanOp::kGt:
    case PlanOp::kGe:
    case PlanOp::kIsNone:
    case PlanOp::kIsNotNone:
    case PlanOp::kInConst:
    case PlanOp::kNotInConst: {
      bool b;
      if (!PBool(i, &b)) return false;
      *out = Value::Bool(b);
      return true;
    }
    case PlanOp::kIn:
    case PlanOp::kNotIn:
    case PlanOp::kContains:
    case PlanOp::kAdd:
    case PlanOp::kSub:
    case PlanOp::kMul:
    case PlanOp::kDiv: {
      Value t1, t2;
      const Value *a, *b;
      if (!POperands(in, &t1, &t2, &a, &b)) return false;
      if (IsMembership(in.op)) return Membership(in.node->op, *a, *b, out);
      return Arith(in.node->op, *a, *b, out);
    }
    case PlanOp::kIf: {
      bool c;
      if (!PTest(PKid(in, 0), &c)) return false;
      return PEval(PKid(in, c ? 1 : 2), out);
    }
    case PlanOp::kCallDef:
    case PlanOp::kInlineDef:
    case PlanOp::kCallTable:
    case PlanOp::kCallScorecard: return PCall(in, out, true);
    case PlanOp::kToday: *out = Value::Date(as_of_); return true;
    case PlanOp::kLen: {
      Value tmp;
      const Value* arg = PRef(PKid(in, 0), &tmp);
      return arg != nullptr && TextLength(*arg, out);
    }
    case PlanOp::kCallRule:
    case PlanOp::kInlineRule: {
      RuleResult rr;
      if (!PCallRule(i, &rr)) return false;
      *out = rr.stands ? static_cast<const Rule*>(in.node->target)->reason : Value::Null();
      return true;
    }
    case PlanOp::kReasons:
    case PlanOp::kFollowups: {
      std::vector<Value> items;
      for (std::uint32_t k = 0; k < in.nkids; ++k) {
        const std::uint32_t call = PKid(in, k);
        RuleResult rr;
        if (!PCallRule(call, &rr)) return false;
        const bool kept = in.op == PlanOp::kReasons ? rr.stands : rr.followup != nullptr;
        if (!kept) continue;
        if (items.empty()) items.reserve(in.nkids - k);  // one allocation, however many follow
        if (in.op == PlanOp::kReasons) {
          items.push_back(static_cast<const Rule*>(code_[call].node->target)->reason);
        } else {
          items.push_back(Value::Text(*rr.followup));
        }
      }
      *out = Value::List(std::move(items));
      return true;
    }
    case PlanOp::kCount: {
      Value tmp;
      const Value* arg = PRef(PKid(in, 0), &tmp);
      if (arg == nullptr) return false;
      if (arg->kind() != ValueKind::kList) return Fail("TYPE_ERROR", "`count` needs a list");
      *out = Value::Int(static_cast<std::int64_t>(arg->items().size()));
      return true;
    }
    case PlanOp::kMin2:
    case PlanOp::kMax2: {
      Value a, b;
      if (!PEval(PKid(in, 0), &a) || !PEval(PKid(in, 1), &b)) return false;
      bool pick_a;
      if (a.kind() == ValueKind::kInt && b.kind() == ValueKind::kInt) {
        pick_a = CompareInts(in.op == PlanOp::kMin2 ? PlanOp::kLe : PlanOp::kGe, a.int_value(),
                             b.int_value());
      } else {
        auto c = CompareValues(a, b);
        if (!c) return Fail("TYPE_ERROR", "values that do not compare");
        pick_a = in.op == PlanOp::kMin2 ? *c <= 0 : *c >= 0;
      }
      *out = pick_a ? std::move(a) : std::move(b);
      return true;
    }
    case PlanOp::kList:
    case PlanOp::kSet: {
      std::vector<Value> items;
      items.reserve(in.nkids);
      for (std::uint32_t k = 0; k < in.nkids; ++k) {
        Value v;
        if (!PEval(PKid(in, k), &v)) return false;
        if (in.op == PlanOp::kSet && std::any_of(items.begin(), items.end(), [&](const Value& x) {
              return ValuesEqual(x, v);
            })) {
          continue;
        }
        items.push_back(std::move(v));
      }
      *out = Value::List(std::move(items));
      return true;
    }
    case PlanOp::kComp: return Comprehension(*in.node, out, &in);
    case PlanOp::kShared: {
      const std::uint32_t call = PKid(in, 0);
      if (IsRuleCall(code_[call].op)) {
        RuleResult rr;
        if (!PCallRule(i, &rr)) return false;
        *out = rr.stands ? static_cast<const Rule*>(in.node->target)->reason : Value::Null();
        return true;
      }
      if (shared_ == nullptr) return PEval(call, out);
      // The slot keeps the result: the call memo need not.
      const PlanInstr& c = code_[call];
      const bool callee = c.op == PlanOp::kCallDef || c.op == PlanOp::kInlineDef ||
                          c.op == PlanOp::kCallTable || c.op == PlanOp::kCallScorecard;
      return ThroughShared(
          shared_[in.a], [&](const SharedSlot& s) { *out = s.value; },
          [&] { return callee ? PCall(c, out, false) : PEval(call, out); },
          [&](SharedSlot* s) { s->value = *out; });
    }
  }
  return Fail("TYPE_ERROR", "unknown operation");
}

}  // namespace bylaw::runtime::runtime_internal
