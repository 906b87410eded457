// `bylaw schema` (see schema_command.h).
#include "schema_command.h"

#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "bylaw/dsl/program.h"
#include "compiler_flags.h"

namespace bylaw::cli {
namespace {

using Json = nlohmann::ordered_json;  // keeps properties in declared order

struct SchemaArgs {
  CompilerFlags compiler;
  std::string decision;
};

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::string LabelOf(const dsl::Decl& decl) {
  return decl.label ? decl.label->value : std::string();
}

// Builds the schema of one type, collecting named records, enums and the
// matter list under `$defs` so that each is written once.
class SchemaBuilder {
 public:
  explicit SchemaBuilder(const dsl::Program& program) : program_(program) {}

  Json Of(const dsl::Type& type) {
    Json plain = Plain(type);
    if (!type.optional) return plain;
    // Optional: the value or null (a missing field is still a missing fact).
    return Json{{"anyOf", Json::array({plain, Json{{"type", "null"}}})}};
  }

  const Json& defs() const { return defs_; }

 private:
  Json Plain(const dsl::Type& type) {
    switch (type.kind) {
      case dsl::TypeKind::kText:
        return {{"type", "string"}};
      case dsl::TypeKind::kInt:
        return {{"type", "integer"}};
      case dsl::TypeKind::kDecimal:
        return {{"type", "number"}};
      case dsl::TypeKind::kPercent:
        return {{"type", "number"}, {"description", "a fraction: 3% is 0.03"}};
      case dsl::TypeKind::kBool:
        return {{"type", "boolean"}};
      case dsl::TypeKind::kDate:
        return Date();
      case dsl::TypeKind::kDuration:
        return {{"type", "string"},
                {"pattern", "^[0-9]+ (day|days|month|months|year|years)$"}};
      case dsl::TypeKind::kNone:
        return {{"type", "null"}};
      case dsl::TypeKind::kEnum:
        return Ref(*type.decl);
      case dsl::TypeKind::kRecord:
        return Ref(*type.decl);
      case dsl::TypeKind::kList:
      case dsl::TypeKind::kSet: {
        Json items = type.element ? Of(*type.element) : Json::object();
        Json array{{"type", "array"}, {"items", items}};
        // A set holds each member once.
        if (type.kind == dsl::TypeKind::kSet) array["uniqueItems"] = true;
        return array;
      }
      case dsl::TypeKind::kMatter:
        return Matters();
      case dsl::TypeKind::kReason:
        return Reason();
      case dsl::TypeKind::kStruct: {
        Json object = Object();
        if (type.fields) {
          for (const auto& [name, field] : *type.fields) {
            object["properties"][name] = Of(field);
            object["required"].push_back(name);
          }
        }
        return object;
      }
      case dsl::TypeKind::kUnknown:
      case dsl::TypeKind::kError:
        break;
    }
    return Json::object();  // unchecked: anything (never after Check)
  }

  static Json Date() {
    return {{"type", "string"},
            {"format", "date"},
            {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}};
  }

  static Json Object() {
    return {{"type", "object"},
            {"properties", Json::object()},
            {"required", Json::array()},
            {"additionalProperties", false}};
  }

  static Json Reason() {
    Json object = Object();
    for (const char* field : {"code", "rule", "message", "basis"}) {
      object["properties"][field] = {{"type", "string"}};
      object["required"].push_back(field);
    }
    return object;
  }

  // `#/$defs/NAME`, writing the definition the first time.
  Json Ref(const dsl::Decl& decl) {
    auto it = names_.find(&decl);
    if (it == names_.end()) {
      std::string name = decl.name.text;
      // Two rulesets may each declare a `Grade`: qualify the second.
      if (taken_.count(name)) name = program_.QualifiedNameOf(decl);
      taken_.insert(name);
      it = names_.emplace(&decl, name).first;
      defs_[name] = Json::object();  // placeholder: keeps the order, and a
                                     // record that nests itself ends here
      Json def = decl.kind == dsl::DeclKind::kEnum ? Enum(decl) : Record(decl);
      defs_[name] = std::move(def);
    }
    return {{"$ref", "#/$defs/" + it->second}};
  }

