// RegisterReader (inputs.h): the register's raw rows decoded one after the
// other on the caller's thread.
#include "bylaw/plan/inputs.h"
#include "register_source.h"

namespace bylaw::plan {
namespace {

class SerialRegisterReader final : public RegisterReader {
 public:
  explicit SerialRegisterReader(std::unique_ptr<plan_internal::RegisterSource> source)
      : source_(std::move(source)) {}

  Result<bool> Next(RegisterRow* row) override {
    return runtime::CatchExceptions("internal", [&]() -> Result<bool> {  // no exception crosses the API
      auto more = source_->NextRaw(&raw_);
      if (!more.ok() || !*more) return more;
      ++rows_;
      Status s = source_->Decode(raw_, row);
      if (!s.ok()) return s.error();
      return true;
    });
  }
  std::int64_t rows() const override { return rows_; }
  const std::string& path() const override { return source_->path(); }

 private:
  std::unique_ptr<plan_internal::RegisterSource> source_;
  plan_internal::RawRow raw_;
  std::int64_t rows_ = 0;
};

}  // namespace

Result<std::unique_ptr<RegisterReader>> RegisterReader::Open(const std::string& path,
                                                             const RegisterSchema& schema,
                                                             const InputLimits& limits) {
  auto source = plan_internal::RegisterSource::Open(path, schema, limits);
  if (!source.ok()) return source.error();
  return std::unique_ptr<RegisterReader>(new SerialRegisterReader(std::move(source).value()));
}

}  // namespace bylaw::plan
