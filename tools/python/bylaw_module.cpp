// The Python module `bylaw` (docs/python.md): Rulebook.load / from_bytes,
// evaluate, evaluate_many (without the GIL), compile; runtime errors raised
// as bylaw.Error with the runtime's code. JSON crosses as text: Python's
// own json module converts dicts, the runtime parses and writes the rest.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bylaw/runtime.h"
#include "bylaw/runtime/facts_schema.h"

namespace py = pybind11;
namespace rt = bylaw::runtime;

namespace {

// bylaw.Error, created at import; never freed (it lives as long as the
// interpreter, and a static py::object would be destroyed after it).
PyObject* g_error = nullptr;

[[noreturn]] void Raise(const rt::Error& e) {
  py::object type = py::reinterpret_borrow<py::object>(g_error);
  py::object exc = type(e.code + ": " + e.message);
  exc.attr("code") = e.code;
  exc.attr("message") = e.message;
  exc.attr("details") = py::cast(e.details);
  PyErr_SetObject(g_error, exc.ptr());
  throw py::error_already_set();
}

struct Json {
  py::object dumps;
  py::object loads;
  static Json& Get() {
    static Json* json = [] {
      py::module_ m = py::module_::import("json");
      return new Json{m.attr("dumps"), m.attr("loads")};
    }();
    return *json;
  }
};

// A facts argument as JSON text: a str as is, anything else through
// json.dumps (dicts, lists of records...).
std::string FactsText(const py::handle& facts) {
  if (py::isinstance<py::str>(facts)) return facts.cast<std::string>();
  if (py::isinstance<py::bytes>(facts)) return facts.cast<std::string>();
  return Json::Get().dumps(facts, py::arg("ensure_ascii") = false).cast<std::string>();
}

// The keyword arguments of evaluate and evaluate_many as EvaluateOptions,
// through the runtime's one mapping of the options' names
// (rt::ParseEvaluateOptions, as the C API's options_json): an argument of
// the wrong type (trace="yes", as_of=20260101) raises bylaw.Error
// invalid_options; None is the default.
struct PyOptions {
  py::object as_of;
  py::object trace;
  py::object trace_tables_and_rules_only;

  rt::EvaluateOptions Get() const {
    py::dict given;
    if (!as_of.is_none()) given["as_of"] = as_of;
    if (!trace.is_none()) given["trace"] = trace;
    if (!trace_tables_and_rules_only.is_none()) {
      given["trace_tables_and_rules_only"] = trace_tables_and_rules_only;
    }
    std::string text;
    try {
      text = Json::Get().dumps(given).cast<std::string>();
    } catch (py::error_already_set& e) {
      Raise({"invalid_options",
             "options are not JSON values: " + std::string(py::str(e.value())),
             {}});
    }
    rt::Result<rt::EvaluateOptions> options = rt::ParseEvaluateOptions(text);
    if (!options.ok()) Raise(options.error());
    return std::move(*options);
  }
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Raise({"bundle_unreadable", "cannot read `" + path + "`", {}});
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// A loaded Rulebook. Immutable: share it between threads freely.
class PyRulebook {
 public:
  explicit PyRulebook(std::shared_ptr<const rt::Rulebook> book) : book_(std::move(book)) {}

  static PyRulebook FromBytes(const std::string& bytes, bool verify_hash) {
    rt::LoadOptions options;
    options.verify_hash = verify_hash;
    rt::Result<std::shared_ptr<const rt::Rulebook>> book = rt::LoadBundle(bytes, options);
    if (!book.ok()) Raise(book.error());
    return PyRulebook(std::move(*book));
  }

  py::object Evaluate(const std::string& decision, const py::handle& facts,
                      const PyOptions& given) const {
    rt::DecisionRef d = Find(decision);
    const std::string text = FactsText(facts);
    const rt::EvaluateOptions options = given.Get();
    std::string out;
    rt::Status status;
    {
      py::gil_scoped_release release;
      status = EvaluateOne(d, text, options, &out);
    }
    if (!status.ok()) Raise(status.error());
    return Json::Get().loads(out);
  }

