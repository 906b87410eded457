// Building the box model of a table (see table_model.h).
#include "table_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <variant>

namespace bylaw::dsl::analyze_internal {
namespace {

// A cell value evaluated at compile time.
struct Const {
  enum class Kind { kUnknown, kMember, kNone, kNumber, kText, kBool, kMatter };
  Kind kind = Kind::kUnknown;
  std::string name;  // member, text, or matter's qualified name
  ExactNumber number;
  bool boolean = false;
};

class ConstEval {
 public:
  ConstEval(const Program& program, const Ruleset* ruleset)
      : program_(program), ruleset_(ruleset) {}

  Const Eval(const Expr& expr, int depth = 0) const {
    Const c;
    if (depth > 16) return c;
    if (const auto* lit = std::get_if<LiteralExpr>(&expr.node)) {
      if (expr.type.kind == TypeKind::kEnum) {
        c.kind = Const::Kind::kMember;
        c.name = lit->kind == LiteralKind::kNone ? "none" : lit->text;
        return c;
      }
      switch (lit->kind) {
        case LiteralKind::kInt:
        case LiteralKind::kDecimal:
        case LiteralKind::kPercent:
          if (auto n = ExactNumber::Parse(lit->text)) {
            c.kind = Const::Kind::kNumber;
            c.number = *n;
          }
          return c;
        case LiteralKind::kDate:
          c.kind = Const::Kind::kNumber;
          c.number = ExactNumber::FromDate(lit->date.year, lit->date.month,
                                           lit->date.day);
          return c;
        case LiteralKind::kText:
          c.kind = Const::Kind::kText;
          c.name = lit->text;
          return c;
        case LiteralKind::kBool:
          c.kind = Const::Kind::kBool;
          c.boolean = lit->bool_value;
          return c;
        case LiteralKind::kNone:
          c.kind = Const::Kind::kNone;
          return c;
        case LiteralKind::kDuration:
          return c;
      }
      return c;
    }
    if (const auto* u = std::get_if<UnaryExpr>(&expr.node)) {
      if (u->op != UnaryOp::kNeg || !u->operand) return c;
      Const inner = Eval(*u->operand, depth + 1);
      if (inner.kind != Const::Kind::kNumber) return c;
      inner.number = inner.number.Negated();
      return inner;
    }
    if (const auto* n = std::get_if<NameExpr>(&expr.node)) {
      if (n->decl == nullptr) return c;
      if (n->decl->kind == DeclKind::kEnum) {
        c.kind = Const::Kind::kMember;
        c.name = n->name.text;
        return c;
      }
      return OfDecl(*n->decl, depth);
    }
    if (const auto* f = std::get_if<FieldExpr>(&expr.node)) {
      if (!f->base) return c;
      if (expr.type.kind == TypeKind::kEnum &&
          f->base->type.kind == TypeKind::kUnknown) {
        // `CreditClass.A` (or `alias.CreditClass.A`).
        c.kind = Const::Kind::kMember;
        c.name = f->field.text;
        return c;
      }
      // `alias.name`: a declaration of an imported ruleset.
      const auto* base = std::get_if<NameExpr>(&f->base->node);
      if (base == nullptr || base->decl != nullptr || ruleset_ == nullptr) {
        return c;
      }
      const ResolvedImport* imp = ruleset_->FindAlias(base->name.text);
      if (imp == nullptr || imp->ruleset == nullptr) return c;
      const Decl* d = imp->ruleset->FindOwn(f->field.text);
      return d ? OfDecl(*d, depth) : c;
    }
    return c;
  }

 private:
  Const OfDecl(const Decl& decl, int depth) const {
    Const c;
    if (decl.kind == DeclKind::kLet) {
      const auto& let = std::get<LetDecl>(decl.node);
      if (let.value) return Eval(*let.value, depth + 1);
    } else if (decl.kind == DeclKind::kMatter) {
      c.kind = Const::Kind::kMatter;
      c.name = program_.QualifiedNameOf(decl);
    }
    // Params stay unknown: hosts may override them and dated values change.
    return c;
  }

