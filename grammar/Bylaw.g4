// The bylaw rule language.
//
// One file holds one part of a ruleset: a header naming the ruleset, then
// imports, then declarations. The grammar is whitespace-insensitive; blocks
// use braces and decision-table rows are framed by `|`. Keywords that are
// also useful as names (title, level, type, key, ...) are "soft": the
// `ident` rule accepts them wherever a name is expected.
//
// Generated at build time (see dsl/src/parse/CMakeLists.txt); the generated
// code never leaves dsl/src/parse.
grammar Bylaw;

// ---------------------------------------------------------------- files

file
    : rulesetHeader importDecl* declaration* EOF
    ;

rulesetHeader
    : RULESET qualifiedName headerItem*
    ;

headerItem
    : TITLE STRING                          # headerTitle
    | LEVEL ident                           # headerLevel
    | JURISDICTION STRING                   # headerJurisdiction
    | EFFECTIVE DATE (UNTIL DATE)?          # headerEffective
    | STATUS ident                          # headerStatus
    | SOURCE STRING                         # headerSource
    | VERSION STRING                        # headerVersion
    ;

importDecl
    : IMPORT qualifiedName (AS ident)?
    ;

declaration
    : enumDecl
    | recordDecl
    | paramDecl
    | scenarioDecl
    | reasonDecl
    | matterDecl
    | tableDecl
    | ruleDecl
    | scorecardDecl
    | defDecl
    | letDecl
    | decisionDecl
    | testDecl
    ;

// ---------------------------------------------------------- vocabulary

enumDecl
    : ENUM ident label? LBRACE (enumMember (COMMA? enumMember)* COMMA?)? RBRACE
    ;

enumMember
    : enumMemberName label?
    ;

enumMemberName
    : ident
    | INT
    | NONE
    ;

recordDecl
    : (FACTS | RECORD) ident label? LBRACE fieldDecl* RBRACE
    ;

fieldDecl
    : ident COLON typeRef label? COMMA?
    ;

typeRef
    : ident LT typeRef GT QUESTION?          # genericType
    | qualifiedName QUESTION?                # namedType
    ;

paramDecl
    : PARAM ident label? COLON typeRef
      ( ASSIGN expr paramMeta*
      | paramMeta* LBRACE paramValue* RBRACE
      )
    ;

paramValue
    : FROM DATE ASSIGN expr paramMeta*
    ;

paramMeta
    : BASIS STRING                          # paramBasis
    | NOTE STRING                           # paramNote
    | UNVERIFIED                            # paramUnverified
    ;

scenarioDecl
    : SCENARIO ident label? (BASIS STRING)?
    ;

reasonDecl
    : REASON ident label? (BASIS STRING)?
    ;

// ------------------------------------------------------------- matters

matterDecl
    : MATTER ident label? LBRACE matterItem* RBRACE
    ;

matterItem
    : TYPE ident                            # matterType
    | CONTENT STRING                        # matterContent
    | OBJECT qualifiedName (WHERE expr)?    # matterObject
    | METHODS identList                     # matterMethods
    | LEVEL ident                           # matterLevel
    | INITIATOR ident                       # matterInitiator
    | COOPERATORS identList                 # matterCooperators
    | DELEGABLE boolLiteral                 # matterDelegable
    | KEY boolLiteral                       # matterKey
    | SCENARIO ident                        # matterScenario
    | BASIS STRING                          # matterBasis
    | EFFECTIVE DATE (UNTIL DATE)?          # matterEffective
    ;

// -------------------------------------------------------------- tables

tableDecl
    : TABLE ident label? paramList ARROW outputList tableMeta*
      LBRACE tableHeader tableRow* RBRACE
    ;

outputList
    : LPAREN outputDecl (COMMA outputDecl)* RPAREN
    ;

outputDecl
    : ident COLON typeRef
    ;