  // Each item's facts are converted with the GIL, then all are evaluated
  // without it; an item that cannot be evaluated gives
  // {"error": {"code", "message", "details"}} in its place.
  py::list EvaluateMany(const std::string& decision, const py::iterable& items,
                        const PyOptions& given) const {
    rt::DecisionRef d = Find(decision);
    const rt::EvaluateOptions options = given.Get();
    std::vector<std::string> texts;
    for (const py::handle& item : items) texts.push_back(FactsText(item));
    std::vector<std::string> outs(texts.size());
    {
      py::gil_scoped_release release;
      for (std::size_t i = 0; i < texts.size(); ++i) {
        rt::Status s = EvaluateOne(d, texts[i], options, &outs[i]);
        if (!s.ok()) {
          const rt::Error& e = s.error();
          std::string details = "[";
          for (std::size_t k = 0; k < e.details.size(); ++k) {
            details += (k ? "," : "") + Quote(e.details[k]);
          }
          outs[i] = "{\"error\":{\"code\":" + Quote(e.code) + ",\"message\":" + Quote(e.message) +
                    ",\"details\":" + details + "]}}";
        }
      }
    }
    py::list result;
    for (const std::string& out : outs) result.append(Json::Get().loads(out));
    return result;
  }

  py::object Schema(const std::string& decision) const {
    rt::Result<std::string> schema = rt::FactsSchema(*book_, Find(decision));
    if (!schema.ok()) Raise(schema.error());
    return Json::Get().loads(*schema);
  }

  const std::string& hash() const { return book_->hash(); }
  std::vector<std::string> decisions() const { return book_->decision_names(); }
  std::vector<std::string> rulesets() const { return book_->rulesets(); }

 private:
  rt::DecisionRef Find(const std::string& decision) const {
    rt::Result<rt::DecisionRef> d = book_->FindDecision(decision);
    if (!d.ok()) Raise(d.error());
    return *d;
  }

  // Evaluates without touching Python: safe with the GIL released.
  rt::Status EvaluateOne(rt::DecisionRef d, const std::string& text,
                         const rt::EvaluateOptions& options, std::string* out) const {
    rt::Result<rt::Facts> facts = book_->ParseFacts(d, text);
    if (!facts.ok()) return facts.error();
    rt::Outcome outcome;
    rt::Status s = book_->Evaluate(d, *facts, options, &outcome);
    if (!s.ok()) return s;
    outcome.AppendJson(out);
    return {};
  }

  // A JSON string literal (error texts are valid UTF-8: the runtime's).
  static std::string Quote(const std::string& s) {
    std::string out = "\"";
    for (unsigned char c : s) {
      if (c == '"' || c == '\\') {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
      } else if (c < 0x20) {
        static const char* kHex = "0123456789abcdef";
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
      } else {
        out.push_back(static_cast<char>(c));
      }
    }
    return out + "\"";
  }

