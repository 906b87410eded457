// The AST builder for the ruleset header, imports and declarations other
// than tables (see ast_builder_tables.cpp); see ast_builder.h.
#include "ast_builder.h"

namespace bylaw::dsl::parse_internal {

using P = grammar_internal::BylawParser;

void AstBuilder::BuildHeader(P::RulesetHeaderContext* ctx,
                             RulesetHeader* header) {
  if (ctx == nullptr) return;
  header->id = MakeQualifiedName(ctx->qualifiedName(), ctx);
  header->range = Range(ctx);
  for (P::HeaderItemContext* item : ctx->headerItem()) {
    if (auto* c = dynamic_cast<P::HeaderTitleContext*>(item)) {
      header->title = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::HeaderLevelContext*>(item)) {
      header->level = MaybeIdent(c->ident());
    } else if (auto* c = dynamic_cast<P::HeaderJurisdictionContext*>(item)) {
      header->jurisdiction = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::HeaderEffectiveContext*>(item)) {
      header->effective = MakeEffective(c, c->DATE(), c->UNTIL());
    } else if (auto* c = dynamic_cast<P::HeaderStatusContext*>(item)) {
      header->status = MaybeIdent(c->ident());
    } else if (auto* c = dynamic_cast<P::HeaderSourceContext*>(item)) {
      header->source = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::HeaderVersionContext*>(item)) {
      header->version = MakeText(c->STRING());
    }
  }
}

Import AstBuilder::BuildImport(P::ImportDeclContext* ctx) {
  Import import;
  import.ruleset = MakeQualifiedName(ctx->qualifiedName(), ctx);
  if (ctx->AS() != nullptr) import.alias = MaybeIdent(ctx->ident());
  import.range = Range(ctx);
  return import;
}

std::unique_ptr<Decl> AstBuilder::BuildDecl(P::DeclarationContext* ctx) {
  auto decl = std::make_unique<Decl>();
  decl->range = Range(ctx);
  if (auto* c = ctx->enumDecl()) {
    decl->kind = DeclKind::kEnum;
    BuildEnum(c, decl.get());
  } else if (auto* c = ctx->recordDecl()) {
    decl->kind = DeclKind::kRecord;
    BuildRecord(c, decl.get());
  } else if (auto* c = ctx->paramDecl()) {
    decl->kind = DeclKind::kParam;
    BuildParam(c, decl.get());
  } else if (auto* c = ctx->scenarioDecl()) {
    decl->kind = DeclKind::kScenario;
    decl->node = ScenarioDecl{};
    decl->name = MakeIdent(c->ident(), c);
    decl->label = MakeLabel(c->label());
    decl->basis = MakeText(c->STRING());
  } else if (auto* c = ctx->reasonDecl()) {
    decl->kind = DeclKind::kReason;
    decl->node = ReasonDecl{};
    decl->name = MakeIdent(c->ident(), c);
    decl->label = MakeLabel(c->label());
    decl->basis = MakeText(c->STRING());
  } else if (auto* c = ctx->matterDecl()) {
    decl->kind = DeclKind::kMatter;
    BuildMatter(c, decl.get());
  } else if (auto* c = ctx->tableDecl()) {
    decl->kind = DeclKind::kTable;
    BuildTable(c, decl.get());
  } else if (auto* c = ctx->ruleDecl()) {
    decl->kind = DeclKind::kRule;
    BuildRule(c, decl.get());
  } else if (auto* c = ctx->scorecardDecl()) {
    decl->kind = DeclKind::kScorecard;
    BuildScorecard(c, decl.get());
  } else if (auto* c = ctx->defDecl()) {
    decl->kind = DeclKind::kDef;
    DefDecl def;
    decl->name = MakeIdent(c->ident(), c);
    decl->label = MakeLabel(c->label());
    def.params = MakeParams(c->paramList());
    def.result_type = MakeTypeRef(c->typeRef(), c);
    def.body = BuildExpr(c->expr(), c);
    decl->node = std::move(def);
  } else if (auto* c = ctx->letDecl()) {
    decl->kind = DeclKind::kLet;
    LetDecl let;
    decl->name = MakeIdent(c->ident(), c);
    if (c->typeRef() != nullptr) let.type = MakeTypeRef(c->typeRef(), c);
    let.value = BuildExpr(c->expr(), c);
    decl->node = std::move(let);
  } else if (auto* c = ctx->decisionDecl()) {
    decl->kind = DeclKind::kDecision;
    BuildDecision(c, decl.get());
  } else if (auto* c = ctx->testDecl()) {
    decl->kind = DeclKind::kTest;
    BuildTest(c, decl.get());
  } else {
    return nullptr;
  }
  // A declaration whose name could not be read cannot be referred to;
  // leaving it out avoids "unknown name" noise (tests have no name).
  if (decl->kind != DeclKind::kTest && decl->name.text.empty()) return nullptr;
  return decl;
}

void AstBuilder::BuildEnum(P::EnumDeclContext* ctx, Decl* decl) {
  EnumDecl node;
  decl->name = MakeIdent(ctx->ident(), ctx);
  decl->label = MakeLabel(ctx->label());
  for (P::EnumMemberContext* m : ctx->enumMember()) {
    EnumMember member;
    P::EnumMemberNameContext* name = m->enumMemberName();
    if (name == nullptr || name->getStart() == nullptr) continue;
    member.name = Ident{name->getText(), Range(name)};
    member.label = MakeLabel(m->label());
    member.range = Range(m);
    node.members.push_back(std::move(member));
  }
  decl->node = std::move(node);
}

void AstBuilder::BuildRecord(P::RecordDeclContext* ctx, Decl* decl) {
  RecordDecl node;
  node.is_facts = ctx->FACTS() != nullptr;
  decl->name = MakeIdent(ctx->ident(), ctx);
  decl->label = MakeLabel(ctx->label());
  for (P::FieldDeclContext* f : ctx->fieldDecl()) {
    FieldDecl field;
    field.name = MakeIdent(f->ident(), f);
    field.type = MakeTypeRef(f->typeRef(), f);
    field.label = MakeLabel(f->label());
    field.range = Range(f);
    node.fields.push_back(std::move(field));
  }
  decl->node = std::move(node);
}

namespace {

// Applies `param` meta items to the fields of a value or declaration.
template <typename Target, typename MakeTextFn>
void ApplyParamMeta(const std::vector<P::ParamMetaContext*>& metas,
                    Target* target, MakeTextFn make_text) {
  for (P::ParamMetaContext* meta : metas) {
    if (auto* c = dynamic_cast<P::ParamBasisContext*>(meta)) {
      target->basis = make_text(c->STRING());
    } else if (auto* c = dynamic_cast<P::ParamNoteContext*>(meta)) {
      target->note = make_text(c->STRING());
    } else if (dynamic_cast<P::ParamUnverifiedContext*>(meta) != nullptr) {
      target->unverified = true;
    }
  }
}

}  // namespace

void AstBuilder::BuildParam(P::ParamDeclContext* ctx, Decl* decl) {
  ParamDecl node;
  decl->name = MakeIdent(ctx->ident(), ctx);
  decl->label = MakeLabel(ctx->label());
  node.type = MakeTypeRef(ctx->typeRef(), ctx);
  auto make_text = [this](Terminal* t) { return MakeText(t); };
  if (ctx->ASSIGN() != nullptr) {
    // `param x: T = v meta*`: one undated value; its meta is the value's.
    ParamValue value;
    value.value = BuildExpr(ctx->expr(), ctx);
    ApplyParamMeta(ctx->paramMeta(), &value, make_text);
    value.range = Range(ctx);
    decl->basis = value.basis;
    node.values.push_back(std::move(value));
  } else {
    ApplyParamMeta(ctx->paramMeta(), &node, make_text);
    decl->basis = node.basis;
    for (P::ParamValueContext* v : ctx->paramValue()) {
      ParamValue value;
      value.from = MakeDate(v->DATE());
      value.value = BuildExpr(v->expr(), v);
      ApplyParamMeta(v->paramMeta(), &value, make_text);
      value.range = Range(v);
      node.values.push_back(std::move(value));
    }
  }
  decl->node = std::move(node);
}

void AstBuilder::BuildMatter(P::MatterDeclContext* ctx, Decl* decl) {
  MatterDecl node;
  decl->name = MakeIdent(ctx->ident(), ctx);
  decl->label = MakeLabel(ctx->label());
  for (P::MatterItemContext* item : ctx->matterItem()) {
    if (item->getStart() == nullptr) continue;
    node.items.emplace_back(item->getStart()->getText(),
                            Range(item->getStart()));
    if (auto* c = dynamic_cast<P::MatterTypeContext*>(item)) {
      node.type = MaybeIdent(c->ident());
    } else if (auto* c = dynamic_cast<P::MatterContentContext*>(item)) {
      node.content = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::MatterObjectContext*>(item)) {
      node.object_type = MakeQualifiedName(c->qualifiedName(), c);
      if (c->WHERE() != nullptr) node.object_filter = BuildExpr(c->expr(), c);
    } else if (auto* c = dynamic_cast<P::MatterMethodsContext*>(item)) {
      node.methods = MakeIdentList(c->identList());
    } else if (auto* c = dynamic_cast<P::MatterLevelContext*>(item)) {
      node.level = MaybeIdent(c->ident());
    } else if (auto* c = dynamic_cast<P::MatterInitiatorContext*>(item)) {
      node.initiator = MaybeIdent(c->ident());
    } else if (auto* c = dynamic_cast<P::MatterCooperatorsContext*>(item)) {
      node.cooperators = MakeIdentList(c->identList());
    } else if (auto* c = dynamic_cast<P::MatterDelegableContext*>(item)) {
      if (c->boolLiteral() != nullptr) {
        node.delegable = c->boolLiteral()->TRUE() != nullptr;
      }
    } else if (auto* c = dynamic_cast<P::MatterKeyContext*>(item)) {
      if (c->boolLiteral() != nullptr) {
        node.key = c->boolLiteral()->TRUE() != nullptr;
      }
    } else if (auto* c = dynamic_cast<P::MatterScenarioContext*>(item)) {
      node.scenario = MaybeIdent(c->ident());
    } else if (auto* c = dynamic_cast<P::MatterBasisContext*>(item)) {
      decl->basis = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::MatterEffectiveContext*>(item)) {
      node.effective = MakeEffective(c, c->DATE(), c->UNTIL());
    }
  }
  decl->node = std::move(node);
}

void AstBuilder::BuildRule(P::RuleDeclContext* ctx, Decl* decl) {
  RuleDecl node;
  decl->name = MakeIdent(ctx->ident(), ctx);
  decl->label = MakeLabel(ctx->label());
  node.params = MakeParams(ctx->paramList());
  SourceRange first_condition;
  for (P::RuleItemContext* item : ctx->ruleItem()) {
    antlr4::ParserRuleContext* condition = nullptr;
    P::ExprContext* expr = nullptr;
    bool forbid = true;
    SourceRange keyword;
    if (auto* c = dynamic_cast<P::RuleForbidContext*>(item)) {
      condition = c;
      expr = c->expr();
      keyword = Range(c->FORBID());
      if (c->WHEN() != nullptr) keyword = keyword.Join(Range(c->WHEN()));
    } else if (auto* c = dynamic_cast<P::RuleRequireContext*>(item)) {
      condition = c;
      expr = c->expr();
      forbid = false;
      keyword = Range(c->REQUIRE());
      if (c->WHEN() != nullptr) keyword = keyword.Join(Range(c->WHEN()));
    } else if (auto* c = dynamic_cast<P::RuleExceptContext*>(item)) {
      RuleExcept except;
      except.when = BuildExpr(c->expr(), c);
      for (P::ExceptMetaContext* meta : c->exceptMeta()) {
        if (auto* b = dynamic_cast<P::ExceptBasisContext*>(meta)) {
          except.basis = MakeText(b->STRING());
        } else if (auto* f = dynamic_cast<P::ExceptFollowupContext*>(meta)) {
          except.followup = MaybeIdent(f->ident());
        }
      }
      except.range = Range(c);
      node.excepts.push_back(std::move(except));
    } else if (auto* c = dynamic_cast<P::RuleCodeContext*>(item)) {
      node.code = MaybeIdent(c->ident());
    } else if (auto* c = dynamic_cast<P::RuleMessageContext*>(item)) {
      node.message = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::RuleBasisContext*>(item)) {
      decl->basis = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::RuleEffectiveContext*>(item)) {
      node.effective = MakeEffective(c, c->DATE(), c->UNTIL());
    }
    if (condition == nullptr) continue;
    // Only the parser sees a second condition: the AST holds one.
    if (node.condition != nullptr) {
      ctx_.Error("duplicate_rule_condition", keyword,
                 "rule `" + decl->name.text + "` has more than one condition",
                 "combine the conditions with `and` / `or`",
                 {DiagnosticLabel{first_condition, "first condition here"}});
      continue;
    }
    node.forbid = forbid;
    node.condition = BuildExpr(expr, condition);
    node.condition_range = keyword;
    first_condition = keyword;
  }
  decl->node = std::move(node);
}

void AstBuilder::BuildScorecard(P::ScorecardDeclContext* ctx, Decl* decl) {
  ScorecardDecl node;
  decl->name = MakeIdent(ctx->ident(), ctx);
  decl->label = MakeLabel(ctx->label());
  node.params = MakeParams(ctx->paramList());
  node.grade_type = MakeTypeRef(ctx->typeRef(), ctx);
  for (P::ScorecardItemContext* item : ctx->scorecardItem()) {
    if (auto* c = dynamic_cast<P::IndicatorContext*>(item)) {
      Indicator indicator;
      indicator.name = MakeIdent(c->ident(), c);
      indicator.label = MakeLabel(c->label());
      indicator.weight = BuildExpr(c->expr(0), c);
      indicator.value = BuildExpr(c->expr(1), c);
      indicator.range = Range(c);
      node.indicators.push_back(std::move(indicator));
    } else if (auto* c = dynamic_cast<P::BandContext*>(item)) {
      Band band;
      band.test = BuildUnaryTest(c->unaryTest());
      band.grade = BuildExpr(c->expr(), c);
      band.range = Range(c);
      node.bands.push_back(std::move(band));
    } else if (auto* c = dynamic_cast<P::ScorecardBasisContext*>(item)) {
      decl->basis = MakeText(c->STRING());
    }
  }
  decl->node = std::move(node);
}

void AstBuilder::BuildDecision(P::DecisionDeclContext* ctx, Decl* decl) {
  DecisionDecl node;
  decl->name = MakeIdent(ctx->ident(), ctx);
  decl->label = MakeLabel(ctx->label());
  node.params = MakeParams(ctx->paramList());
  for (P::DecisionItemContext* item : ctx->decisionItem()) {
    if (auto* c = dynamic_cast<P::DecisionLetContext*>(item)) {
      DecisionItem let;
      let.kind = DecisionItem::Kind::kLet;
      let.name = MakeIdent(c->ident(), c);
      if (c->typeRef() != nullptr) let.type = MakeTypeRef(c->typeRef(), c);
      let.value = BuildExpr(c->expr(), c);
      let.range = Range(c);
      node.items.push_back(std::move(let));
    } else if (auto* c = dynamic_cast<P::DecisionOutputContext*>(item)) {
      DecisionItem output;
      output.kind = DecisionItem::Kind::kOutput;
      output.name = MakeIdent(c->ident(), c);
      if (c->typeRef() != nullptr) output.type = MakeTypeRef(c->typeRef(), c);
      output.value = BuildExpr(c->expr(0), c);
      if (c->ELSE() != nullptr) output.fallback = BuildExpr(c->expr(1), c);
      output.range = Range(c);
      node.items.push_back(std::move(output));
    } else if (auto* c = dynamic_cast<P::DecisionBasisContext*>(item)) {
      decl->basis = MakeText(c->STRING());
    } else if (auto* c = dynamic_cast<P::DecisionCompleteContext*>(item)) {
      // Only the parser sees a second clause: the AST holds one.
      if (node.complete_facts) {
        ctx_.Error("duplicate_complete_facts", Range(c),
                   "decision `" + decl->name.text + "` says `require complete facts` twice",
                   "say it once", {DiagnosticLabel{*node.complete_facts, "first said here"}});
        continue;
      }
      node.complete_facts = Range(c);
    }
  }
  decl->node = std::move(node);
}

void AstBuilder::BuildTest(P::TestDeclContext* ctx, Decl* decl) {
  TestDecl node;
  decl->label = MakeText(ctx->STRING());
  decl->name = Ident{"", Range(ctx->TEST())};
  for (P::TestItemContext* item : ctx->testItem()) {
    TestItem test;
    test.range = Range(item);
    if (auto* c = dynamic_cast<P::TestAsOfContext*>(item)) {
      std::optional<Date> date = MakeDate(c->DATE());
      if (!date) continue;
      test.kind = TestItem::Kind::kAsOf;
      test.as_of = *date;
    } else if (auto* c = dynamic_cast<P::TestGivenContext*>(item)) {
      test.kind = TestItem::Kind::kGiven;
      test.name = MakeIdent(c->ident(), c);
      test.value = BuildExpr(c->expr(), c);
    } else if (auto* c = dynamic_cast<P::TestExpectContext*>(item)) {
      test.kind = TestItem::Kind::kExpect;
      test.value = BuildExpr(c->expr(), c);
    } else if (auto* c = dynamic_cast<P::TestExpectFailsContext*>(item)) {
      test.kind = TestItem::Kind::kExpect;
      test.value = BuildExpr(c->expr(), c);
      test.fails = MakeIdent(c->ident(), c);
    } else if (auto* c = dynamic_cast<P::TestBasisContext*>(item)) {
      decl->basis = MakeText(c->STRING());
      continue;
    } else {
      continue;
    }
    node.items.push_back(std::move(test));
  }
  decl->node = std::move(node);
}

}  // namespace bylaw::dsl::parse_internal
