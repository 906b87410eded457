#include "shard_info.h"

#include "bylaw/files/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace bylaw::plan::plan_internal {

using json = nlohmann::json;

Status WriteShardInfo(const std::string& dir, const ShardInfo& info) {
  json j = json::object();
  j["format"] = "bylaw-plan-shard";
  j["format_version"] = info.format_version;
  j["shard"] = std::to_string(info.shard.index) + "/" + std::to_string(info.shard.count);
  j["bundle_hash"] = info.bundle_hash;
  j["rulesets"] = info.rulesets;
  j["year"] = info.year;
  j["as_of"] = info.as_of;
  j["seed"] = info.seed;
  j["register"] = {{"path", info.register_path}, {"rows", info.register_rows}};
  j["enterprises"] = info.enterprises;
  j["bad_rows"] = info.bad_rows;
  return files::WriteFileAtomically(dir + "/" + kShardInfoFile, j.dump(2) + "\n");
}

Result<ShardInfo> ReadShardInfo(const std::string& dir) {
  const std::string path = dir + "/" + kShardInfoFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{kIoError, path + ": cannot open (is `" + dir + "` a shard directory?)", {}};
  std::stringstream text;
  text << in.rdbuf();
  auto bad = [&](const std::string& what) { return Error{kBadShard, path + ": " + what, {}}; };
  const json j = json::parse(text.str(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
  if (j.value("format", "") != "bylaw-plan-shard") return bad("not a bylaw plan shard (`format`)");
  ShardInfo info;
  try {
    info.format_version = j.at("format_version").get<int>();
    if (info.format_version != kShardFormatVersion) {
      return bad("format version " + std::to_string(info.format_version) + ", this bylaw reads " +
                 std::to_string(kShardFormatVersion));
    }
    auto shard = ParseShardSpec(j.at("shard").get<std::string>());
    if (!shard.ok()) return bad("`shard` is not I/N");
    info.shard = *shard;
    info.bundle_hash = j.at("bundle_hash").get<std::string>();
    info.rulesets = j.at("rulesets").get<std::vector<std::string>>();
    info.year = j.at("year").get<int>();
    info.as_of = j.at("as_of").get<std::string>();
    info.seed = j.at("seed").get<std::string>();
    info.register_path = j.at("register").at("path").get<std::string>();
    info.register_rows = j.at("register").at("rows").get<std::int64_t>();
    info.enterprises = j.at("enterprises").get<std::int64_t>();
    info.bad_rows = j.at("bad_rows").get<std::int64_t>();
  } catch (const json::exception& e) {
    return bad(std::string("malformed (") + e.what() + ")");
  }
  return info;
}

}  // namespace bylaw::plan::plan_internal
