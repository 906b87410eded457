// `bylaw fmt` (see fmt_command.h).
#include "fmt_command.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "bylaw/dsl/diagnostic_render.h"
#include "bylaw/dsl/formatter.h"
#include "bylaw/files/atomic_file.h"

namespace bylaw::cli {
namespace {

namespace fs = std::filesystem;

// Expands PATHs into files: directories contribute their `*.bylaw` files,
// sorted, so output is stable. Returns false if a PATH does not exist.
bool CollectFiles(const std::vector<std::string>& paths,
                  std::vector<std::string>& files, std::ostream& err) {
  bool ok = true;
  for (const std::string& path : paths) {
    std::error_code ec;
    if (path == "-") {
      files.push_back(path);  // standard input, read once
    } else if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (fs::recursive_directory_iterator it(path, ec), end;
           !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec) && it->path().extension() == ".bylaw") {
          found.push_back(it->path().string());
        }
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      err << "bylaw fmt: " << path << ": no such file or directory\n";
      ok = false;
    }
  }
  return ok;
}

bool ReadFile(const std::string& path, std::string& text) {
  if (path == "-") {
    std::ostringstream buffer;
    buffer << std::cin.rdbuf();
    text = buffer.str();
    return !std::cin.bad();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  text = buffer.str();
  return !in.bad();
}

// Replaces `path` by `text` so that a reader sees either the old or the new
// file, never a half-written one, keeping the original's permissions.
bool WriteAtomically(const std::string& path, const std::string& text,
                     std::string& error) {
  // Through a symlink, replace the file it points to, not the link.
  std::error_code ec;
  fs::path target = fs::canonical(path, ec);
  if (ec) target = path;
  runtime::Status s = files::WriteFileAtomically(target.string(), text, 0666, /*keep_mode=*/true);
  if (!s.ok()) error = s.error().message;
  return s.ok();
}

}  // namespace

int RunFmt(const FmtArgs& args, std::ostream& out, std::ostream& err) {
  std::vector<std::string> files;
  bool usage_ok = CollectFiles(args.paths, files, err);
  dsl::SourceManager sources;
  dsl::RenderOptions render;
  render.color = args.color;
  bool failed = false;
  bool would_change = false;
  bool stdin_read = false;
  for (const std::string& given : files) {
    // Standard input is formatted to `out` (never "rewritten"), and named
    // `<stdin>` in diagnostics and in `--check`'s list.
    const bool from_stdin = given == "-";
    const std::string path = from_stdin ? kStdinName : given;
    if (from_stdin && stdin_read) continue;  // `-` given twice: one input
    stdin_read = stdin_read || from_stdin;
    std::string text;
    if (!ReadFile(given, text)) {
      err << "bylaw fmt: " << path << ": cannot read: " << std::strerror(errno)
          << "\n";
      failed = true;
      continue;
    }
    dsl::FileId id = sources.Add(path, std::move(text));
    const dsl::SourceFile& file = sources.file(id);
    dsl::FormatResult result = dsl::FormatSource(file);
    if (!result.diagnostics.empty()) {
      err << dsl::RenderText(result.diagnostics, sources, render);
    }
    if (!result.ok) {
      err << "bylaw fmt: " << path << ": not formatted because of the errors above\n";
      failed = true;
      continue;
    }
    if (args.to_stdout || (from_stdin && !args.check)) out << result.text;
    if (!result.changed) continue;
    would_change = true;
    if (args.check) {
      out << path << "\n";
    } else if (!args.to_stdout && !from_stdin) {
      std::string error;
      if (!WriteAtomically(path, result.text, error)) {
        err << "bylaw fmt: " << path << ": cannot write: " << error << "\n";
        failed = true;
      }
    }
  }
  if (!usage_ok) return kExitUsage;
  if (failed || (args.check && would_change)) return kExitErrors;
  return kExitOk;
}

void RegisterFmtCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<FmtArgs>();
  auto color = std::make_shared<std::string>("auto");
  CLI::App* cmd = app.add_subcommand(
      "fmt", "Rewrite rule files in the canonical layout");
  cmd->add_option("paths", args->paths,
                  "Rule files, or directories searched for *.bylaw; `-` reads standard "
                  "input and writes the result to standard output")
      ->required();
  cmd->add_flag("--check", args->check,
                "Write nothing; list files that would change and exit 1 if any");
  cmd->add_flag("--stdout", args->to_stdout,
                "Print the formatted text instead of rewriting files");
  cmd->add_option("--color", *color, "Colour: auto, always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  cmd->callback([args, color, &exit_code] {
    args->color = UseColor(*color);
    exit_code = RunFmt(*args, std::cout, std::cerr);
  });
}

}  // namespace bylaw::cli