// `overrides`, `tightens` and `except basis` relate a table to the table of
// a higher-level ruleset that answers the same question (docs/language.md,
// "Imports and levels"); the analysis compares the two.
tableMeta
    : HIT ident aggregatorName?             # tableHit
    | BASIS STRING                          # tableBasis
    | PARTIAL                               # tablePartial
    | EFFECTIVE DATE (UNTIL DATE)?          # tableEffective
    | OVERRIDES qualifiedName               # tableOverrides
    | TIGHTENS ident ident                  # tableTightens
    | EXCEPT BASIS STRING                   # tableExcept
    ;

// Only a plain name: a soft keyword after the policy (`hit first partial`)
// starts the next table item instead of being read as an aggregator.
aggregatorName
    : IDENT
    ;

tableHeader
    : PIPE expr (PIPE expr)* DPIPE ident (PIPE ident)* PIPE
    ;

tableRow
    : rowId? PIPE rowInputs DPIPE expr (PIPE expr)* PIPE rowMeta*
    ;

rowId
    : AT ident
    ;

rowInputs
    : DEFAULT                               # defaultRow
    | cell (PIPE cell)*                     # cellRow
    ;

rowMeta
    : BASIS STRING                          # rowBasis
    | EFFECTIVE DATE (UNTIL DATE)?          # rowEffective
    | PRIORITY INT                          # rowPriority
    | EXCEPT BASIS STRING                   # rowExcept
    ;

cell
    : MINUS                                 # anyCell
    | NOT LPAREN unaryTest (COMMA unaryTest)* RPAREN   # negatedCell
    | unaryTest (COMMA unaryTest)*          # testsCell
    ;

unaryTest
    : (LBRACK | LPAREN | RBRACK) expr DOTDOT expr (RBRACK | RPAREN | LBRACK)   # intervalTest
    | compareOp expr                        # compareTest
    | expr                                  # equalTest
    ;

// --------------------------------------------------------------- rules

ruleDecl
    : RULE ident label? paramList LBRACE ruleItem* RBRACE
    ;

ruleItem
    : FORBID WHEN expr                      # ruleForbid
    | REQUIRE WHEN? expr                    # ruleRequire
    | EXCEPT WHEN expr exceptMeta*          # ruleExcept
    | CODE ident                            # ruleCode
    | MESSAGE STRING                        # ruleMessage
    | BASIS STRING                          # ruleBasis
    | EFFECTIVE DATE (UNTIL DATE)?          # ruleEffective
    ;

exceptMeta
    : BASIS STRING                          # exceptBasis
    | FOLLOWUP ident                        # exceptFollowup
    ;

// ---------------------------------------------------------- scorecards

scorecardDecl
    : SCORECARD ident label? paramList ARROW typeRef
      LBRACE scorecardItem* RBRACE
    ;

scorecardItem
    : INDICATOR ident label? WEIGHT expr COLON expr    # indicator
    | BAND unaryTest ARROW2 expr                       # band
    | BASIS STRING                                     # scorecardBasis
    ;

// --------------------------------------------------- functions and values

defDecl
    : DEF ident label? paramList ARROW typeRef ASSIGN expr
    ;

letDecl
    : LET ident (COLON typeRef)? ASSIGN expr
    ;

decisionDecl
    : DECISION ident label? paramList LBRACE decisionItem* RBRACE
    ;

decisionItem
    : LET ident (COLON typeRef)? ASSIGN expr                    # decisionLet
    | OUTPUT ident (COLON typeRef)? ASSIGN expr (ELSE expr)?    # decisionOutput
    | BASIS STRING                                              # decisionBasis
    | REQUIRE COMPLETE FACTS                                    # decisionComplete
    ;

// --------------------------------------------------------------- tests

testDecl
    : TEST STRING LBRACE testItem* RBRACE
    ;

testItem
    : AS_OF DATE                            # testAsOf
    | GIVEN ident ASSIGN expr               # testGiven
    | EXPECT FAILS expr WITH ident          # testExpectFails
    | EXPECT expr                           # testExpect
    | BASIS STRING                          # testBasis
    ;