  static Json Enum(const dsl::Decl& decl) {
    const auto& e = std::get<dsl::EnumDecl>(decl.node);
    Json values = Json::array();
    Json labels = Json::object();
    std::string description = LabelOf(decl);
    std::string listed;
    for (const dsl::EnumMember& m : e.members) {
      values.push_back(m.name.text);
      // JSON may also write an integer member as the bare number.
      // (Only when it fits: stoll throws past 2^63.)
      if (AllDigits(m.name.text) && m.name.text.size() <= 18) values.push_back(std::stoll(m.name.text));
      const std::string label = m.label ? m.label->value : std::string();
      labels[m.name.text] = label;
      listed += (listed.empty() ? "" : "; ") + m.name.text +
                (label.empty() ? "" : " = " + label);
    }
    Json out;
    if (!description.empty()) out["title"] = description;
    out["description"] = description.empty() ? listed : description + ": " + listed;
    out["enum"] = values;
    out["x-labels"] = labels;
    return out;
  }

  Json Record(const dsl::Decl& decl) {
    const auto& r = std::get<dsl::RecordDecl>(decl.node);
    Json object;
    if (decl.label) object["title"] = decl.label->value;
    Json body = Object();
    for (const dsl::FieldDecl& f : r.fields) {
      Json field = Of(f.type.resolved);
      if (f.label) field["description"] = f.label->value;
      body["properties"][f.name.text] = field;
      // Every field: an absent one is a missing fact, and the answer would
      // fail closed. Optional fields say "none" with null instead.
      body["required"].push_back(f.name.text);
    }
    for (auto& [key, value] : body.items()) object[key] = value;
    return object;
  }

  // The matters of the program, by id, as `$defs/Matter`.
  Json Matters() {
    if (!defs_.contains("Matter")) {
      Json values = Json::array();
      Json labels = Json::object();
      std::string listed;
      for (const dsl::Ruleset* ruleset : program_.ordered()) {
        for (const dsl::Module* module : ruleset->modules) {
          for (const auto& decl : module->decls) {
            if (decl->kind != dsl::DeclKind::kMatter) continue;
            values.push_back(decl->name.text);
            labels[decl->name.text] = LabelOf(*decl);
            listed += (listed.empty() ? "" : "; ") + decl->name.text +
                      (decl->label ? " = " + decl->label->value : "");
          }
        }
      }
      taken_.insert("Matter");
      defs_["Matter"] = {{"title", "检查事项"},
                         {"description", "a matter of the supervision matter list, by id: " + listed},
                         {"type", "string"},
                         {"enum", values},
                         {"x-labels", labels}};
    }
    return {{"$ref", "#/$defs/Matter"}};
  }

