// Column-aligned decision tables (see table_layout.h).
#include "table_layout.h"

#include <algorithm>
#include <cstddef>

#include "display_width.h"
#include "expr_printer.h"

namespace bylaw::dsl::format_internal {
namespace {

struct GridRow {
  std::string id;
  bool is_default = false;
  std::vector<std::string> inputs;
  std::vector<std::string> outputs;
  std::string items;
};

std::string Pad(const std::string& text, std::size_t width) {
  std::size_t w = DisplayWidth(text);
  return w >= width ? text : text + std::string(width - w, ' ');
}

std::string RowItems(const Row& row) {
  std::string out;
  auto add = [&out](const std::string& item) {
    if (!out.empty()) out += ' ';
    out += item;
  };
  if (row.basis) add("basis " + Quote(row.basis->value));
  if (row.effective) add(EffectiveText(*row.effective));
  if (row.priority) add("priority " + std::to_string(*row.priority));
  if (row.except_basis) add("except basis " + Quote(row.except_basis->value));
  return out;
}

}  // namespace

std::vector<std::string> TableLines(const TableDecl& table) {
  std::vector<GridRow> grid;
  GridRow header;
  for (const ExprPtr& column : table.input_columns) {
    header.inputs.push_back(column ? ExprText(*column) : "none");
  }
  for (const Ident& name : table.output_columns) {
    header.outputs.push_back(name.text);
  }
  grid.push_back(std::move(header));
  for (const Row& row : table.rows) {
    GridRow g;
    if (row.id) g.id = "@" + row.id->text;
    g.is_default = row.is_default;
    if (row.is_default) {
      g.inputs.push_back("default");
    } else {
      for (const Cell& cell : row.inputs) g.inputs.push_back(CellText(cell));
    }
    for (const ExprPtr& out : row.outputs) {
      g.outputs.push_back(out ? ExprText(*out) : "none");
    }
    g.items = RowItems(row);
    grid.push_back(std::move(g));
  }

  // Column widths; rows of a well-formed table all have the header's
  // column counts, but a short or long row must not break the layout.
  std::size_t n_in = 0, n_out = 0, id_width = 0;
  for (const GridRow& g : grid) {
    if (!g.is_default) n_in = std::max(n_in, g.inputs.size());
    n_out = std::max(n_out, g.outputs.size());
    id_width = std::max(id_width, DisplayWidth(g.id));
  }
  n_in = std::max<std::size_t>(n_in, 1);
  std::vector<std::size_t> in_w(n_in, 0), out_w(n_out, 0);
  for (const GridRow& g : grid) {
    if (g.is_default) continue;
    for (std::size_t i = 0; i < g.inputs.size(); ++i) {
      in_w[i] = std::max(in_w[i], DisplayWidth(g.inputs[i]));
    }
    for (std::size_t i = 0; i < g.outputs.size(); ++i) {
      out_w[i] = std::max(out_w[i], DisplayWidth(g.outputs[i]));
    }
  }
  // `default` spans every input column and the ` | ` between them.
  std::size_t span = 3 * (n_in - 1);
  for (std::size_t w : in_w) span += w;
  for (const GridRow& g : grid) {
    if (!g.is_default) continue;
    if (DisplayWidth("default") > span) {
      in_w.back() += DisplayWidth("default") - span;
      span = DisplayWidth("default");
    }
    for (std::size_t i = 0; i < g.outputs.size(); ++i) {
      out_w[i] = std::max(out_w[i], DisplayWidth(g.outputs[i]));
    }
  }

  std::vector<std::string> lines;
  for (const GridRow& g : grid) {
    std::string line;
    if (id_width > 0) line += Pad(g.id, id_width) + " ";
    line += "|";
    if (g.is_default) {
      line += " " + Pad("default", span) + " ";
    } else {
      for (std::size_t i = 0; i < g.inputs.size(); ++i) {
        if (i > 0) line += "|";
        line += " " + Pad(g.inputs[i], in_w[i]) + " ";
      }
    }
    line += "||";
    for (std::size_t i = 0; i < g.outputs.size(); ++i) {
      if (i > 0) line += "|";
      line += " " + Pad(g.outputs[i], out_w[i]) + " ";
    }
    line += "|";
    if (!g.items.empty()) line += " " + g.items;
    lines.push_back(std::move(line));
  }
  return lines;
}

}  // namespace bylaw::dsl::format_internal
