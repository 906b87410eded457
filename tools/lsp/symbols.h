// What names in a checked program refer to, for hover, definition and
// references: every declaration, enum member and record field, and every
// place that names one of them.
#ifndef BYLAW_TOOLS_LSP_SYMBOLS_H_
#define BYLAW_TOOLS_LSP_SYMBOLS_H_

#include <string>
#include <vector>

#include "bylaw/dsl/ast.h"
#include "bylaw/dsl/program.h"
#include "bylaw/dsl/source.h"

namespace bylaw::lsp {

// A declaration, or one member or field of it.
struct Target {
  const dsl::Decl* decl = nullptr;
  const dsl::EnumMember* member = nullptr;  // an enum's member
  const dsl::FieldDecl* field = nullptr;    // a record's field
  bool operator==(const Target& o) const {
    return decl == o.decl && member == o.member && field == o.field;
  }
  // Where it is declared: the name as written.
  dsl::SourceRange name_range() const;
};

struct Occurrence {
  dsl::SourceRange range;  // the name as written here
  Target target;
  bool is_definition = false;
};

// Every occurrence in the program's modules, definitions included.
std::vector<Occurrence> CollectOccurrences(const dsl::Program& program);

// Markdown for a hover: kind, name, label, type, basis; a param's dated
// values.
std::string HoverText(const Target& target, const dsl::Program& program,
                      const dsl::SourceManager& sources);

// The keyword of a declaration kind: `table`, `rule`, ...
const char* KindKeyword(dsl::DeclKind kind);

}  // namespace bylaw::lsp

#endif  // BYLAW_TOOLS_LSP_SYMBOLS_H_