  const dsl::Program& program_;
  Json defs_ = Json::object();
  std::map<const dsl::Decl*, std::string> names_;
  std::set<std::string> taken_;
};

// One decision parameter as it appears in the document.
struct Property {
  const dsl::Param* param = nullptr;
  std::vector<std::string> decisions;  // qualified names that take it
};

int RunSchema(const SchemaArgs& args) {
  dsl::CheckResult result = MakeCompiler(args.compiler).Check(args.compiler.paths);
  PrintDiagnostics(result.diagnostics, *result.sources, args.compiler, std::cerr);
  if (!result.ok() || result.program == nullptr) return kExitErrors;
  const dsl::Program& program = *result.program;

  std::vector<const dsl::Decl*> decisions;
  std::vector<std::string> known;
  for (const dsl::Ruleset* ruleset : program.ordered()) {
    for (const dsl::Module* module : ruleset->modules) {
      for (const auto& decl : module->decls) {
        if (decl->kind != dsl::DeclKind::kDecision) continue;
        const std::string qualified = program.QualifiedNameOf(*decl);
        known.push_back(qualified);
        if (args.decision.empty() || decl->name.text == args.decision ||
            qualified == args.decision) {
          decisions.push_back(decl.get());
        }
      }
    }
  }
  if (decisions.empty() || (!args.decision.empty() && decisions.size() > 1)) {
    std::cerr << "bylaw schema: ";
    if (args.decision.empty()) {
      std::cerr << "the rulesets declare no decision\n";
    } else {
      std::cerr << (decisions.empty() ? "no decision `" : "ambiguous decision `")
                << args.decision << "`; known: ";
      for (std::size_t i = 0; i < known.size(); ++i) {
        std::cerr << (i ? ", " : "") << known[i];
      }
      std::cerr << "\n";
    }
    return kExitErrors;
  }

  // Merge the parameters by name: one document serves every decision.
  std::vector<Property> properties;
  for (const dsl::Decl* decl : decisions) {
    const auto& d = std::get<dsl::DecisionDecl>(decl->node);
    for (const dsl::Param& p : d.params) {
      Property* found = nullptr;
      for (Property& existing : properties) {
        if (existing.param->name.text == p.name.text) found = &existing;
      }
      if (found == nullptr) {
        properties.push_back({&p, {}});
        found = &properties.back();
      } else if (found->param->type.resolved != p.type.resolved) {
        std::cerr << "bylaw schema: parameter `" << p.name.text << "` is `"
                  << found->param->type.resolved.ToString() << "` in `"
                  << found->decisions.front() << "` but `"
                  << p.type.resolved.ToString() << "` in `"
                  << program.QualifiedNameOf(*decl)
                  << "`; one document cannot serve both\n"
                  << "  help: pass --decision NAME for the schema of one decision\n";
        return kExitErrors;
      }
      found->decisions.push_back(program.QualifiedNameOf(*decl));
    }
  }

  SchemaBuilder builder(program);
  Json schema;
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  std::string title = "bylaw facts document";
  if (!args.decision.empty()) title += ": " + program.QualifiedNameOf(*decisions.front());
  schema["title"] = title;
  std::string served;
  for (const dsl::Decl* decl : decisions) {
    served += (served.empty() ? "" : ", ") + program.QualifiedNameOf(*decl);
  }
  schema["description"] =
      "facts for `bylaw eval --decision NAME`; serves " + served +
      ". Unknown fields are an error; an absent field is a missing fact and "
      "the answer fails closed";
  schema["type"] = "object";
  Json props = Json::object();
  Json as_of = {{"type", "string"},
                {"format", "date"},
                {"pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
                {"description", "the evaluation date: selects the rules, rows and param values in force"}};
  props["as_of"] = as_of;
  Json required = Json::array({"as_of"});
  for (const Property& p : properties) {
    Json property = builder.Of(p.param->type.resolved);
    std::string used;
    for (const std::string& d : p.decisions) used += (used.empty() ? "" : ", ") + d;
    property["description"] = "parameter `" + p.param->name.text + "` of " + used;
    props[p.param->name.text] = property;
    required.push_back(p.param->name.text);
  }
  schema["properties"] = props;
  schema["required"] = required;
  schema["additionalProperties"] = false;
  schema["$defs"] = builder.defs();
  std::cout << schema.dump(2) << "\n";
  return kExitOk;
}

}  // namespace

void RegisterSchemaCommand(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<SchemaArgs>();
  CLI::App* cmd = app.add_subcommand(
      "schema", "Print the JSON Schema (draft 2020-12) of the facts document");
  AddCompilerFlags(*cmd, args->compiler, /*with_format=*/false);
  cmd->add_option("--decision", args->decision,
                  "Only this decision's parameters (default: every decision)");
  cmd->callback([args, &exit_code] { exit_code = RunSchema(*args); });
}

}  // namespace bylaw::cli
