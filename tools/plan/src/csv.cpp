#include "csv.h"

namespace bylaw::plan::plan_internal {

CsvReader::CsvReader(std::FILE* file, const InputLimits& limits) : file_(file), limits_(limits), buf_(1 << 20) {}

CsvReader::~CsvReader() {
  if (file_ != nullptr) std::fclose(file_);
}

bool CsvReader::Fill() {
  if (pos_ < len_) return true;
  len_ = std::fread(buf_.data(), 1, buf_.size(), file_);
  pos_ = 0;
  if (len_ == 0 && std::ferror(file_)) error_ = true;
  return len_ > 0;
}

int CsvReader::Get() {
  if (pos_ >= len_ && !Fill()) return EOF;
  const auto c = static_cast<unsigned char>(buf_[pos_++]);
  if (c == '\n') ++line_;
  return c;
}

int CsvReader::Peek() {
  if (pos_ >= len_ && !Fill()) return EOF;
  return static_cast<unsigned char>(buf_[pos_]);
}

CsvReader::Read CsvReader::Next(CsvRecord* record, std::string* message) {
  if (!started_) {
    started_ = true;
    // A UTF-8 byte order mark (spreadsheet exports write one).
    if (Fill() && len_ >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF &&
        static_cast<unsigned char>(buf_[1]) == 0xBB && static_cast<unsigned char>(buf_[2]) == 0xBF) {
      pos_ = 3;
    }
  }
  record->text.clear();
  record->ends.clear();
  // Skip blank lines (LF or CRLF) between records.
  while (true) {
    const int c = Peek();
    if (c == '\n') {
      Get();
    } else if (c == '\r') {
      Get();
      if (Peek() != '\n') {
        // A lone CR is data of an unquoted first cell.
        record->line = line_;
        record->text.push_back('\r');
        break;
      }
    } else {
      break;
    }
  }
  if (record->text.empty()) {
    if (Peek() == EOF) return error_ ? Read::kIoError : Read::kEnd;
    record->line = line_;
  }
  // Bytes past a limit are read (the record must still be parsed to find
  // its end) but not kept.
  // Each cell costs at least its comma, so text plus cells bounds the
  // bytes of the record.
  const char* over = nullptr;
  std::size_t over_cell = 0;
  std::size_t cell_start = 0;
  auto keep = [&](char ch) {
    if (over != nullptr) return;
    if (record->text.size() + record->ends.size() >= limits_.max_line_bytes) {
      over = "record";
    } else if (record->text.size() - cell_start >= limits_.max_cell_bytes) {
      over = "cell";
      over_cell = record->ends.size() + 1;
    } else {
      record->text.push_back(ch);
    }
  };
  auto skip_line = [&] {
    int c;
    while ((c = Get()) != EOF && c != '\n') {
    }
  };
  while (true) {
    // At the start of a cell.
    int c = Get();
    if (c == '"') {
      const std::int64_t opened = line_;
      while (true) {
        c = Get();
        if (c == EOF) {
          *message = "a quoted cell opened on line " + std::to_string(opened) +
                     " is never closed";
          return error_ ? Read::kIoError : Read::kMalformed;
        }
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            keep('"');
            continue;
          }
          break;
        }
        keep(static_cast<char>(c));
      }
      c = Get();
      if (c == '\r' && Peek() == '\n') c = Get();
      if (c != ',' && c != '\n' && c != EOF) {
        *message = "text after the closing quote of cell " + std::to_string(record->ends.size() + 1) +
                   " (double a quote inside a quoted cell: \"\")";
        if (c != '\n') skip_line();
        return Read::kMalformed;
      }
    } else {
      while (c != ',' && c != '\n' && c != EOF) {
        if (c == '\r' && Peek() == '\n') {
          c = Get();
          break;
        }
        if (c == '"') {
          *message = "a quote inside unquoted cell " + std::to_string(record->ends.size() + 1) +
                     " (quote the whole cell and double the quote)";
          skip_line();
          return Read::kMalformed;
        }
        keep(static_cast<char>(c));
        c = Get();
      }
    }
    if (over == nullptr && record->text.size() + record->ends.size() >= limits_.max_line_bytes) over = "record";
    if (over == nullptr) record->ends.push_back(static_cast<std::uint32_t>(record->text.size()));
    cell_start = record->text.size();
    if (c != ',') break;
  }
  if (error_) return Read::kIoError;
  if (over != nullptr) {
    const bool record_over = over[0] == 'r';
    *message = std::string("the ") + over + (record_over ? "" : " " + std::to_string(over_cell)) +
               " is over the limit of " +
               std::to_string(record_over ? limits_.max_line_bytes : limits_.max_cell_bytes) +
               (record_over ? " bytes (InputLimits::max_line_bytes)" : " bytes (InputLimits::max_cell_bytes)");
    record->text.clear();
    record->ends.clear();
    return Read::kMalformed;
  }
  return Read::kRecord;
}

}  // namespace bylaw::plan::plan_internal
