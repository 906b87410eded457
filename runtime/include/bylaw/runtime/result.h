// Result<T> and Status: how the runtime reports "cannot do that" without
// exceptions.
//
// An Error has a stable snake_case `code` (docs/bundle.md, section 7, and
// runtime.h), a one-line lowercase `message`, and optional `details` (one
// line each) when several things were wrong at once (every invalid fact of a
// facts document, for example).
#ifndef BYLAW_RUNTIME_RESULT_H_
#define BYLAW_RUNTIME_RESULT_H_

#include <memory>
#include <string>
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

// Either a T or an Error. Accessing the wrong alternative is a programming
// error (checked by std::get).
template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}             // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}         // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const Error& error() const { return std::get<1>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
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

}  // namespace bylaw::runtime

#endif  // BYLAW_RUNTIME_RESULT_H_
