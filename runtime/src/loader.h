// Builds a Model from a Bundle document (docs/bundle.md): checks the
// format, version, hash and structure, resolves every name to a slot or
// pointer, evaluates constants and builds the table indexes. Public API:
// bylaw/runtime.h (LoadBundle).
#ifndef BYLAW_RUNTIME_SRC_LOADER_H_
#define BYLAW_RUNTIME_SRC_LOADER_H_

#include <memory>
#include <string_view>

#include "bylaw/runtime.h"
#include "model.h"

namespace bylaw::runtime::runtime_internal {

Result<std::unique_ptr<Model>> BuildModel(std::string_view bytes,
                                          const LoadOptions& options);

// Converts host param overrides (JSON text by name) into one slot per param
// of `model` (null where not overridden). Error `param_override`.
Status ResolveOverrides(const Model& model, const ParamOverrides& overrides,
                        std::vector<Value>* storage,
                        std::vector<const Value*>* slots);

}  // namespace bylaw::runtime::runtime_internal

#endif  // BYLAW_RUNTIME_SRC_LOADER_H_