  const Program& program_;
  const Ruleset* ruleset_;
};

std::string FormatNumber(const ExactNumber& n, OrderedKind kind) {
  switch (kind) {
    case OrderedKind::kPercent: return n.ToString() + "%";
    case OrderedKind::kDate: return n.ToDateString();
    default: return n.ToString();
  }
}

// Whether the segment `e` lies within the range [low, high].
bool Inside(const Element& e, const std::optional<ExactNumber>& low,
            bool low_closed, const std::optional<ExactNumber>& high,
            bool high_closed) {
  if (low) {
    if (!e.low) return false;
    const int c = e.low->Compare(*low);
    if (c < 0) return false;
    if (c == 0 && e.low_closed && !low_closed) return false;
  }
  if (high) {
    if (!e.high) return false;
    const int c = e.high->Compare(*high);
    if (c > 0) return false;
    if (c == 0 && e.high_closed && !high_closed) return false;
  }
  return true;
}

// The segments of an ordered column cut at `points` (sorted, distinct).
std::vector<Element> Segments(const std::vector<ExactNumber>& points,
                              OrderedKind kind) {
  const bool discrete = kind == OrderedKind::kInt || kind == OrderedKind::kDate;
  std::vector<Element> out;
  auto open = [&](const std::optional<ExactNumber>& a,
                  const std::optional<ExactNumber>& b) {
    Element e;
    e.ordered = true;
    e.low = a;
    e.high = b;
    ExactNumber example;
    if (discrete) {
      // The integers strictly between a and b; skip when there are none.
      if (a) {
        example = a->Floor().Plus(1);
      } else if (b) {
        example = b->IsInteger() ? b->Plus(-1) : b->Floor();
      } else {
        example = kind == OrderedKind::kDate ? ExactNumber::FromDate(2024, 1, 1)
                                             : ExactNumber::Integer(0);
      }
      if (b && !(example < *b)) return;
    } else if (a && b) {
      example = ExactNumber::Midpoint(*a, *b);
    } else if (a) {
      example = a->Plus(1);
    } else if (b) {
      example = b->Plus(-1);
    }
    e.example = FormatNumber(example, kind);
    out.push_back(std::move(e));
  };
  open(std::nullopt, points.empty() ? std::nullopt
                                    : std::optional<ExactNumber>(points[0]));
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (!discrete || points[i].IsInteger()) {
      Element p;
      p.ordered = true;
      p.low = p.high = points[i];
      p.low_closed = p.high_closed = true;
      p.example = FormatNumber(points[i], kind);
      out.push_back(std::move(p));
    }
    open(points[i], i + 1 < points.size()
                        ? std::optional<ExactNumber>(points[i + 1])
                        : std::nullopt);
  }
  return out;
}

struct CellSets {
  std::vector<bool> must, may;
};

class ModelBuilder {
 public:
  ModelBuilder(const Program& program, const SourceManager& sources,
               const Decl& decl)
      : program_(program),
        sources_(sources),
        decl_(decl),
        table_(std::get<TableDecl>(decl.node)),
        eval_(program, program.RulesetOf(decl)) {}

