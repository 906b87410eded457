// Text and JSON rendering of diagnostics (see bylaw/dsl/diagnostic_render.h).
#include "bylaw/dsl/diagnostic_render.h"

#include <utf8proc.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bylaw::dsl {
namespace {

const char* SeverityName(Severity s) {
  switch (s) {
    case Severity::kError: return "error";
    case Severity::kWarning: return "warning";
    case Severity::kNote: return "note";
  }
  return "error";
}

// Decodes one code point; on invalid UTF-8 consumes one byte and reports -1.
utf8proc_int32_t Next(std::string_view text, std::size_t& i) {
  utf8proc_int32_t cp = -1;
  auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + i),
                            static_cast<utf8proc_ssize_t>(text.size() - i), &cp);
  i += n > 0 ? static_cast<std::size_t>(n) : 1;
  return n > 0 ? cp : -1;
}

std::string ExpandTabs(std::string_view line) {
  std::string out;
  for (char c : line) {
    if (c == '\t') out += "    ";
    else out += c;
  }
  return out;
}

struct Palette {
  const char* bold = "";
  const char* red = "";
  const char* yellow = "";
  const char* blue = "";
  const char* reset = "";
};

Palette MakePalette(bool color) {
  if (!color) return {};
  return {"\x1b[1m", "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;34m", "\x1b[0m"};
}

void RenderSnippet(std::ostringstream& out, const SourceFile& file,
                   const SourceRange& range, const std::string& note,
                   const Palette& p, char marker) {
  LineCol begin = file.LineColAt(range.begin);
  LineCol end = file.LineColAt(std::max(range.begin, range.end));
  std::string_view line = file.Line(begin.line);
  std::string number = std::to_string(begin.line);
  std::string gutter(number.size(), ' ');
  // The underline ends at the range end, or at the end of the first line of
  // a multi-line range.
  std::size_t col_begin = begin.byte_column - 1;
  std::size_t col_end = end.line == begin.line ? end.byte_column - 1 : line.size();
  col_begin = std::min(col_begin, line.size());
  col_end = std::clamp(col_end, col_begin, line.size());
  std::size_t pad = DisplayWidth(line.substr(0, col_begin));
  std::size_t width = DisplayWidth(line.substr(col_begin, col_end - col_begin));
  if (width == 0) width = 1;
  out << p.blue << gutter << " |" << p.reset << "\n";
  out << p.blue << number << " |" << p.reset << " " << ExpandTabs(line) << "\n";
  out << p.blue << gutter << " |" << p.reset << " " << std::string(pad, ' ')
      << (marker == '^' ? p.red : p.blue) << std::string(width, marker)
      << p.reset;
  if (!note.empty()) out << " " << note;
  out << "\n";
}

}  // namespace

std::size_t DisplayWidth(std::string_view utf8) {
  std::size_t width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    utf8proc_int32_t cp = Next(utf8, i);
    if (cp < 0) {
      width += 1;
    } else if (cp == '\t') {
      width += 4;
    } else {
      int w = utf8proc_charwidth(cp);
      width += w > 0 ? static_cast<std::size_t>(w) : 0;
    }
  }
  return width;
}

std::string RenderText(const Diagnostic& d, const SourceManager& sources,
                       const RenderOptions& options) {
  Palette p = MakePalette(options.color);
  std::ostringstream out;
  const SourceFile* file =
      d.range.valid() && static_cast<std::size_t>(d.range.file) < sources.size()
          ? &sources.file(d.range.file)
          : nullptr;
  if (file != nullptr) {
    LineCol at = file->LineColAt(d.range.begin);
    out << p.bold << file->path() << ":" << at.line << ":" << at.column << ":"
        << p.reset << " ";
  }
  out << (d.severity == Severity::kError ? p.red : p.yellow)
      << SeverityName(d.severity) << "[" << d.code << "]" << p.reset << p.bold
      << ": " << d.message << p.reset << "\n";
  if (file != nullptr && options.snippet) {
    RenderSnippet(out, *file, d.range, "", p, '^');
  }
  for (const DiagnosticLabel& label : d.labels) {
    if (!label.range.valid() ||
        static_cast<std::size_t>(label.range.file) >= sources.size()) {
      continue;
    }
    const SourceFile& lf = sources.file(label.range.file);
    LineCol at = lf.LineColAt(label.range.begin);
    out << p.blue << "  --> " << p.reset << lf.path() << ":" << at.line << ":"
        << at.column << "\n";
    if (options.snippet) RenderSnippet(out, lf, label.range, label.message, p, '-');
  }
  if (!d.help.empty()) {
    out << p.blue << "   = " << p.reset << p.bold << "help" << p.reset << ": "
        << d.help << "\n";
  }
  return out.str();
}

std::string RenderText(const std::vector<Diagnostic>& diagnostics,
                       const SourceManager& sources,
                       const RenderOptions& options) {
  std::string out;
  for (const Diagnostic& d : diagnostics) {
    out += RenderText(d, sources, options);
    out += "\n";
  }
  return out;
}

std::string RenderJson(const std::vector<Diagnostic>& diagnostics,
                       const SourceManager& sources) {
  auto location = [&](const SourceRange& r, nlohmann::json& j) {
    if (!r.valid() || static_cast<std::size_t>(r.file) >= sources.size()) return;
    const SourceFile& f = sources.file(r.file);
    LineCol b = f.LineColAt(r.begin);
    LineCol e = f.LineColAt(r.end);
    j["file"] = f.path();
    j["line"] = b.line;
    j["column"] = b.column;
    j["end_line"] = e.line;
    j["end_column"] = e.column;
  };
  nlohmann::json array = nlohmann::json::array();
  for (const Diagnostic& d : diagnostics) {
    nlohmann::json j;
    j["severity"] = SeverityName(d.severity);
    j["code"] = d.code;
    j["message"] = d.message;
    location(d.range, j);
    if (!d.help.empty()) j["help"] = d.help;
    nlohmann::json labels = nlohmann::json::array();
    for (const DiagnosticLabel& l : d.labels) {
      nlohmann::json lj;
      lj["message"] = l.message;
      location(l.range, lj);
      labels.push_back(std::move(lj));
    }
    if (!labels.empty()) j["labels"] = std::move(labels);
    array.push_back(std::move(j));
  }
  return array.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace bylaw::dsl
