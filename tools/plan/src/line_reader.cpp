#include "line_reader.h"

#include <sys/types.h>

#include <cstdlib>

namespace bylaw::plan::plan_internal {

LineReader::~LineReader() {
  std::free(buf_);
  if (file_ != nullptr) std::fclose(file_);
}

bool LineReader::Next(std::string* line) {
  const ssize_t n = ::getline(&buf_, &cap_, file_);
  if (n < 0) {
    failed_ = std::ferror(file_) != 0;
    return false;
  }
  std::size_t len = static_cast<std::size_t>(n);
  if (len > 0 && buf_[len - 1] == '\n') --len;
  if (len > 0 && buf_[len - 1] == '\r') --len;
  line->assign(buf_, len);
  ++line_;
  return true;
}

bool LineReader::Rewind() {
  line_ = 0;
  failed_ = false;
  return std::fseek(file_, 0, SEEK_SET) == 0;
}

}  // namespace bylaw::plan::plan_internal
