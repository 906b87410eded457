// The AST builder for decision tables: signature, hit policy, header, rows,
// cells and unary tests; see ast_builder.h.
#include "ast_builder.h"

namespace bylaw::dsl::parse_internal {

using P = grammar_internal::BylawParser;

void AstBuilder::BuildTable(P::TableDeclContext* ctx, Decl* decl) {
  TableDecl node;
  decl->name = MakeIdent(ctx->ident(), ctx);
  decl->label = MakeLabel(ctx->label());
  node.params = MakeParams(ctx->paramList());
  if (P::OutputListContext* outputs = ctx->outputList()) {
    for (P::OutputDeclContext* o : outputs->outputDecl()) {
      TableOutput output;
      output.name = MakeIdent(o->ident(), o);
      output.type = MakeTypeRef(o->typeRef(), o);
      output.range = Range(o);
      node.outputs.push_back(std::move(output));
    }
  }
  for (P::TableMetaContext* meta : ctx->tableMeta()) {
    if (auto* c = dynamic_cast<P::TableHitContext*>(meta)) {
      // Policies are kept as written; the checker validates them.
      if (c->ident() == nullptr) continue;
      node.hit_policy = MakeIdent(c->ident(), c);
      node.hit_written = true;
      if (P::AggregatorNameContext* agg = c->aggregatorName()) {
        node.aggregator = Ident{agg->getText(), Range(agg)};
      }
    } else if (auto* c = dynamic_cast<P::TableBasisContext*>(meta)) {
      decl->basis = MakeText(c->STRING());
    } else if (dynamic_cast<P::TablePartialContext*>(meta) != nullptr) {
      node.partial = true;
    } else if (auto* c = dynamic_cast<P::TableEffectiveContext*>(meta)) {
      node.effective = MakeEffective(c, c->DATE(), c->UNTIL());
    } else if (auto* c = dynamic_cast<P::TableOverridesContext*>(meta)) {
      node.overrides = MakeQualifiedName(c->qualifiedName(), c);
    } else if (auto* c = dynamic_cast<P::TableTightensContext*>(meta)) {
      if (c->ident().size() != 2) continue;
      Tightening t;
      t.output = MakeIdent(c->ident(0), c);
      t.direction = MakeIdent(c->ident(1), c);
      t.range = Range(c);
      node.tightens.push_back(std::move(t));
    } else if (auto* c = dynamic_cast<P::TableExceptContext*>(meta)) {
      node.except_basis = MakeText(c->STRING());
    }
  }
  if (!node.hit_written) {
    // The default policy; its range is the table's name, where a
    // diagnostic about it can point.
    node.hit_policy = Ident{"unique", decl->name.range};
  }
  if (P::TableHeaderContext* header = ctx->tableHeader()) {
    for (P::ExprContext* e : header->expr()) {
      node.input_columns.push_back(BuildExpr(e, header));
    }
    for (P::IdentContext* id : header->ident()) {
      node.output_columns.push_back(MakeIdent(id, header));
    }
    node.header_range = Range(header);
  }
  // The rows are built one by one as the parser leaves each
  // (streaming_build.h).
  decl->node = std::move(node);
}

Row AstBuilder::BuildRow(P::TableRowContext* ctx) {
  Row row;
  if (P::RowIdContext* id = ctx->rowId()) row.id = MaybeIdent(id->ident());
  if (P::RowInputsContext* inputs = ctx->rowInputs()) {
    if (dynamic_cast<P::DefaultRowContext*>(inputs) != nullptr) {
      row.is_default = true;
    } else if (auto* cells = dynamic_cast<P::CellRowContext*>(inputs)) {
      for (P::CellContext* cell : cells->cell()) {
        row.inputs.push_back(BuildCell(cell));
      }
    }
  }
  for (P::ExprContext* e : ctx->expr()) row.outputs.push_back(BuildExpr(e, ctx));
  for (P::RowMetaContext* meta : ctx->rowMeta()) {
    if (auto* c = dynamic_cast<P::RowBasisContext*>(meta)) {
      row.basis = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::RowEffectiveContext*>(meta)) {
      row.effective = MakeEffective(c, c->DATE(), c->UNTIL());
    } else if (auto* c = dynamic_cast<P::RowPriorityContext*>(meta)) {
      row.priority = MakeInt(c->INT());
    } else if (auto* c = dynamic_cast<P::RowExceptContext*>(meta)) {
      row.except_basis = MakeText(c->STRING());
    }
  }
  row.range = Range(ctx);
  return row;
}

Cell AstBuilder::BuildCell(P::CellContext* ctx) {
  Cell cell;
  cell.range = Range(ctx);
  if (dynamic_cast<P::AnyCellContext*>(ctx) != nullptr) {
    cell.any = true;
  } else if (auto* c = dynamic_cast<P::NegatedCellContext*>(ctx)) {
    cell.negated = true;
    for (P::UnaryTestContext* t : c->unaryTest()) {
      cell.tests.push_back(BuildUnaryTest(t));
    }
  } else if (auto* c = dynamic_cast<P::TestsCellContext*>(ctx)) {
    for (P::UnaryTestContext* t : c->unaryTest()) {
      cell.tests.push_back(BuildUnaryTest(t));
    }
  }
  return cell;
}

UnaryTest AstBuilder::BuildUnaryTest(P::UnaryTestContext* ctx) {
  UnaryTest test;
  test.range = Range(ctx);
  if (auto* c = dynamic_cast<P::IntervalTestContext*>(ctx)) {
    // `[a..b)`: the first and last tokens are the brackets; `]` opening or
    // `[` closing an interval leaves that end open (`]a..b[`).
    test.kind = UnaryTest::Kind::kInterval;
    test.value = BuildExpr(c->expr(0), c);
    test.high = BuildExpr(c->expr(1), c);
    const antlr4::Token* first = c->getStart();
    const antlr4::Token* last = c->getStop();
    test.low_closed = first != nullptr && first->getType() == P::LBRACK;
    test.high_closed = last != nullptr && last->getType() == P::RBRACK &&
                       last != first;
  } else if (auto* c = dynamic_cast<P::CompareTestContext*>(ctx)) {
    test.kind = UnaryTest::Kind::kCompare;
    if (P::CompareOpContext* op = c->compareOp(); op && op->getStart()) {
      switch (op->getStart()->getType()) {
        case P::EQ: test.op = CompareOp::kEq; break;
        case P::NEQ: test.op = CompareOp::kNe; break;
        case P::LT: test.op = CompareOp::kLt; break;
        case P::LE: test.op = CompareOp::kLe; break;
        case P::GT: test.op = CompareOp::kGt; break;
        default: test.op = CompareOp::kGe; break;
      }
    }
    test.value = BuildExpr(c->expr(), c);
  } else if (auto* c = dynamic_cast<P::EqualTestContext*>(ctx)) {
    test.kind = UnaryTest::Kind::kEqual;
    test.value = BuildExpr(c->expr(), c);
  } else {
    test.value = Placeholder(test.range);
  }
  return test;
}

}  // namespace bylaw::dsl::parse_internal
