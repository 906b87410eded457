// Frames of the expression-IR interpreter and of compiled plans
// (evaluator.h, decision_plan.h): the slots of one call, on the C++ stack.
#ifndef BYLAW_RUNTIME_SRC_EVAL_FRAME_H_
#define BYLAW_RUNTIME_SRC_EVAL_FRAME_H_

#include <cstdint>
#include <memory>
#include <new>
#include <vector>

#include "evaluator.h"

namespace bylaw::runtime::runtime_internal {

// Slots for one call; small frames need no heap, and only the slots used
// are constructed. Every ref starts at its own (missing) value.
class Frame {
 public:
  explicit Frame(std::uint32_t n) : n_(n) {
    if (n > kInline) [[unlikely]] {
      heap_vals_.reset(new Value[n]);
      heap_refs_.reset(new const Value*[n]);
      vals_ = heap_vals_.get();
      refs_ = heap_refs_.get();
    } else {
      vals_ = reinterpret_cast<Value*>(inline_);
      refs_ = inline_refs_;
      for (std::uint32_t i = 0; i < n; ++i) new (&vals_[i]) Value();
    }
    for (std::uint32_t i = 0; i < n; ++i) refs_[i] = &vals_[i];
  }
  ~Frame() {
    if (n_ <= kInline) {
      for (std::uint32_t i = 0; i < n_; ++i) vals_[i].~Value();
    }
  }
  Frame(const Frame&) = delete;
  Frame& operator=(const Frame&) = delete;
  FrameSlots slots() { return {refs_, vals_}; }

 private:
  static constexpr std::uint32_t kInline = 8;
  alignas(Value) unsigned char inline_[kInline * sizeof(Value)];
  const Value* inline_refs_[kInline];
  std::uint32_t n_;
  Value* vals_;
  const Value** refs_;
  // Only frames above kInline slots (rare) use the heap.
  std::unique_ptr<Value[]> heap_vals_;
  std::unique_ptr<const Value*[]> heap_refs_;
};

// The frame of a decision run on its plan: its own slots and those of the
// calls the plan inlined (decision_plan.h), often a hundred or more. The
// calling thread's slots are kept from one evaluation to the next, so that
// none is allocated or constructed again; on scope exit every slot used is
// reset (no value outlives the evaluation). An evaluation inside an
// evaluation gets slots of its own.
class PlanFrame {
 public:
  // `n` slots; only the first `own` (the decision's) get their refs set
  // (an inlined call binds its own before its body reads them), and only
  // `written` (with the first `own`) are reset on exit: the plan writes no
  // other (DecisionPlan::written).
  PlanFrame(std::uint32_t n, std::uint32_t own, const std::vector<std::uint32_t>* written)
      : own_n_(own), written_(written) {
    thread_local Pool pool;
    if (!pool.in_use) {
      pool_ = &pool;
      pool.in_use = true;
    } else {
      own_ = std::make_unique<Pool>();
      pool_ = own_.get();
    }
    if (pool_->vals.size() < n) {
      pool_->vals.resize(n);
      pool_->refs.resize(n);
    }
    for (std::uint32_t i = 0; i < own; ++i) pool_->refs[i] = &pool_->vals[i];
  }
  ~PlanFrame() {
    auto reset = [&](std::uint32_t i) {
      if (!pool_->vals[i].is_missing()) pool_->vals[i] = Value();
    };
    for (std::uint32_t i = 0; i < own_n_; ++i) reset(i);
    if (written_ != nullptr) {
      for (std::uint32_t i : *written_) reset(i);
    }
    pool_->in_use = false;
  }
  PlanFrame(const PlanFrame&) = delete;
  PlanFrame& operator=(const PlanFrame&) = delete;
  FrameSlots slots() { return {pool_->refs.data(), pool_->vals.data()}; }

 private:
  struct Pool {
    std::vector<Value> vals;
    std::vector<const Value*> refs;
    bool in_use = false;
  };
  std::uint32_t own_n_;
  const std::vector<std::uint32_t>* written_;
  Pool* pool_;
  std::unique_ptr<Pool> own_;
};

// Restores the current frame on scope exit.
class FrameSwitch {
 public:
  FrameSwitch(FrameSlots* slot, FrameSlots next) : slot_(slot), saved_(*slot) { *slot = next; }
  ~FrameSwitch() { *slot_ = saved_; }

 private:
  FrameSlots* slot_;
  FrameSlots saved_;
};

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_EVAL_FRAME_H_
