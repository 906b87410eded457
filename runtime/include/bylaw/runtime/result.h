// Result<T> and Status: how the runtime reports "cannot do that" without
// exceptions.
//
// An Error has a stable snake_case `code` (docs/bundle.md, section 7, and
// runtime.h), a one-line lowercase `message`, and optional `details` (one
// line each) when several things were wrong at once (every invalid fact of a
// facts document, for example).
#ifndef BYLAW_RUNTIME_RESULT_H_
#define BYLAW_RUNTIME_RESULT_H_

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace bylaw::runtime {

struct Error {
  std::string code;
  std::string message;
  std::vector<std::string> details;

  // `code: message`, then each detail on its own line.
  std::string ToString() const;
};

namespace result_internal {
// Reports a Result accessed for the wrong alternative and aborts. Never
// throws: a precondition violation is a bug in the caller, and no
// exception crosses the API (absl::StatusOr does the same when built
// without exceptions).
[[noreturn]] inline void DieBadAccess(const char* what, const Error* error) {
  if (error != nullptr) {
    std::fprintf(stderr, "bylaw: %s on a Result holding error %s: %s\n", what,
                 error->code.c_str(), error->message.c_str());
  } else {
    std::fprintf(stderr, "bylaw: %s on a Result holding a value\n", what);
  }
  std::abort();
}
}  // namespace result_internal

// Either a T or an Error.
//
// Precondition of value(), operator* and operator->: ok(). Of error():
// !ok(). Calling one on the wrong alternative is a programming error: it
// prints the error held (or that a value is held) to stderr and aborts the
// process, in every build type. It never throws.
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}         // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & {
    Check();
    return *std::get_if<0>(&v_);
  }
  const T& value() const& {
    Check();
    return *std::get_if<0>(&v_);
  }
  T&& value() && {
    Check();
    return std::move(*std::get_if<0>(&v_));
  }
  const Error& error() const {
    if (ok()) result_internal::DieBadAccess("error()", nullptr);
    return *std::get_if<1>(&v_);
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void Check() const {
    if (!ok()) result_internal::DieBadAccess("value()", std::get_if<1>(&v_));
  }
  std::variant<T, Error> v_;
};

// Success or an Error. Success is a null pointer: evaluations return one
// per call, so it must cost nothing to make and to drop.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::make_unique<Error>(std::move(error))) {}  // NOLINT
  Status(const Status& other)
      : error_(other.error_ ? std::make_unique<Error>(*other.error_) : nullptr) {}
  Status& operator=(const Status& other) {
    if (this != &other) error_ = other.error_ ? std::make_unique<Error>(*other.error_) : nullptr;
    return *this;
  }
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;

  bool ok() const { return error_ == nullptr; }
  explicit operator bool() const { return ok(); }
  // The error; an empty one when ok().
  const Error& error() const {
    static const Error kNone;
    return error_ ? *error_ : kNone;
  }

 private:
  std::unique_ptr<Error> error_;
};

// Runs `fn` (which returns a Result or a Status) and turns anything it
// throws into an Error, so that no exception crosses a public boundary:
// std::bad_alloc and std::length_error become `out_of_memory`, any other
// exception (nlohmann/json's, std::filesystem's, std::stoi's...) `code`
// with its message. Every public entry point of the runtime, the planner
// and the CLI that can reach throwing code is wrapped in it.
template <typename F>
auto CatchExceptions(std::string_view code, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::bad_alloc&) {
    return Error{"out_of_memory", "out of memory", {}};
  } catch (const std::length_error&) {
    return Error{"out_of_memory", "out of memory (a size past the library's limit)", {}};
  } catch (const std::exception& e) {
    // nlohmann/json prefixes "[json.exception.out_of_range.406] ": the
    // code is ours, the rest is the message.
    std::string_view what = e.what();
    if (!what.empty() && what.front() == '[') {
      const std::size_t close = what.find("] ");
      if (close != std::string_view::npos) what.remove_prefix(close + 2);
    }
    return Error{std::string(code), std::string(what), {}};
  } catch (...) {
    return Error{std::string(code), "unknown exception", {}};
  }
}

}  // namespace bylaw::runtime

#endif  // BYLAW_RUNTIME_RESULT_H_