  std::unique_ptr<TableModel> Build() {
    auto model = std::make_unique<TableModel>();
    model->decl = &decl_;
    model->table = &table_;
    model->hit = table_.hit_policy.text.empty() ? "unique"
                                                : table_.hit_policy.text;
    const std::size_t n = table_.input_columns.size();
    for (const Row& row : table_.rows) {
      if (!row.is_default && row.inputs.size() != n) return nullptr;
    }
    for (std::size_t j = 0; j < n; ++j) {
      const Expr* header = table_.input_columns[j].get();
      if (header == nullptr || header->type.kind == TypeKind::kError ||
          header->type.kind == TypeKind::kUnknown) {
        return nullptr;
      }
      model->columns.push_back(MakeColumn(*header, j));
    }
    const bool timed = std::any_of(
        table_.rows.begin(), table_.rows.end(),
        [](const Row& r) { return r.effective.has_value() && !r.is_default; });
    if (timed) model->columns.push_back(TimeColumn());

    std::vector<std::size_t> sizes;
    for (const Column& c : model->columns) sizes.push_back(c.elements.size());
    model->space = std::make_unique<Space>(sizes);
    const Space& space = *model->space;
    model->universe = space.Full();
    if (timed) {
      const std::size_t t = model->columns.size() - 1;
      space.ClearColumn(model->universe, t);
      for (std::size_t e = 0; e < model->columns[t].elements.size(); ++e) {
        if (Inside(model->columns[t].elements[e], window_from_, true,
                   window_until_, false)) {
          space.Set(model->universe, t, e);
        }
      }
    }

    std::size_t position = 0;
    for (const Row& row : table_.rows) {
      RowModel r;
      r.row = &row;
      r.position = position;
      r.name = row.id ? row.id->text : "r" + std::to_string(position + 1);
      r.at = row.id ? row.id->range : row.range;
      r.is_default = row.is_default;
      r.priority = row.priority.value_or(0);
      ++position;
      if (!row.is_default) {
        r.must = space.Full();
        r.may = space.Full();
        for (std::size_t j = 0; j < n; ++j) {
          CellSets sets = MapCell(row.inputs[j], model->columns[j]);
          for (std::size_t e = 0; e < sets.must.size(); ++e) {
            space.Set(r.must, j, e, sets.must[e]);
            space.Set(r.may, j, e, sets.may[e]);
          }
        }
        if (timed) {
          const std::size_t t = model->columns.size() - 1;
          const Column& time = model->columns[t];
          if (row.effective) {
            const ExactNumber from = DateOf(row.effective->from);
            std::optional<ExactNumber> until;
            if (row.effective->until) until = DateOf(*row.effective->until);
            for (std::size_t e = 0; e < time.elements.size(); ++e) {
              const bool in = Inside(time.elements[e], from, true, until, false);
              space.Set(r.must, t, e, in);
              space.Set(r.may, t, e, in);
            }
          }
        }
      }
      model->rows.push_back(std::move(r));
    }
    return model;
  }

 private:
  static ExactNumber DateOf(const Date& d) {
    return ExactNumber::FromDate(d.year, d.month, d.day);
  }

  // Every test value written in column j, evaluated.
  std::vector<Const> ColumnConstants(std::size_t j) const {
    std::vector<Const> out;
    for (const Row& row : table_.rows) {
      if (row.is_default || j >= row.inputs.size()) continue;
      for (const UnaryTest& t : row.inputs[j].tests) {
        if (t.value) out.push_back(eval_.Eval(*t.value));
        if (t.high) out.push_back(eval_.Eval(*t.high));
      }
    }
    return out;
  }

