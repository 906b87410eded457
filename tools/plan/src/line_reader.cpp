#include "line_reader.h"

#include <cstring>

namespace bylaw::plan::plan_internal {

LineReader::LineReader(std::FILE* file, std::size_t max_line_bytes)
    : file_(file), max_(max_line_bytes), buf_(1 << 16) {}

LineReader::~LineReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool LineReader::Fill() {
  len_ = std::fread(buf_.data(), 1, buf_.size(), file_);
  pos_ = 0;
  if (len_ == 0 && std::ferror(file_)) failed_ = true;
  return len_ > 0;
}

// Our own buffer and memchr rather than getline(3), which grows its buffer
// to the longest line: a 1 GiB line took 9.4 GB (issue 17, finding 4).
bool LineReader::Next(std::string* line) {
  line->clear();
  overlong_ = false;
  bool any = false;
  std::size_t total = 0;
  while (true) {
    if (pos_ >= len_ && !Fill()) {
      if (!any || failed_) return false;
      break;  // a last line without a newline
    }
    any = true;
    const char* start = buf_.data() + pos_;
    const std::size_t avail = len_ - pos_;
    const void* nl = std::memchr(start, '\n', avail);
    const std::size_t take = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : avail;
    total += take;
    if (!overlong_ && total > max_) {
      overlong_ = true;
      line->clear();
      line->shrink_to_fit();
    }
    if (!overlong_) line->append(start, take);
    pos_ += take;
    if (nl) {
      ++pos_;
      break;
    }
  }
  if (!overlong_ && !line->empty() && line->back() == '\r') line->pop_back();
  ++line_;
  return true;
}

bool LineReader::Rewind() {
  line_ = 0;
  failed_ = false;
  overlong_ = false;
  pos_ = len_ = 0;
  return std::fseek(file_, 0, SEEK_SET) == 0;
}

}  // namespace bylaw::plan::plan_internal
