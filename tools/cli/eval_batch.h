// `bylaw eval --batch`: one facts document a line in, one outcome a line
// out, in input order (see RegisterEvalCommand in eval_command.h).
#ifndef BYLAW_TOOLS_CLI_EVAL_BATCH_H_
#define BYLAW_TOOLS_CLI_EVAL_BATCH_H_

#include "bylaw/audit_log.h"
#include "eval_command.h"

namespace bylaw::cli {

// Reads `args.batch` (`-`: standard input) in blocks of whole lines; each
// block is parsed, evaluated (Rulebook::ParseFacts and Evaluate, or
// AuditLog::EvaluateLogged with `log`) and written by whichever of
// `args.threads` workers took it, and the blocks' results are written to
// standard output in input order. The bytes written do not depend on the
// number of threads. With `log`, one thread evaluates, so that the log's
// records follow the input's lines. Returns the exit code.
int RunBatch(const PreparedEval& prepared, const EvalArgs& args, runtime::AuditLog* log);

}  // namespace bylaw::cli

#endif  // BYLAW_TOOLS_CLI_EVAL_BATCH_H_
