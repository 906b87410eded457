// Operational logging of the CLI (see logging.h).
#include "logging.h"

#include <spdlog/sinks/stdout_sinks.h>

#include <functional>
#include <map>
#include <string>

namespace bylaw::cli {

void InitLogging() {
  // Not coloured: stderr is often captured by scripts and CI logs.
  auto logger = spdlog::stderr_logger_mt("bylaw");
  logger->set_pattern("bylaw: [%l] %v");
  logger->set_level(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
}

void AddLogLevelOption(CLI::App& app) {
  static const std::map<std::string, spdlog::level::level_enum> kLevels = {
      {"trace", spdlog::level::trace}, {"debug", spdlog::level::debug},
      {"info", spdlog::level::info},   {"warn", spdlog::level::warn},
      {"error", spdlog::level::err},   {"off", spdlog::level::off}};
  std::function<void(CLI::App*)> add = [&add](CLI::App* cmd) {
    cmd->add_option_function<std::string>(
           "--log-level",
           [](const std::string& name) {
             spdlog::set_level(kLevels.at(name));
           },
           "Operational messages on stderr: trace, debug, info, warn "
           "(default), error, off")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}));
    for (CLI::App* sub : cmd->get_subcommands({})) add(sub);
  };
  add(&app);
}

}  // namespace bylaw::cli
