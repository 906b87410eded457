// `bylaw completion` (see completion_command.h).
#include "completion_command.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <sstream>
#include <vector>

namespace bylaw::cli {
namespace {

// One option of a (sub)command, as the scripts need it.
struct OptionSpec {
  std::vector<std::string> names;    // `--format`, `-o`
  bool takes_value = false;
  std::vector<std::string> choices;  // from an IsMember check; else files
  std::string description;
};

// A command: its path from the root (`plan merge` is {"plan", "merge"}).
struct CommandSpec {
  std::vector<std::string> path;
  std::string description;
  std::vector<std::string> subcommands;
  std::vector<OptionSpec> options;
  std::vector<std::string> values;  // a positional's choices (`completion bash`)
};

// CLI11 writes an IsMember check into the type name: `TEXT:{text,json}`.
std::vector<std::string> Choices(const CLI::Option& opt) {
  const std::string type = opt.get_type_name();
  const std::size_t open = type.find('{'), close = type.rfind('}');
  std::vector<std::string> out;
  if (open == std::string::npos || close == std::string::npos || close < open) return out;
  std::string item;
  std::istringstream in(type.substr(open + 1, close - open - 1));
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

void Collect(const CLI::App& app, std::vector<std::string> path, std::vector<CommandSpec>* out) {
  CommandSpec spec;
  spec.path = path;
  spec.description = app.get_description();
  for (const CLI::Option* opt : app.get_options({})) {
    if (!opt->nonpositional()) {
      for (std::string& v : Choices(*opt)) spec.values.push_back(std::move(v));
      continue;
    }
    OptionSpec o;
    for (const std::string& n : opt->get_lnames()) o.names.push_back("--" + n);
    for (const std::string& n : opt->get_snames()) o.names.push_back("-" + n);
    o.takes_value = opt->get_expected_max() != 0;  // flags expect none
    if (o.takes_value) o.choices = Choices(*opt);
    o.description = opt->get_description();
    spec.options.push_back(std::move(o));
  }
  std::vector<const CLI::App*> subs = app.get_subcommands([](const CLI::App*) { return true; });
  for (const CLI::App* sub : subs) spec.subcommands.push_back(sub->get_name());
  out->push_back(spec);
  for (const CLI::App* sub : subs) {
    std::vector<std::string> sub_path = path;
    sub_path.push_back(sub->get_name());
    Collect(*sub, sub_path, out);
  }
}

std::string Join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

// `/plan/merge` for bash and zsh case labels; "" for the root.
std::string Key(const CommandSpec& c) {
  std::string key;
  for (const std::string& p : c.path) key += "/" + p;
  return key;
}

// Text inside single quotes, for any of the three shells.
std::string SingleQuoted(const std::string& s) {
  std::string out = "'";
  for (char ch : s) {
    if (ch == '\'') {
      out += "'\\''";
    } else {
      out += ch;
    }
  }
  return out + "'";
}

// The command path of the words before the cursor, shared by bash and zsh:
// a word that names a subcommand of the path so far extends it.
void PathCases(const std::vector<CommandSpec>& commands, std::ostream& out) {
  std::vector<std::string> keys;
  for (const CommandSpec& c : commands) {
    if (!c.path.empty()) keys.push_back(Key(c));
  }
  out << "    case \"$cmdpath/$w\" in\n      " << Join(keys, "|") << ") cmdpath=\"$cmdpath/$w\" ;;\n    esac\n";
}

std::string Bash(const std::vector<CommandSpec>& commands) {
  std::ostringstream out;
  out << "# bash completion for bylaw (written by `bylaw completion bash`)\n"
         "_bylaw() {\n"
         "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
         "  local cmdpath=\"\" w i subs=\"\" opts=\"\"\n"
         "  for ((i = 1; i < COMP_CWORD; i++)); do\n"
         "    w=\"${COMP_WORDS[i]}\"\n";
  PathCases(commands, out);
  out << "  done\n  case \"$cmdpath\" in\n";
  for (const CommandSpec& c : commands) {
    std::vector<std::string> names;
    for (const OptionSpec& o : c.options) names.insert(names.end(), o.names.begin(), o.names.end());
    std::vector<std::string> words = c.subcommands;
    words.insert(words.end(), c.values.begin(), c.values.end());
    out << "    \"" << Key(c) << "\") subs=\"" << Join(words, " ") << "\" opts=\"" << Join(names, " ")
        << "\" ;;\n";
  }
  out << "  esac\n  case \"$cmdpath $prev\" in\n";
  for (const CommandSpec& c : commands) {
    for (const OptionSpec& o : c.options) {
      if (!o.takes_value) continue;
      for (const std::string& n : o.names) {
        out << "    \"" << Key(c) << " " << n << "\") ";
        if (o.choices.empty()) {
          out << "COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n";
        } else {
          out << "COMPREPLY=($(compgen -W \"" << Join(o.choices, " ") << "\" -- \"$cur\")); return ;;\n";
        }
      }
    }
  }
  out << "  esac\n"
         "  if [[ \"$cur\" == -* ]]; then\n"
         "    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n"
         "  else\n"
         "    COMPREPLY=($(compgen -W \"$subs\" -- \"$cur\") $(compgen -f -- \"$cur\"))\n"
         "  fi\n"
         "}\n"
         "complete -o filenames -F _bylaw bylaw\n";
  return out.str();
}

std::string Zsh(const std::vector<CommandSpec>& commands) {
  std::ostringstream out;
  // `path` is PATH's array in zsh: the walk keeps to `cmdpath`.
  out << "#compdef bylaw\n"
         "# zsh completion for bylaw (written by `bylaw completion zsh`)\n"
         "_bylaw() {\n"
         "  local cur=\"${words[CURRENT]}\" prev=\"${words[CURRENT-1]}\"\n"
         "  local cmdpath=\"\" w i\n"
         "  local -a subs opts\n"
         "  for ((i = 2; i < CURRENT; i++)); do\n"
         "    w=\"${words[i]}\"\n";
  PathCases(commands, out);
  out << "  done\n  case \"$cmdpath $prev\" in\n";
  for (const CommandSpec& c : commands) {
    for (const OptionSpec& o : c.options) {
      if (!o.takes_value) continue;
      for (const std::string& n : o.names) {
        out << "    (\"" << Key(c) << " " << n << "\") ";
        if (o.choices.empty()) {
          out << "_files; return ;;\n";
        } else {
          out << "compadd -- " << Join(o.choices, " ") << "; return ;;\n";
        }
      }
    }
  }
  out << "  esac\n  case \"$cmdpath\" in\n";
  for (const CommandSpec& c : commands) {
    out << "    (\"" << Key(c) << "\")\n      subs=(";
    for (std::size_t i = 0; i < c.subcommands.size(); ++i) {
      const CommandSpec* sub = nullptr;
      for (const CommandSpec& s : commands) {
        if (s.path.size() == c.path.size() + 1 && s.path.back() == c.subcommands[i] &&
            std::equal(c.path.begin(), c.path.end(), s.path.begin())) {
          sub = &s;
        }
      }
      out << (i ? " " : "")
          << SingleQuoted(c.subcommands[i] + ":" + (sub ? sub->description : std::string()));
    }
    for (std::size_t i = 0; i < c.values.size(); ++i) {
      out << (i || !c.subcommands.empty() ? " " : "") << SingleQuoted(c.values[i]);
    }
    out << ")\n      opts=(";
    bool first = true;
    for (const OptionSpec& o : c.options) {
      for (const std::string& n : o.names) {
        out << (first ? "" : " ") << SingleQuoted(n + ":" + o.description);
        first = false;
      }
    }
    out << ") ;;\n";
  }
  out << "  esac\n"
         "  if [[ \"$cur\" == -* ]]; then\n"
         "    _describe -t options option opts\n"
         "  else\n"
         "    (( ${#subs} )) && _describe -t commands command subs\n"
         "    _files\n"
         "  fi\n"
         "}\n"
         "_bylaw \"$@\"\n";
  return out.str();
}

std::string Fish(const std::vector<CommandSpec>& commands) {
  std::ostringstream out;
  out << "# fish completion for bylaw (written by `bylaw completion fish`)\n";
  for (const CommandSpec& c : commands) {
    // Within `c`: its path seen, and none of its subcommands yet.
    std::string cond;
    if (c.path.empty()) {
      cond = "__fish_use_subcommand";
    } else {
      for (const std::string& p : c.path) {
        cond += (cond.empty() ? "" : "; and ") + std::string("__fish_seen_subcommand_from ") + p;
      }
      if (!c.subcommands.empty()) {
        cond += "; and not __fish_seen_subcommand_from " + Join(c.subcommands, " ");
      }
    }
    for (const std::string& sub : c.subcommands) {
      std::string description;
      for (const CommandSpec& s : commands) {
        if (s.path.size() == c.path.size() + 1 && s.path.back() == sub &&
            std::equal(c.path.begin(), c.path.end(), s.path.begin())) {
          description = s.description;
        }
      }
      out << "complete -c bylaw -n " << SingleQuoted(cond) << " -f -a " << sub << " -d "
          << SingleQuoted(description) << "\n";
    }
    if (!c.values.empty()) {
      out << "complete -c bylaw -n " << SingleQuoted(cond) << " -f -a " << SingleQuoted(Join(c.values, " "))
          << "\n";
    }
    for (const OptionSpec& o : c.options) {
      out << "complete -c bylaw -n " << SingleQuoted(cond);
      for (const std::string& n : o.names) {
        out << (n.rfind("--", 0) == 0 ? " -l " + n.substr(2) : " -s " + n.substr(1));
      }
      if (o.takes_value && !o.choices.empty()) {
        out << " -x -a " << SingleQuoted(Join(o.choices, " "));
      } else if (o.takes_value) {
        out << " -r -F";
      }
      out << " -d " << SingleQuoted(o.description) << "\n";
    }
  }
  return out.str();
}

}  // namespace

std::string RenderCompletion(const CLI::App& app, const std::string& shell) {
  std::vector<CommandSpec> commands;
  Collect(app, {}, &commands);
  if (shell == "bash") return Bash(commands);
  if (shell == "zsh") return Zsh(commands);
  if (shell == "fish") return Fish(commands);
  return "";
}

void RegisterCompletionCommand(CLI::App& app, int& exit_code) {
  auto shell = std::make_shared<std::string>();
  CLI::App* cmd = app.add_subcommand(
      "completion", "Print a shell completion script (bash, zsh or fish) for bylaw");
  cmd->add_option("shell", *shell, "The shell: bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  CLI::App* root = &app;
  cmd->callback([shell, root, &exit_code] {
    std::cout << RenderCompletion(*root, *shell);
    exit_code = kExitOk;
  });
}

}  // namespace bylaw::cli