// --------------------------------------------------------- expressions

expr
    : IF expr THEN expr ELSE expr           # ifExpr
    | orExpr                                # plainExpr
    ;

orExpr
    : andExpr (OR andExpr)*
    ;

andExpr
    : notExpr (AND notExpr)*
    ;

notExpr
    : NOT notExpr                           # notOp
    | compareExpr                           # notPlain
    ;

compareExpr
    : addExpr (compareTail)?
    ;

compareTail
    : compareOp addExpr                     # compareBinary
    | NOT? IN addExpr                       # compareIn
    | CONTAINS addExpr                      # compareContains
    | IS NOT? NONE                          # compareIsNone
    ;

compareOp
    : EQ | NEQ | LT | LE | GT | GE
    ;

addExpr
    : mulExpr ((PLUS | MINUS) mulExpr)*
    ;

mulExpr
    : unaryExpr ((STAR | SLASH) unaryExpr)*
    ;

unaryExpr
    : MINUS unaryExpr                       # negate
    | postfixExpr                           # unaryPlain
    ;

postfixExpr
    : primary postfixOp*
    ;

postfixOp
    // NONE: a member named `none`, qualified (`Harm.none`).
    : DOT (ident | NONE)                    # fieldAccess
    | WITH recordBody                       # recordUpdate
    ;

primary
    : literal                                           # literalPrimary
    | ident LPAREN ident IN expr COLON expr RPAREN      # comprehension
    | ident LPAREN (expr (COMMA expr)*)? RPAREN         # call
    | qualifiedName recordBody                          # recordLiteral
    | ident                                             # name
    | LPAREN expr RPAREN                                # parens
    | LBRACK (expr (COMMA expr)* COMMA?)? RBRACK        # listLiteral
    | LBRACE (expr (COMMA expr)* COMMA?)? RBRACE        # setLiteral
    ;

recordBody
    : LBRACE (fieldInit (COMMA? fieldInit)* COMMA?)? RBRACE
    ;

fieldInit
    : ident COLON expr
    ;

literal
    : INT durationUnit?                     # intLiteral
    | DECIMAL                               # decimalLiteral
    | PERCENT                               # percentLiteral
    | STRING                                # stringLiteral
    | DATE                                  # dateLiteral
    | boolLiteral                           # boolLit
    | NONE                                  # noneLiteral
    ;

durationUnit
    : DAY | DAYS | MONTH | MONTHS | YEAR | YEARS
    ;

boolLiteral
    : TRUE | FALSE
    ;

// ------------------------------------------------------------- helpers

paramList
    : LPAREN (param (COMMA param)*)? RPAREN
    ;

param
    : ident COLON typeRef
    ;

label
    : STRING
    ;

identList
    : ident (COMMA ident)*
    ;

qualifiedName
    : ident (DOT ident)*
    ;

// Soft keywords: words with a meaning in one position that stay usable as
// names everywhere else.
ident
    : IDENT
    | TITLE | LEVEL | JURISDICTION | STATUS | SOURCE | VERSION | TYPE
    | CONTENT | OBJECT | METHODS | INITIATOR | COOPERATORS | DELEGABLE | KEY
    | SCENARIO | BASIS | CODE | MESSAGE | HIT | PARTIAL | WEIGHT | BAND
    | NOTE | UNVERIFIED | PRIORITY | FOLLOWUP | INDICATOR | FROM | UNTIL
    | DAY | DAYS | MONTH | MONTHS | YEAR | YEARS | REASON | AS_OF
    | OVERRIDES | TIGHTENS | FAILS | COMPLETE
    | MATTER | RULE | TABLE | RECORD | FACTS | DECISION | OUTPUT | TEST | PARAM
    ;

// ---------------------------------------------------------------- lexer

