// Building the box model of a table (see table_model.h).
#include "table_model.h"

#include "bylaw/dsl/analyzer.h"

#include <algorithm>
#include <map>
#include <set>
#include <variant>

#include "const_eval.h"
#include "score_range.h"

namespace bylaw::dsl::analyze_internal {
namespace {

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

// The number of leading elements of `col` that are its ordered segments,
// ascending (Segments; none, when there, comes last), or 0 when the column
// is not laid out so. Lets lookups bisect instead of scanning.
std::size_t SortedSegments(const Column& col) {
  if (col.kind != ColumnKind::kOrdered || col.elements.empty()) return 0;
  std::size_t k = col.elements.size();
  if (col.none_element >= 0 &&
      static_cast<std::size_t>(col.none_element) == k - 1) {
    --k;
  }
  if (k == 0 || !col.elements[0].ordered || !col.elements[k - 1].ordered) return 0;
  return k;
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

// A set of a column's elements as bit words, laid out like a column of a
// Box (element e is bit e % 64 of word e / 64).
class Bits {
 public:
  Bits(std::size_t size, bool on)
      : size_(size), words_((size + 63) / 64, on ? ~std::uint64_t{0} : 0) {
    Trim();
  }
  std::size_t size() const { return size_; }
  bool operator[](std::size_t e) const { return (words_[e / 64] >> (e % 64)) & 1; }
  void Set(std::size_t e) { words_[e / 64] |= std::uint64_t{1} << (e % 64); }
  Bits Complement() const {
    Bits out = *this;
    for (std::uint64_t& w : out.words_) w = ~w;
    out.Trim();
    return out;
  }
  const std::vector<std::uint64_t>& words() const { return words_; }

 private:
  void Trim() {
    if (size_ % 64 != 0) words_.back() &= (std::uint64_t{1} << (size_ % 64)) - 1;
  }
  std::size_t size_;
  std::vector<std::uint64_t> words_;
};

struct CellSets {
  Bits must, may;
};

// One table of a (joint) model: its declaration, how its cells are
// evaluated, and which joint column each of its input columns is.
struct Part {
  const Decl* decl = nullptr;
  const TableDecl* table = nullptr;
  ConstEval eval;
  std::vector<std::size_t> joint_of;
};

class ModelBuilder {
 public:
  ModelBuilder(const Program& program, const SourceManager& sources,
               const std::vector<const Decl*>& tables,
               const std::vector<std::vector<std::size_t>>& joint_of)
      : program_(program), sources_(sources) {
    for (std::size_t t = 0; t < tables.size(); ++t) {
      parts_.push_back(Part{tables[t], &std::get<TableDecl>(tables[t]->node),
                            ConstEval(program, program.RulesetOf(*tables[t])),
                            joint_of[t]});
    }
  }

  std::vector<std::unique_ptr<TableModel>> Build() {
    std::vector<std::unique_ptr<TableModel>> none;
    // Which (part, column) pairs each joint column gathers.
    std::vector<std::vector<std::pair<std::size_t, std::size_t>>> gathers;
    for (std::size_t p = 0; p < parts_.size(); ++p) {
      const TableDecl& table = *parts_[p].table;
      const std::size_t n = table.input_columns.size();
      if (parts_[p].joint_of.size() != n) return none;
      for (const Row& row : table.rows) {
        if (!row.is_default && row.inputs.size() != n) return none;
      }
      for (std::size_t j = 0; j < n; ++j) {
        const Expr* header = table.input_columns[j].get();
        if (header == nullptr || header->type.kind == TypeKind::kError ||
            header->type.kind == TypeKind::kUnknown) {
          return none;
        }
        const std::size_t joint = parts_[p].joint_of[j];
        if (gathers.size() <= joint) gathers.resize(joint + 1);
        gathers[joint].push_back({p, j});
      }
    }
    std::vector<Column> columns;
    for (const auto& gathered : gathers) {
      if (gathered.empty()) return none;
      const auto [p0, j0] = gathered.front();
      const Expr& header = *parts_[p0].table->input_columns[j0];
      std::vector<Const> consts;
      for (const auto& [p, j] : gathered) {
        if (!(parts_[p].table->input_columns[j]->type == header.type)) return none;
        ColumnConstants(parts_[p], j, consts);
      }
      columns.push_back(MakeColumn(header, consts));
    }
    bool timed = false;
    for (const Part& part : parts_) {
      timed = timed || std::any_of(part.table->rows.begin(),
                                   part.table->rows.end(), [](const Row& r) {
                                     return r.effective.has_value() &&
                                            !r.is_default;
                                   });
    }
    // Tables in force over different windows are compared only where
    // both are: time becomes a column then too.
    for (const Part& part : parts_) timed = timed || !SameWindow(parts_[0], part);
    if (timed) columns.push_back(TimeColumn());

    std::vector<std::size_t> sizes;
    for (const Column& c : columns) sizes.push_back(c.elements.size());
    auto space = std::make_shared<Space>(sizes);
    // Two boxes per row, each cell mapped element by element: refuse
    // before spending it when that is more than allowed.
    std::size_t row_count = 0, elements = 0;
    for (const Part& part : parts_) row_count += part.table->rows.size();
    for (std::size_t s : sizes) elements += s;
    const double bytes = 2.0 * static_cast<double>(row_count) *
                         static_cast<double>(space->words()) * 8.0;
    const double work = static_cast<double>(row_count) *
                        static_cast<double>(elements);
    if (bytes > static_cast<double>(max_bytes_) ||
        work > static_cast<double>(max_work_)) {
      if (too_large_ != nullptr) {
        *too_large_ =
            "its " + std::to_string(row_count) + " rows over " +
            std::to_string(elements) + " column values would take " +
            std::to_string(static_cast<std::size_t>(bytes) >> 20) +
            " MiB of regions" +
            (bytes > static_cast<double>(max_bytes_)
                 ? " (more than " + std::to_string(max_bytes_ >> 20) + " MiB)"
                 : std::string()) +
            (work > static_cast<double>(max_work_)
                 ? " and more work than the analysis allows a table"
                 : std::string());
      }
      return none;
    }
    Box universe = space->Full();
    for (std::size_t j = 0; j < columns.size(); ++j) {
      if (!columns[j].at_least) continue;
      const ExactNumber& least = *columns[j].at_least;
      for (std::size_t e = 0; e < columns[j].elements.size(); ++e) {
        const Element& el = columns[j].elements[e];
        if (el.ordered && el.high &&
            (*el.high < least || (*el.high == least && !el.high_closed))) {
          space->Set(universe, j, e, false);
        }
      }
    }
    if (timed) {
      const std::size_t t = columns.size() - 1;
      space->ClearColumn(universe, t);
      for (std::size_t e = 0; e < columns[t].elements.size(); ++e) {
        if (Inside(columns[t].elements[e], window_from_, true, window_until_,
                   false)) {
          space->Set(universe, t, e);
        }
      }
    }

    std::vector<std::unique_ptr<TableModel>> models;
    for (const Part& part : parts_) {
      auto model = std::make_unique<TableModel>();
      model->decl = part.decl;
      model->table = part.table;
      model->hit = part.table->hit_policy.text.empty()
                       ? "unique"
                       : part.table->hit_policy.text;
      model->space = space;
      model->universe = universe;
      AddRows(part, *space, columns, timed, *model);
      models.push_back(std::move(model));
    }
    // Columns last: mapping cells marks the approximated ones.
    for (auto& model : models) model->columns = columns;
    return models;
  }

  // A scorecard as a one-column `hit first` table over its score: one row
  // per band, the universe the segments holding a reachable score.
  std::unique_ptr<TableModel> BuildScorecard(const Decl& decl,
                                             const ScoreSet& scores) {
    const auto& card = std::get<ScorecardDecl>(decl.node);
    const ConstEval eval(program_, program_.RulesetOf(decl));
    Column col;
    col.header = "score";
    col.kind = ColumnKind::kOrdered;
    col.ordered = OrderedKind::kDecimal;
    std::vector<ExactNumber> points;
    for (const Band& band : card.bands) {
      for (const Expr* e : {band.test.value.get(), band.test.high.get()}) {
        if (e == nullptr) continue;
        const Const c = eval.Eval(*e);
        if (c.kind == Const::Kind::kNumber) points.push_back(c.number);
      }
    }
    // Cut at the hull too, so that each segment lies inside or outside it.
    if (scores.low) points.push_back(*scores.low);
    if (scores.high) points.push_back(*scores.high);
    std::sort(points.begin(), points.end());
    points.erase(std::unique(points.begin(), points.end()), points.end());
    col.elements = Segments(points, col.ordered);

    auto model = std::make_unique<TableModel>();
    model->decl = &decl;
    model->scorecard = &card;
    model->hit = "first";
    model->space = std::make_shared<Space>(
        std::vector<std::size_t>{col.elements.size()});
    const Space& space = *model->space;
    model->universe = space.Empty();
    for (std::size_t e = 0; e < col.elements.size(); ++e) {
      if (scores.Find(col.elements[e])) space.Set(model->universe, 0, e);
    }
    std::size_t position = 0;
    for (const Band& band : card.bands) {
      RowModel r;
      r.band = &band;
      r.position = position;
      r.name = "band " + std::to_string(position + 1);
      r.at = band.range;
      ++position;
      const CellSets sets = MapTests(false, false, {&band.test}, col, eval);
      r.must = space.Empty();
      r.may = space.Empty();
      for (std::size_t e = 0; e < sets.must.size(); ++e) {
        space.Set(r.must, 0, e, sets.must[e]);
        space.Set(r.may, 0, e, sets.may[e]);
      }
      model->rows.push_back(std::move(r));
    }
    model->columns = {std::move(col)};
    return model;
  }

 private:
  static ExactNumber DateOf(const Date& d) {
    return ExactNumber::FromDate(d.year, d.month, d.day);
  }

  void AddRows(const Part& part, const Space& space,
               std::vector<Column>& columns, bool timed,
               TableModel& model) {
    std::size_t position = 0;
    for (const Row& row : part.table->rows) {
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
        for (std::size_t j = 0; j < row.inputs.size(); ++j) {
          const std::size_t joint = part.joint_of[j];
          if (row.inputs[j].any) continue;  // `-`: the column stays whole
          CellSets sets = MapCell(row.inputs[j], columns[joint], part.eval);
          space.SetColumn(r.must, joint, sets.must.words(), sets.must.size());
          space.SetColumn(r.may, joint, sets.may.words(), sets.may.size());
        }
        if (timed && row.effective) {
          const std::size_t t = columns.size() - 1;
          const Column& time = columns[t];
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
      model.rows.push_back(std::move(r));
    }
  }

  // The window in which a table and its ruleset are both in force.
  struct Window {
    std::optional<ExactNumber> from, until;
  };
  Window WindowOf(const Part& part) const {
    Window w;
    auto narrow = [&](const std::optional<Effective>& eff) {
      if (!eff) return;
      const ExactNumber from = DateOf(eff->from);
      if (!w.from || *w.from < from) w.from = from;
      if (eff->until) {
        const ExactNumber until = DateOf(*eff->until);
        if (!w.until || until < *w.until) w.until = until;
      }
    };
    if (const Ruleset* rs = program_.RulesetOf(*part.decl)) narrow(rs->effective);
    narrow(part.table->effective);
    return w;
  }

  bool SameWindow(const Part& a, const Part& b) const {
    const Window wa = WindowOf(a), wb = WindowOf(b);
    auto same = [](const std::optional<ExactNumber>& x,
                   const std::optional<ExactNumber>& y) {
      return x.has_value() == y.has_value() && (!x || *x == *y);
    };
    return same(wa.from, wb.from) && same(wa.until, wb.until);
  }

  // Every test value written in column j of `part`, evaluated.
  static void ColumnConstants(const Part& part, std::size_t j,
                              std::vector<Const>& out) {
    for (const Row& row : part.table->rows) {
      if (row.is_default || j >= row.inputs.size()) continue;
      for (const UnaryTest& t : row.inputs[j].tests) {
        if (t.value) out.push_back(part.eval.Eval(*t.value));
        if (t.high) out.push_back(part.eval.Eval(*t.high));
      }
    }
  }

  Column MakeColumn(const Expr& header, const std::vector<Const>& consts) {
    Column col;
    if (header.range.valid()) {
      col.header = std::string(sources_.file(header.range.file).Slice(header.range));
    }
    const Type& type = header.type;
    Classify(header, col);
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
        if (col.at_least) points.push_back(*col.at_least);
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

  // What a header reads, and whether it is a free fact (see Column).
  void Classify(const Expr& header, Column& col) {
    std::vector<std::string> reads;
    if (auto p = FactPathOf(header)) {
      reads.push_back(*p);
    } else if (const auto* call = std::get_if<CallExpr>(&header.node);
               call != nullptr && call->decl == nullptr &&
               call->callee.text == "count" && call->args.size() == 1 &&
               call->args[0] && FactPathOf(*call->args[0])) {
      // A list's length: every count from 0 up, nothing below.
      reads.push_back(*FactPathOf(*call->args[0]));
      col.at_least = ExactNumber::Integer(0);
    } else {
      col.inexact = "column `" + col.header +
                    "` is computed, and the analysis treats it as a value of "
                    "its own that can take every value of its type";
    }
    // The earliest column whose path overlaps (PathsOverlap): the same
    // path, one it lies inside (cut at a `.`), or one inside it. Looked up
    // by path, not compared with every earlier column.
    for (const std::string& p : reads) {
      if (!col.inexact.empty()) break;
      std::size_t earliest = reads_.size();
      auto consider = [&](const std::string& path) {
        auto it = first_read_.find(path);
        if (it != first_read_.end()) earliest = std::min(earliest, it->second);
      };
      consider(p);
      for (std::size_t dot = p.find('.'); dot != std::string::npos;
           dot = p.find('.', dot + 1)) {
        consider(p.substr(0, dot));
      }
      for (auto it = first_read_.lower_bound(p + ".");
           it != first_read_.end() && it->first.compare(0, p.size() + 1, p + ".") == 0;
           ++it) {
        earliest = std::min(earliest, it->second);
      }
      if (earliest < reads_.size()) {
        col.inexact = "columns `" + reads_[earliest].second + "` and `" +
                      col.header + "` both read `" + p +
                      "`, and the analysis treats them as independent";
      }
    }
    for (const std::string& p : reads) {
      first_read_.emplace(p, reads_.size());
      reads_.push_back({p, col.header});
    }
  }

  Column TimeColumn() {
    Column col;
    col.header = "as of";
    col.kind = ColumnKind::kOrdered;
    col.ordered = OrderedKind::kDate;
    col.is_time = true;
    std::vector<ExactNumber> points;
    // The window in which every part is in force.
    for (const Part& part : parts_) {
      const Window w = WindowOf(part);
      if (w.from && (!window_from_ || *window_from_ < *w.from)) window_from_ = w.from;
      if (w.until && (!window_until_ || *w.until < *window_until_)) {
        window_until_ = w.until;
      }
    }
    if (window_from_) points.push_back(*window_from_);
    if (window_until_) points.push_back(*window_until_);
    for (const Part& part : parts_) {
      for (const Row& row : part.table->rows) {
        if (!row.effective) continue;
        points.push_back(DateOf(row.effective->from));
        if (row.effective->until) points.push_back(DateOf(*row.effective->until));
      }
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

  CellSets MapCell(const Cell& cell, Column& col, const ConstEval& eval) {
    std::vector<const UnaryTest*> tests;
    for (const UnaryTest& t : cell.tests) tests.push_back(&t);
    return MapTests(cell.any, cell.negated, tests, col, eval);
  }

  // A cell's tests (a scorecard band is one test on its own).
  CellSets MapTests(bool any, bool negated_cell,
                    const std::vector<const UnaryTest*>& tests, Column& col,
                    const ConstEval& eval) {
    const std::size_t size = col.elements.size();
    if (any) return CellSets{Bits(size, true), Bits(size, true)};
    CellSets s{Bits(size, false), Bits(size, false)};
    auto unknown = [&](bool with_none) {
      col.approximate = true;
      for (std::size_t e = 0; e < size; ++e) {
        if (with_none || static_cast<int>(e) != col.none_element) s.may.Set(e);
      }
    };
    auto add = [&](int e) {
      if (e < 0) return;
      s.must.Set(static_cast<std::size_t>(e));
      s.may.Set(static_cast<std::size_t>(e));
    };
    bool negated = negated_cell;
    const bool lone_ne = tests.size() == 1 &&
                         tests[0]->kind == UnaryTest::Kind::kCompare &&
                         tests[0]->op == CompareOp::kNe;
    // `!= v` alone is a negated equality, which also accepts none (as the
    // runtime reads it, docs/bundle.md 3.7).
    if (lone_ne) negated = !negated;
    for (const UnaryTest* test : tests) {
      const UnaryTest& t = *test;
      if (!t.value) continue;
      const Const v = eval.Eval(*t.value);
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
        const Const h = t.high ? eval.Eval(*t.high) : Const{};
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
      // Segments inside [low, high] are a run of the sorted ones: those
      // from the first that starts within the low bound up to the last
      // that ends within the high bound.
      const std::size_t k = SortedSegments(col);
      auto elements = col.elements.begin();
      const auto ends = elements + static_cast<std::ptrdiff_t>(k);
      const auto from = std::partition_point(elements, ends, [&](const Element& el) {
        return !Inside(el, low, low_closed, std::nullopt, false);
      });
      const auto to = std::partition_point(from, ends, [&](const Element& el) {
        return Inside(el, std::nullopt, false, high, high_closed);
      });
      for (auto it = from; it != to; ++it) add(static_cast<int>(it - elements));
      for (std::size_t e = k; e < size; ++e) {
        const Element& el = col.elements[e];
        if (el.ordered && Inside(el, low, low_closed, high, high_closed)) {
          add(static_cast<int>(e));
        }
      }
    }
    if (negated) {
      return CellSets{s.may.Complement(), s.must.Complement()};
    }
    return s;
  }

  const Program& program_;
  const SourceManager& sources_;
  std::vector<Part> parts_;

 public:
  ModelBuilder& Limits(std::string* too_large, std::size_t max_bytes,
                       std::size_t max_work) {
    too_large_ = too_large;
    max_bytes_ = max_bytes;
    max_work_ = max_work;
    return *this;
  }

 private:
  std::string* too_large_ = nullptr;
  std::size_t max_bytes_ = AnalyzeOptions{}.memory_budget;
  std::size_t max_work_ = AnalyzeOptions{}.work_budget;
  std::map<std::string, std::size_t> matter_elements_;
  std::vector<std::pair<std::string, std::string>> reads_;  // path, header
  std::map<std::string, std::size_t> first_read_;  // path -> first in reads_
  std::optional<ExactNumber> window_from_, window_until_;
};

std::string Bound(const Column& col, const ExactNumber& n) {
  return FormatNumber(n, col.ordered);
}

}  // namespace

int Column::Locate(const ExactNumber& value) const {
  // Sorted segments: the first whose high end is not below the value.
  const std::size_t k = SortedSegments(*this);
  const auto ends = elements.begin() + static_cast<std::ptrdiff_t>(k);
  const auto it = std::partition_point(elements.begin(), ends, [&](const Element& el) {
    return el.high && (el.high_closed ? *el.high < value : *el.high <= value);
  });
  if (it != ends) {
    const Element& el = *it;
    if (!el.low || (el.low_closed ? *el.low <= value : *el.low < value)) {
      return static_cast<int>(it - elements.begin());
    }
  }
  for (std::size_t e = k; e < elements.size(); ++e) {
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

std::string TableModel::InexactColumns() const {
  for (const Column& c : columns) {
    if (!c.inexact.empty()) return c.inexact;
  }
  return "";
}

std::optional<std::string> FactPathOf(const Expr& e) {
  if (const auto* n = std::get_if<NameExpr>(&e.node)) {
    if (n->decl == nullptr) return n->name.text;
    if (n->decl->kind == DeclKind::kParam) return "param " + n->name.text;
    return std::nullopt;
  }
  if (const auto* f = std::get_if<FieldExpr>(&e.node)) {
    if (!f->base) return std::nullopt;
    std::optional<std::string> base = FactPathOf(*f->base);
    if (!base || base->rfind("param ", 0) == 0) return std::nullopt;
    return *base + "." + f->field.text;
  }
  return std::nullopt;
}

bool PathsOverlap(const std::string& a, const std::string& b) {
  auto inside = [](const std::string& x, const std::string& y) {
    return x == y || (x.size() > y.size() && x.compare(0, y.size(), y) == 0 &&
                      x[y.size()] == '.');
  };
  return inside(a, b) || inside(b, a);
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
                                            const Decl& decl,
                                            std::string* too_large,
                                            std::size_t max_bytes,
                                            std::size_t max_work) {
  if (decl.kind != DeclKind::kTable) return nullptr;
  const auto& table = std::get<TableDecl>(decl.node);
  std::vector<std::size_t> identity(table.input_columns.size());
  for (std::size_t j = 0; j < identity.size(); ++j) identity[j] = j;
  auto models = ModelBuilder(program, sources, {&decl}, {identity})
                    .Limits(too_large, max_bytes, max_work)
                    .Build();
  return models.empty() ? nullptr : std::move(models.front());
}

std::unique_ptr<TableModel> BuildScorecardModel(const Program& program,
                                                const SourceManager& sources,
                                                const Decl& decl,
                                                const ScoreSet& scores) {
  if (decl.kind != DeclKind::kScorecard) return nullptr;
  return ModelBuilder(program, sources, {}, {}).BuildScorecard(decl, scores);
}

std::vector<std::unique_ptr<TableModel>> BuildJointModels(
    const Program& program, const SourceManager& sources,
    const std::vector<const Decl*>& tables,
    const std::vector<std::vector<std::size_t>>& joint_of) {
  if (tables.size() != joint_of.size()) return {};
  for (const Decl* d : tables) {
    if (d == nullptr || d->kind != DeclKind::kTable) return {};
  }
  return ModelBuilder(program, sources, tables, joint_of).Build();
}

}  // namespace bylaw::dsl::analyze_internal