  Column MakeColumn(const Expr& header, std::size_t j) {
    Column col;
    if (header.range.valid()) {
      col.header = std::string(sources_.file(header.range.file).Slice(header.range));
    }
    const Type& type = header.type;
    const std::vector<Const> consts = ColumnConstants(j);
    auto finite = [&](const std::string& name) {
      Element e;
      e.example = e.label = name;
      col.elements.push_back(std::move(e));
    };
    switch (type.kind) {
      case TypeKind::kEnum:
        if (type.decl != nullptr) {
          for (const EnumMember& m : std::get<EnumDecl>(type.decl->node).members) {
            finite(m.name.text);
          }
        }
        break;
      case TypeKind::kBool:
        finite("false");
        finite("true");
        break;
      case TypeKind::kText: {
        std::set<std::string> seen;
        std::string other = "other";
        for (const Const& c : consts) {
          if (c.kind != Const::Kind::kText || !seen.insert(c.name).second) continue;
          finite("\"" + c.name + "\"");
        }
        while (seen.count(other)) other += "_";
        Element e;
        e.example = "\"" + other + "\"";
        e.label = "any other text";
        col.elements.push_back(std::move(e));
        break;
      }
      case TypeKind::kMatter:
        for (const auto& module : program_.modules) {
          for (const auto& d : module->decls) {
            if (d->kind != DeclKind::kMatter) continue;
            Element e;
            e.example = d->name.text;
            e.label = d->name.text;
            matter_elements_[program_.QualifiedNameOf(*d)] = col.elements.size();
            col.elements.push_back(std::move(e));
          }
        }
        break;
      case TypeKind::kInt:
      case TypeKind::kDecimal:
      case TypeKind::kPercent:
      case TypeKind::kDate: {
        col.kind = ColumnKind::kOrdered;
        col.ordered = type.kind == TypeKind::kInt       ? OrderedKind::kInt
                      : type.kind == TypeKind::kDecimal ? OrderedKind::kDecimal
                      : type.kind == TypeKind::kPercent ? OrderedKind::kPercent
                                                        : OrderedKind::kDate;
        std::vector<ExactNumber> points;
        for (const Const& c : consts) {
          if (c.kind == Const::Kind::kNumber) points.push_back(c.number);
        }
        std::sort(points.begin(), points.end());
        points.erase(std::unique(points.begin(), points.end()), points.end());
        col.elements = Segments(points, col.ordered);
        break;
      }
      default: {
        col.kind = ColumnKind::kOpaque;
        Element e;
        e.example = "…";
        e.label = "any value";
        col.elements.push_back(std::move(e));
        break;
      }
    }
    if (col.elements.empty()) {
      // An enum without members: nothing can be written; keep one element
      // so that the space stays well formed.
      col.kind = ColumnKind::kOpaque;
      Element e;
      e.example = "…";
      e.label = "any value";
      col.elements.push_back(std::move(e));
    }
    if (type.optional) {
      col.none_element = static_cast<int>(col.elements.size());
      Element e;
      e.example = e.label = "none";
      e.is_none = true;
      col.elements.push_back(std::move(e));
    }
    return col;
  }

  Column TimeColumn() {
    Column col;
    col.header = "as of";
    col.kind = ColumnKind::kOrdered;
    col.ordered = OrderedKind::kDate;
    col.is_time = true;
    std::vector<ExactNumber> points;
    auto window = [&](const std::optional<Effective>& eff) {
      if (!eff) return;
      const ExactNumber from = DateOf(eff->from);
      if (!window_from_ || *window_from_ < from) window_from_ = from;
      if (eff->until) {
        const ExactNumber until = DateOf(*eff->until);
        if (!window_until_ || until < *window_until_) window_until_ = until;
      }
    };
    if (const Ruleset* rs = program_.RulesetOf(decl_)) window(rs->effective);
    window(table_.effective);
    if (window_from_) points.push_back(*window_from_);
    if (window_until_) points.push_back(*window_until_);
    for (const Row& row : table_.rows) {
      if (!row.effective) continue;
      points.push_back(DateOf(row.effective->from));
      if (row.effective->until) points.push_back(DateOf(*row.effective->until));
    }
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    col.elements = Segments(points, col.ordered);
    return col;
  }

  // The element an equality with `c` selects, or -1; `known` is false when
  // the value is not known statically.
  int EqualElement(const Const& c, const Column& col, bool& known) const {
    known = true;
    switch (c.kind) {
      case Const::Kind::kUnknown:
        known = false;
        return -1;
      case Const::Kind::kNone:
        return col.none_element;
      case Const::Kind::kMember:
        return col.LocateName(c.name);
      case Const::Kind::kBool:
        return col.LocateName(c.boolean ? "true" : "false");
      case Const::Kind::kText:
        if (col.kind != ColumnKind::kFinite) break;
        return col.LocateName("\"" + c.name + "\"");
      case Const::Kind::kMatter: {
        auto it = matter_elements_.find(c.name);
        return it == matter_elements_.end() ? -1 : static_cast<int>(it->second);
      }
      case Const::Kind::kNumber:
        if (col.kind != ColumnKind::kOrdered) break;
        return col.Locate(c.number);
    }
    known = false;
    return -1;
  }