  std::shared_ptr<const rt::Rulebook> book_;
};

// The compiler is not linked into the module: its static libraries and
// ANTLR's are not position-independent. compile() runs the `bylaw` CLI
// instead: $BYLAW_CLI, else the one built beside this module, else `bylaw`
// on PATH. Its diagnostics become the error's details.
py::bytes Compile(const std::vector<std::string>& paths, const std::string& root) {
  py::module_ os = py::module_::import("os");
  py::module_ subprocess = py::module_::import("subprocess");
  std::string cli = py::str(os.attr("environ").attr("get")("BYLAW_CLI", ""));
  if (cli.empty()) {
    cli = BYLAW_PYTHON_CLI;
    if (!py::bool_(os.attr("path").attr("exists")(cli))) cli = "bylaw";
  }
  py::list args;
  args.append(cli);
  args.append("compile");
  for (const std::string& p : paths) args.append(p);
  if (!root.empty()) {
    args.append("--root");
    args.append(root);
  }
  args.append("-o");
  args.append("-");
  py::object done;
  try {
    done = subprocess.attr("run")(args, py::arg("capture_output") = true);
  } catch (py::error_already_set& e) {
    Raise({"compiler_unavailable",
           "cannot run the bylaw CLI `" + cli + "`: " + std::string(py::str(e.value())),
           {"set BYLAW_CLI to the bylaw executable"}});
  }
  if (done.attr("returncode").cast<int>() != 0) {
    std::string err = py::bytes(done.attr("stderr")).cast<std::string>();
    rt::Error e{"compile_failed", "the rules did not compile", {}};
    std::size_t start = 0;
    while (start < err.size()) {
      std::size_t nl = err.find('\n', start);
      if (nl == std::string::npos) nl = err.size();
      if (nl > start) e.details.push_back(err.substr(start, nl - start));
      start = nl + 1;
    }
    Raise(e);
  }
  return py::bytes(done.attr("stdout"));
}

}  // namespace

PYBIND11_MODULE(bylaw, m) {
  m.doc() = "bylaw: load compiled bundles and evaluate their decisions (docs/python.md)";
  g_error = PyErr_NewException("bylaw.Error", PyExc_Exception, nullptr);
  m.attr("Error") = py::handle(g_error);
  m.attr("__version__") = BYLAW_PYTHON_VERSION;

  py::class_<PyRulebook>(m, "Rulebook",
                         "A loaded, verified bundle: immutable, safe to share between threads")
      .def_static(
          "load",
          [](const std::string& path, bool verify_hash) {
            return PyRulebook::FromBytes(ReadFile(path), verify_hash);
          },
          py::arg("path"), py::arg("verify_hash") = true,
          "Loads a bundle file (bylaw compile -o FILE)")
      .def_static(
          "from_bytes",
          [](const py::bytes& b, bool verify_hash) {
            return PyRulebook::FromBytes(std::string(b), verify_hash);
          },
          py::arg("bundle"), py::arg("verify_hash") = true,
          "Loads a bundle from its bytes (bylaw.compile's result)")
      .def(
          "evaluate",
          [](const PyRulebook& book, const std::string& decision, const py::handle& facts,
             py::object as_of, py::object trace, py::object trace_tables_and_rules_only) {
            return book.Evaluate(
                decision, facts,
                {std::move(as_of), std::move(trace), std::move(trace_tables_and_rules_only)});
          },
          py::arg("decision"), py::arg("facts"), py::arg("as_of") = py::none(),
          py::arg("trace") = false, py::arg("trace_tables_and_rules_only") = false,
          "The outcome dict of one decision on a facts dict or JSON str")
      .def(
          "evaluate_many",
          [](const PyRulebook& book, const std::string& decision, const py::iterable& items,
             py::object as_of, py::object trace, py::object trace_tables_and_rules_only) {
            return book.EvaluateMany(
                decision, items,
                {std::move(as_of), std::move(trace), std::move(trace_tables_and_rules_only)});
          },
          py::arg("decision"), py::arg("items"), py::arg("as_of") = py::none(),
          py::arg("trace") = false, py::arg("trace_tables_and_rules_only") = false,
          "One outcome dict per facts item, evaluated without the GIL")
      .def("schema", &PyRulebook::Schema, py::arg("decision"),
           "The facts document's JSON Schema (draft 2020-12) as a dict")
      .def_property_readonly("hash", &PyRulebook::hash)
      .def_property_readonly("decisions", &PyRulebook::decisions)
      .def_property_readonly("rulesets", &PyRulebook::rulesets);

  m.def("compile", &Compile, py::arg("paths"), py::arg("root") = "",
        "Compiles rule files or directories into a sealed bundle (bytes)");
}