RULESET     : 'ruleset';
IMPORT      : 'import';
AS          : 'as';
ENUM        : 'enum';
FACTS       : 'facts';
RECORD      : 'record';
PARAM       : 'param';
SCENARIO    : 'scenario';
REASON      : 'reason';
MATTER      : 'matter';
TABLE       : 'table';
RULE        : 'rule';
SCORECARD   : 'scorecard';
DEF         : 'def';
LET         : 'let';
DECISION    : 'decision';
TEST        : 'test';
OUTPUT      : 'output';
GIVEN       : 'given';
EXPECT      : 'expect';
FAILS       : 'fails';
AS_OF       : 'as_of';

TITLE       : 'title';
LEVEL       : 'level';
JURISDICTION: 'jurisdiction';
EFFECTIVE   : 'effective';
UNTIL       : 'until';
STATUS      : 'status';
SOURCE      : 'source';
VERSION     : 'version';
FROM        : 'from';
BASIS       : 'basis';
NOTE        : 'note';
UNVERIFIED  : 'unverified';
TYPE        : 'type';
CONTENT     : 'content';
OBJECT      : 'object';
WHERE       : 'where';
METHODS     : 'methods';
INITIATOR   : 'initiator';
COOPERATORS : 'cooperators';
DELEGABLE   : 'delegable';
KEY         : 'key';
HIT         : 'hit';
PARTIAL     : 'partial';
DEFAULT     : 'default';
PRIORITY    : 'priority';
FORBID      : 'forbid';
REQUIRE     : 'require';
COMPLETE    : 'complete';
WHEN        : 'when';
EXCEPT      : 'except';
FOLLOWUP    : 'followup';
CODE        : 'code';
MESSAGE     : 'message';
INDICATOR   : 'indicator';
WEIGHT      : 'weight';
BAND        : 'band';
OVERRIDES   : 'overrides';
TIGHTENS    : 'tightens';

IF          : 'if';
THEN        : 'then';
ELSE        : 'else';
AND         : 'and';
OR          : 'or';
NOT         : 'not';
IN          : 'in';
IS          : 'is';
CONTAINS    : 'contains';
WITH        : 'with';
TRUE        : 'true';
FALSE       : 'false';
NONE        : 'none';
DAY         : 'day';
DAYS        : 'days';
MONTH       : 'month';
MONTHS      : 'months';
YEAR        : 'year';
YEARS       : 'years';

ARROW       : '->';
ARROW2      : '=>';
DPIPE       : '||';
PIPE        : '|';
DOTDOT      : '..';
DOT         : '.';
COMMA       : ',';
COLON       : ':';
QUESTION    : '?';
AT          : '@';
LPAREN      : '(';
RPAREN      : ')';
LBRACK      : '[';
RBRACK      : ']';
LBRACE      : '{';
RBRACE      : '}';
EQ          : '==';
NEQ         : '!=';
LE          : '<=';
GE          : '>=';
LT          : '<';
GT          : '>';
ASSIGN      : '=';
PLUS        : '+';
MINUS       : '-';
STAR        : '*';
SLASH       : '/';

DATE        : DIGIT DIGIT DIGIT DIGIT '-' DIGIT DIGIT '-' DIGIT DIGIT;
PERCENT     : DIGIT+ ('.' DIGIT+)? '%';
DECIMAL     : DIGIT+ '.' DIGIT+;
INT         : DIGIT+;
STRING      : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';
// A string that reaches the end of its line without a closing quote; the
// AST builder reports it as `unterminated_string` instead of a cascade.
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])*;
IDENT       : [a-zA-Z_] [a-zA-Z0-9_]*;

COMMENT     : '#' ~[\r\n]* -> channel(HIDDEN);
WS          : [ \t\r\n\u000C\uFEFF]+ -> skip;
// Anything else becomes one token so that the parser, not the lexer,
// reports it with a precise location.
INVALID_CHAR: .;

fragment DIGIT : [0-9];