  CellSets MapCell(const Cell& cell, Column& col) {
    const std::size_t size = col.elements.size();
    CellSets s{std::vector<bool>(size, false), std::vector<bool>(size, false)};
    if (cell.any) {
      s.must.assign(size, true);
      s.may.assign(size, true);
      return s;
    }
    auto unknown = [&](bool with_none) {
      col.approximate = true;
      for (std::size_t e = 0; e < size; ++e) {
        if (with_none || static_cast<int>(e) != col.none_element) s.may[e] = true;
      }
    };
    auto add = [&](int e) {
      if (e < 0) return;
      s.must[static_cast<std::size_t>(e)] = true;
      s.may[static_cast<std::size_t>(e)] = true;
    };
    bool negated = cell.negated;
    const bool lone_ne = cell.tests.size() == 1 &&
                         cell.tests[0].kind == UnaryTest::Kind::kCompare &&
                         cell.tests[0].op == CompareOp::kNe;
    // `!= v` alone is a negated equality, which also accepts none (as the
    // runtime reads it, docs/bundle.md 3.7).
    if (lone_ne) negated = !negated;
    for (const UnaryTest& t : cell.tests) {
      if (!t.value) continue;
      const Const v = eval_.Eval(*t.value);
      const bool equality =
          t.kind == UnaryTest::Kind::kEqual ||
          (t.kind == UnaryTest::Kind::kCompare &&
           (t.op == CompareOp::kEq || (t.op == CompareOp::kNe && lone_ne)));
      if (equality) {
        bool known = true;
        const int e = EqualElement(v, col, known);
        if (!known) {
          unknown(true);
        } else {
          add(e);
        }
        continue;
      }
      if (t.kind == UnaryTest::Kind::kCompare && t.op == CompareOp::kNe) {
        // Inside a list: every value but v (never none).
        bool known = true;
        const int skip = EqualElement(v, col, known);
        if (!known) {
          unknown(false);
          continue;
        }
        for (std::size_t e = 0; e < size; ++e) {
          if (static_cast<int>(e) != skip && static_cast<int>(e) != col.none_element) {
            add(static_cast<int>(e));
          }
        }
        continue;
      }
      // Ordering tests and intervals.
      std::optional<ExactNumber> low, high;
      bool low_closed = false, high_closed = false;
      bool known = col.kind == ColumnKind::kOrdered &&
                   v.kind == Const::Kind::kNumber;
      if (t.kind == UnaryTest::Kind::kInterval) {
        const Const h = t.high ? eval_.Eval(*t.high) : Const{};
        known = known && h.kind == Const::Kind::kNumber;
        low = v.number;
        high = h.number;
        low_closed = t.low_closed;
        high_closed = t.high_closed;
      } else {
        switch (t.op) {
          case CompareOp::kLt: high = v.number; break;
          case CompareOp::kLe: high = v.number; high_closed = true; break;
          case CompareOp::kGt: low = v.number; break;
          case CompareOp::kGe: low = v.number; low_closed = true; break;
          default: known = false; break;
        }
      }
      if (!known) {
        unknown(false);
        continue;
      }
      for (std::size_t e = 0; e < size; ++e) {
        const Element& el = col.elements[e];
        if (el.ordered && Inside(el, low, low_closed, high, high_closed)) {
          add(static_cast<int>(e));
        }
      }
    }
    if (negated) {
      CellSets n{std::vector<bool>(size), std::vector<bool>(size)};
      for (std::size_t e = 0; e < size; ++e) {
        n.must[e] = !s.may[e];
        n.may[e] = !s.must[e];
      }
      return n;
    }
    return s;
  }

  const Program& program_;
  const SourceManager& sources_;
  const Decl& decl_;
  const TableDecl& table_;
  ConstEval eval_;
  std::map<std::string, std::size_t> matter_elements_;
  std::optional<ExactNumber> window_from_, window_until_;
};

std::string Bound(const Column& col, const ExactNumber& n) {
  return FormatNumber(n, col.ordered);
}

}  // namespace

int Column::Locate(const ExactNumber& value) const {
  for (std::size_t e = 0; e < elements.size(); ++e) {
    const Element& el = elements[e];
    if (el.ordered) {
      bool above = !el.low || (el.low_closed ? *el.low <= value : *el.low < value);
      bool below = !el.high || (el.high_closed ? value <= *el.high : value < *el.high);
      if (above && below) return static_cast<int>(e);
    }
  }
  return -1;
}

