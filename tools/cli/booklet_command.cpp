// `bylaw booklet` (see booklet_command.h): flags and files around
// bylaw_booklet, which builds and renders the pages.
#include "booklet_command.h"

#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "bylaw/base/civil_date.h"
#include "bylaw/booklet/booklet.h"
#include "bylaw/files/atomic_file.h"
#include "facts_input.h"

namespace bylaw::cli {
namespace {

namespace rt = bylaw::runtime;

struct BookletArgs {
  RulesInput rules;
  std::string industry;
  bool all = false;
  std::string region;
  std::string as_of;
  std::string out;
};

int Usage(const std::string& message) {
  std::cerr << "bylaw booklet: " << message << "\n";
  return kExitUsage;
}

bool Write(const std::string& path, const std::string& text) {
  auto file = files::AtomicFile::Create(path);
  rt::Status s = file.ok() ? (*file)->Write(text) : rt::Status(file.error());
  if (s.ok()) s = (*file)->Commit();
  if (!s.ok()) {
    PrintError("booklet", s.error(), std::cerr);
    return false;
  }
  std::cout << "wrote " << path << "\n";
  return true;
}

int Run(const BookletArgs& a) {
  if (a.rules.paths.empty() == a.rules.bundle_path.empty()) return Usage("give --rules PATH... or --bundle FILE (one of the two)");
  if (a.all == !a.industry.empty()) return Usage("give --industry NAME or --all (one of the two)");
  if (a.out.empty()) return Usage("--out DIR is required");
  if (!a.as_of.empty() && !rt::ParseDate(a.as_of).ok()) return Usage("--as-of: expected a date YYYY-MM-DD, got `" + a.as_of + "`");
  std::optional<LoadedRules> rules = LoadRules(a.rules, "booklet", std::cerr);
  if (!rules) return kExitErrors;
  std::vector<std::string> industries{a.industry};
  if (a.all) {
    auto known = booklet::Industries(rules->bundle);
    if (!known.ok()) {
      PrintError("booklet", known.error(), std::cerr);
      return kExitErrors;
    }
    industries.clear();
    for (const booklet::Member& m : *known) industries.push_back(m.name);
  }
  booklet::BookletOptions options;
  options.region = a.region;
  options.as_of = a.as_of.empty() ? base::FormatDate(Today()) : a.as_of;
  std::vector<booklet::Booklet> built;
  for (const std::string& industry : industries) {
    options.industry = industry;
    auto b = booklet::BuildBooklet(*rules->book, rules->bundle, options);
    if (!b.ok()) {
      PrintError("booklet", b.error(), std::cerr);
      const std::string& code = b.error().code;
      return code == booklet::kUnknownIndustry || code == booklet::kUnknownRegion ? kExitUsage : kExitErrors;
    }
    built.push_back(std::move(*b));
  }
  std::error_code ec;
  std::filesystem::create_directories(a.out, ec);
  if (ec) {
    std::cerr << "bylaw booklet: io_error: cannot create `" << a.out << "`: " << ec.message() << "\n";
    return kExitErrors;
  }
  for (const booklet::Booklet& b : built) {
    if (!Write(a.out + "/" + b.industry.name + ".html", booklet::RenderBookletHtml(b))) return kExitErrors;
  }
  if (a.all && !Write(a.out + "/index.html", booklet::RenderIndexHtml(built))) return kExitErrors;
  return kExitOk;
}

}  // namespace

void RegisterBookletCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<BookletArgs>();
  CLI::App* cmd = app.add_subcommand("booklet", "One industry's operating guide (HTML), generated from the rules");
  cmd->add_option("--rules", args->rules.paths, "Rule files, or directories searched for *.bylaw");
  cmd->add_option("--bundle", args->rules.bundle_path, "A compiled bundle (bylaw compile) instead of --rules");
  cmd->add_option("--root", args->rules.root, "Directory imports are resolved from");
  AddTrustOption(cmd, &args->rules);
  cmd->add_option("--industry", args->industry, "The industry (a member of the rules' Industry enum)");
  cmd->add_flag("--all", args->all, "One booklet per industry, and index.html");
  cmd->add_option("--region", args->region, "Only this region's rules (default: every region, differences shown)");
  cmd->add_option("--as-of", args->as_of, "The date the rules are applied as of (default today)");
  cmd->add_option("--out", args->out, "The directory to write the pages to");
  cmd->callback([args, &exit_code] { exit_code = Run(*args); });
}

}  // namespace bylaw::cli