int Column::LocateName(const std::string& spelling) const {
  for (std::size_t e = 0; e < elements.size(); ++e) {
    if (!elements[e].ordered && !elements[e].is_none &&
        elements[e].example == spelling) {
      return static_cast<int>(e);
    }
  }
  return -1;
}

std::string Column::Describe(const std::vector<std::size_t>& set) const {
  std::vector<std::string> parts;
  bool none = false;
  if (kind == ColumnKind::kOrdered) {
    // Runs of adjacent segments read as one interval.
    std::size_t i = 0;
    while (i < set.size()) {
      if (elements[set[i]].is_none) {
        none = true;
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j + 1 < set.size() && set[j + 1] == set[j] + 1 &&
             !elements[set[j + 1]].is_none) {
        ++j;
      }
      const Element& a = elements[set[i]];
      const Element& b = elements[set[j]];
      std::optional<ExactNumber> low = a.low, high = b.high;
      bool low_closed = a.low_closed, high_closed = b.high_closed;
      if (discrete()) {
        // Integers and days read better with closed bounds.
        if (low && !low_closed) {
          low = low->Floor().Plus(1);
          low_closed = true;
        }
        if (high && !high_closed) {
          high = high->IsInteger() ? high->Plus(-1) : high->Floor();
          high_closed = true;
        }
      }
      std::string text;
      if (low && high && *low == *high) {
        text = Bound(*this, *low);
      } else if (low && high) {
        text = std::string(low_closed ? "[" : "(") + Bound(*this, *low) + ".." +
               Bound(*this, *high) + (high_closed ? "]" : ")");
      } else if (low) {
        text = (low_closed ? ">= " : "> ") + Bound(*this, *low);
      } else if (high) {
        text = (high_closed ? "<= " : "< ") + Bound(*this, *high);
      } else {
        text = "any value";
      }
      parts.push_back(std::move(text));
      i = j + 1;
    }
  } else {
    for (std::size_t e : set) {
      if (elements[e].is_none) {
        none = true;
      } else {
        parts.push_back(elements[e].label);
      }
    }
  }
  if (none) parts.push_back("none");
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

std::string TableModel::Example(const Box& box) const {
  std::string out;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const Column& col = columns[j];
    std::size_t pick = space->size(j);
    for (std::size_t e : space->Elements(box, j)) {
      if (pick == space->size(j) || col.elements[pick].is_none) pick = e;
      if (!col.elements[pick].is_none) break;
    }
    if (pick == space->size(j)) continue;
    if (!out.empty()) out += ", ";
    out += col.header + " = " + col.elements[pick].example;
  }
  return out;
}

std::string TableModel::Region(const Box& box) const {
  std::string out;
  for (std::size_t j = 0; j < columns.size(); ++j) {
    const std::vector<std::size_t> in_box = space->Elements(box, j);
    if (in_box == space->Elements(universe, j)) continue;
    const std::string desc = columns[j].Describe(in_box);
    // `x = A`, `x >= 6`, `x in A, B` / `x in [2..5)`.
    const bool compare = !desc.empty() && (desc[0] == '<' || desc[0] == '>') &&
                         desc.find(',') == std::string::npos;
    const bool single = in_box.size() == 1 &&
                        desc.find_first_of("[(<>, ") == std::string::npos;
    if (!out.empty()) out += " and ";
    out += "`" + columns[j].header + "`" +
           (compare ? " " : single ? " = " : " in ") + desc;
  }
  return out;
}

std::string TableModel::ApproximateColumns() const {
  std::string out;
  for (const Column& c : columns) {
    if (!c.approximate) continue;
    out += (out.empty() ? "`" : ", `") + c.header + "`";
  }
  return out;
}

std::unique_ptr<TableModel> BuildTableModel(const Program& program,
                                            const SourceManager& sources,
                                            const Decl& decl) {
  if (decl.kind != DeclKind::kTable) return nullptr;
  return ModelBuilder(program, sources, decl).Build();
}

}  // namespace bylaw::dsl::analyze_internal
