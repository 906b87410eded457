// The booklet as one self-contained HTML page (bylaw/booklet/booklet.h).
// Assembled as text like the plan's report: a few tables do not need a
// template engine, and the page must fetch and run nothing. The headings
// and column names are the page's own words; everything in the cells comes
// from the Booklet, escaped.
#include <string>
#include <vector>

#include "bylaw/base/html_text.h"
#include "bylaw/booklet/booklet.h"

namespace bylaw::booklet {
namespace {

using base::HtmlEscaped;

constexpr const char* kStyle = R"css(
:root { --ink: #1d2330; --muted: #5b6475; --line: #d5dae3; --band: #f3f5f9; --accent: #1f5fa8; --warn: #a15c00; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); font: 15px/1.6 "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
header, main, footer { max-width: 1100px; margin: 0 auto; padding: 0 24px; }
header { padding-top: 28px; border-bottom: 3px solid var(--accent); }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); color: var(--accent); }
h3 { font-size: 16px; margin: 20px 0 6px; }
.sub { color: var(--muted); margin: 0 0 12px; }
.trial { display: inline-block; margin: 4px 0 12px; padding: 2px 8px; border: 1px solid var(--warn); color: var(--warn); border-radius: 3px; font-size: 13px; }
nav { margin: 16px 0; padding: 10px 14px; background: var(--band); border-radius: 4px; }
nav ol { margin: 0; padding-left: 22px; columns: 2; }
table { width: 100%; border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 5px 7px; vertical-align: top; text-align: left; }
thead th { background: var(--band); }
th[scope=row] { background: #fafbfd; }
table.grid th[scope=row] { white-space: nowrap; }
th.situation { width: 18%; }
td.figure, .nowrap { white-space: nowrap; }
.yes { color: #1b7a3a; font-weight: 600; }
.no { color: #b3261e; font-weight: 600; }
.cite { display: block; color: var(--muted); font-size: 12px; }
.cite code, code { font-family: "DejaVu Sans Mono", monospace; font-size: 11px; color: #6b7385; }
ul.basis { margin: 4px 0 12px; padding-left: 20px; font-size: 13px; color: var(--muted); }
.note { color: var(--muted); font-size: 13px; }
.callout { border-left: 4px solid var(--warn); background: #fff8ee; padding: 8px 12px; margin: 8px 0; }
footer { margin-top: 36px; padding-top: 10px; padding-bottom: 28px; border-top: 1px solid var(--line); color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 16mm 14mm; }
@media print {
  body { font-size: 10.5pt; }
  header, main, footer { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-before: page; break-after: avoid; }
  h3 { break-after: avoid; }
  table { font-size: 9pt; }
  thead { display: table-header-group; }
  tr, .callout { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .cite { font-size: 7.5pt; }
}
)css";

std::string E(std::string_view s) { return HtmlEscaped(s); }

std::string Cite(const Citation& c) {
  if (c.basis.empty() && c.file.empty()) return "";
  std::string out = "<span class=\"cite\">" + E(c.basis);
  if (!c.file.empty()) out += " <code>" + E(c.file) + ":" + std::to_string(c.line) + "</code>";
  if (!c.item.empty()) out += " <code>" + E(c.item) + "</code>";
  return out + "</span>";
}

std::string Labels(const std::vector<Member>& members) {
  std::string out;
  for (const Member& m : members) out += (out.empty() ? "" : "、") + m.label;
  return out.empty() ? "—" : out;
}

std::string Join(const std::vector<std::string>& items, const char* sep = "、") {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : sep) + s;
  return out;
}

std::string YesNo(bool v) { return v ? "<span class=\"yes\">是</span>" : "<span class=\"no\">否</span>"; }

std::string BasisList(const std::vector<std::string>& basis) {
  std::string out;
  for (const std::string& b : basis) out += "<span class=\"cite\">" + E(b) + "</span>";
  return out;
}

std::string ReasonCells(const std::vector<ReasonEntry>& reasons) {
  std::string text, cites;
  for (const ReasonEntry& r : reasons) {
    text += "<div>" + E(r.message) + " <code>" + E(r.code) + "</code></div>";
    cites += Cite(r.basis);
  }
  return "<td>" + (text.empty() ? "—" : text) + "</td><td>" + cites + "</td>";
}

void Matters(const Booklet& b, std::string* out) {
  *out += "<h2 id=\"matters\">一、适用的检查事项和部门</h2>\n";
  *out += "<p>本行业的主管部门：<strong>" + E(b.competent.label) + "</strong>（联合检查由其牵头）" + Cite(b.competent_basis) + "</p>\n";
  *out += "<table><thead><tr><th>检查事项</th><th>检查内容</th><th>检查方式</th><th class=\"nowrap\">发起部门</th><th class=\"nowrap\">配合部门</th>"
          "<th class=\"nowrap\">重点监管</th><th class=\"nowrap\">可委托</th><th>适用条件</th><th>依据</th></tr></thead><tbody>\n";
  for (const MatterEntry& m : b.matters) {
    *out += "<tr><th scope=\"row\">" + E(m.label) + "<br><code>" + E(m.id) + "</code></th><td>" + E(m.content) +
            "</td><td>" + E(Join(m.methods)) + "</td><td class=\"nowrap\">" + E(m.initiator.label) + "</td><td>" +
            E(Labels(m.cooperators)) + "</td><td>" + YesNo(m.key) + "</td><td>" + YesNo(m.delegable) + "</td><td>" +
            (m.condition.empty() ? "本行业企业均适用" : E(m.condition)) + "</td><td>" + Cite(m.basis) + "</td></tr>\n";
  }
  *out += "</tbody></table>\n";
  if (!b.not_applicable.empty()) {
    *out += "<p class=\"note\">不适用于本行业的事项：" + E(Labels(b.not_applicable)) + "</p>\n";
  }
}

void Grids(const Booklet& b, std::string* out) {
  *out += "<h2 id=\"frequency\">二、检查频次（按信用风险分类和风险等级）</h2>\n";
  *out += "<p class=\"note\">每格为规则对该类企业的年度检查次数、抽查比例；“无触发不主动检查”见第三部分。</p>\n";
  for (const FrequencyGrid& g : b.grids) {
    *out += "<h3>" + E(g.matter_label) + "</h3>\n<p class=\"note\">适用地区：" + E(Labels(g.regions)) + "</p>\n";
    *out += "<table class=\"grid\" data-matter=\"" + E(g.matter) + "\"><thead><tr><th>企业信用风险分类</th>";
    for (const std::string& c : g.columns) *out += "<th>" + E(c) + "</th>";
    *out += "</tr></thead><tbody>\n";
    for (std::size_t r = 0; r < g.rows.size(); ++r) {
      *out += "<tr><th scope=\"row\">" + E(g.rows[r].name) + " " + E(g.rows[r].label) + "</th>";
      for (const FrequencyCell& c : g.cells[r]) *out += "<td class=\"figure\">" + E(c.text) + "</td>";
      *out += "</tr>\n";
    }
    *out += "</tbody></table>\n<ul class=\"basis\">";
    for (const Citation& c : g.basis) *out += "<li>" + Cite(c) + "</li>";
    *out += "</ul>\n";
  }
}

void Tracks(const Booklet& b, std::string* out) {
  *out += "<h2 id=\"exemptions\">三、无事不扰、非触发不检查与白名单</h2>\n";
  *out += "<p class=\"note\">以" + E(b.example_region.label) + "企业信用风险分类为“" + E(b.baseline_credit.label) +
          "”、其他情况均为一般的企业为基准，逐项改变一项情况得出；第四至六部分同。</p>\n";
  if (b.tracks.empty()) *out += "<p>规则对本行业未规定无触发不检查的情形。</p>\n";
  const ExemptionTrack* previous = nullptr;
  for (const ExemptionTrack& t : b.tracks) {
    *out += "<h3>当" + E(t.title) + "时</h3>\n<table><tbody>\n";
    *out += "<tr><th scope=\"row\">无触发不主动检查的事项</th><td>" + E(Labels(t.exempt_matters)) + "</td></tr>\n";
    std::string keep;
    for (const auto& [m, why] : t.not_exempt) keep += "<div>" + E(m.label) + "：" + E(why) + "</div>";
    *out += "<tr><th scope=\"row\">仍按频次检查的事项</th><td>" + (keep.empty() ? "—" : keep) + "</td></tr>\n";
    std::string rules;
    for (const ReasonEntry& r : t.reasons) rules += "<div>" + E(r.message) + " <code>" + E(r.code) + "</code>" + Cite(r.basis) + "</div>";
    *out += "<tr><th scope=\"row\">规则</th><td>" + (rules.empty() ? "—" : rules) + "</td></tr>\n";
    *out += "<tr><th scope=\"row\">下列触发来源出现时可以检查</th><td>" + E(Labels(t.lifting_triggers)) + "</td></tr>\n";
    *out += "<tr><th scope=\"row\">无触发也可实施的检查</th><td>" + E(Labels(t.lifting_kinds)) + "</td></tr>\n";
    if (!t.not_for.empty()) {
      *out += "<tr><th scope=\"row\">不享受本项待遇的情形</th><td>" + E(Join(t.not_for)) + "</td></tr>\n";
    }
    *out += "</tbody></table>\n";
    bool same_clues = previous != nullptr && previous->clues.size() == t.clues.size();
    for (std::size_t i = 0; same_clues && i < t.clues.size(); ++i) {
      const ExemptionTrack::Clue& a = t.clues[i];
      const ExemptionTrack::Clue& c = previous->clues[i];
      same_clues = a.source.name == c.source.name && a.trigger.name == c.trigger.name && a.lead.name == c.lead.name &&
                   a.joint == c.joint && a.proceeds == c.proceeds && a.basis == c.basis &&
                   Labels(a.cooperators) == Labels(c.cooperators);
    }
    previous = &t;
    if (same_clues) {
      *out += "<p class=\"note\">线索的触发来源、核查部门和能否检查同上表。</p>\n";
    } else if (!t.clues.empty()) {
      *out += "<table><thead><tr><th>线索来源</th><th>检查触发来源</th><th>牵头核查</th><th>配合部门</th><th>联合核查</th>"
              "<th>可以实施个案检查</th><th>依据</th></tr></thead><tbody>\n";
      for (const ExemptionTrack::Clue& c : t.clues) {
        *out += "<tr><th scope=\"row\">" + E(c.source.label) + "</th><td>" + E(c.trigger.label) + "</td><td>" +
                E(c.lead.label) + "</td><td>" + E(Labels(c.cooperators)) + "</td><td>" + YesNo(c.joint) + "</td><td>" +
                YesNo(c.proceeds) + "</td><td>" + BasisList(c.basis) + "</td></tr>\n";
      }
      *out += "</tbody></table>\n";
    }
  }
}

void Conduct(const Booklet& b, std::string* out) {
  *out += "<h2 id=\"conduct\">四、检查时应当出示什么，企业何时可以拒绝</h2>\n";
  *out += "<p>已赋码、经负责人批准、列入年度计划、两名持证执法人员出示证件的日常检查（事项 <code>" + E(b.conduct_matter) +
          "</code>）：" + (b.conduct_baseline.proceed ? "<span class=\"yes\">可以进行</span>" : "<span class=\"no\">不得进行</span>") + "。下列任一情况改变时：</p>\n";
  *out += "<table><thead><tr><th class=\"situation\">情形</th><th class=\"nowrap\">能否检查</th><th class=\"nowrap\">企业可拒绝</th><th>规则说明</th><th>依据</th><th>下列情况下仍可检查</th></tr></thead><tbody>\n";
  for (const ConductRow& r : b.conduct) {
    std::string verdict = r.proceed ? "<span class=\"yes\">可以</span>" : "<span class=\"no\">不得检查</span>";
    if (!r.followups.empty()) verdict += "<div class=\"note\">事后须：" + E(Join(r.followups)) + "</div>";
    if (!r.join.empty()) verdict += "<div class=\"note\">" + E(r.join) + "</div>";
    *out += "<tr><th scope=\"row\">" + E(r.situation) + "</th><td>" + verdict + "</td><td>" + YesNo(r.may_refuse) + "</td>" +
            ReasonCells(r.reasons) + "<td>" + (r.unless.empty() ? "—" : E(Join(r.unless, "；"))) + "</td></tr>\n";
  }
  *out += "</tbody></table>\n";
  std::string refuse;
  for (const ConductRow& r : b.conduct) {
    if (r.may_refuse) refuse += "<li>" + E(r.situation) + "</li>";
  }
  if (!refuse.empty()) *out += "<div class=\"callout\"><strong>企业有权拒绝检查的情形：</strong><ul>" + refuse + "</ul></div>\n";
}

std::string PenaltyCells(const PenaltyRow& r) {
  std::string measures;
  for (const MeasureEntry& m : r.measures) {
    measures += "<div>" + E(m.kind.label) + (m.deadline.empty() ? "" : "（期限 " + E(m.deadline) + "）") +
                "<span class=\"cite\">" + E(m.basis) + "</span></div>";
  }
  std::string reasons;
  for (const ReasonEntry& x : r.reasons) reasons += "<div>" + E(x.message) + " <code>" + E(x.code) + "</code>" + Cite(x.basis) + "</div>";
  return "<td>" + E(r.outcome.label) + "</td><td>" + YesNo(r.fine_allowed) + "</td><td>" + (reasons.empty() ? "—" : reasons) +
         "</td><td>" + (measures.empty() ? "—" : measures) + "</td><td>" + BasisList(r.basis) + "</td>";
}

void Penalties(const Booklet& b, std::string* out) {
  *out += "<h2 id=\"penalty\">五、违法行为的处罚与整改</h2>\n";
  *out += "<table><thead><tr><th class=\"situation\">情形</th><th class=\"nowrap\">处罚</th><th class=\"nowrap\">可以罚款</th><th>理由</th><th>应当采取的措施</th><th>依据</th></tr></thead><tbody>\n";
  *out += "<tr><th scope=\"row\">" + E(b.penalty_baseline.situation) + "</th>" + PenaltyCells(b.penalty_baseline) + "</tr>\n";
  for (const PenaltyRow& r : b.penalties) *out += "<tr><th scope=\"row\">" + E(r.situation) + "</th>" + PenaltyCells(r) + "</tr>\n";
  *out += "</tbody></table>\n";
  if (!b.time_limits.empty()) {
    *out += "<h3>追责期限</h3>\n<table><thead><tr><th>情形</th><th>于 " + E(b.as_of) +
            " 发现时，违法行为发生于下列日期及以前的不再处罚</th><th>依据</th></tr></thead><tbody>\n";
    for (const TimeLimitRow& t : b.time_limits) {
      std::string cites;
      for (const ReasonEntry& r : t.reasons) cites += "<div>" + E(r.message) + Cite(r.basis) + "</div>";
      *out += "<tr><th scope=\"row\">" + E(t.situation) + "</th><td class=\"figure\">" +
              (t.barred_on_or_before ? E(*t.barred_on_or_before) : "五十年内不受期限限制") + "</td><td>" + cites + "</td></tr>\n";
    }
    *out += "</tbody></table>\n";
  }
  if (b.continuing) {
    *out += "<table><thead><tr><th>连续或者继续状态的违法行为</th><th>处罚</th><th>可以罚款</th><th>理由</th><th>应当采取的措施</th><th>依据</th></tr></thead><tbody>\n";
    *out += "<tr><th scope=\"row\">" + E(b.continuing->situation) + "</th>" + PenaltyCells(*b.continuing) + "</tr>\n</tbody></table>\n";
  }
}

void Repairs(const Booklet& b, std::string* out) {
  *out += "<h2 id=\"repair\">六、信用修复</h2>\n";
  *out += "<p class=\"note\">自 " + E(b.as_of) + " 起公示、已改正的行政处罚信息，最早可以申请信用修复的日期：</p>\n";
  *out += "<table><thead><tr><th>处罚领域</th><th>一般失信</th><th>严重失信</th></tr></thead><tbody>\n";
  for (std::size_t i = 0; i + 1 < b.repairs.size(); i += 2) {
    const RepairRow& plain = b.repairs[i];
    const RepairRow& serious = b.repairs[i + 1];
    auto cell = [](const RepairRow& r) {
      return "<td>" + (r.eligible_from ? E(*r.eligible_from) : std::string("不能确定")) + BasisList(r.basis) + "</td>";
    };
    *out += "<tr><th scope=\"row\">" + E(plain.domain.label) + "</th>" + cell(plain) + cell(serious) + "</tr>\n";
  }
  *out += "</tbody></table>\n";
  if (b.repair_uncorrected) {
    *out += std::string("<p>未改正的：") + (b.repair_uncorrected->eligible_from ? E(*b.repair_uncorrected->eligible_from) + " 起可以申请" : "不能申请信用修复") +
            BasisList(b.repair_uncorrected->basis) + "</p>\n";
  }
}

std::string Head(const std::string& title) {
  return "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" + E(title) +
         "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n";
}

std::string Rulesets(const Booklet& b) {
  std::string out = "<table><thead><tr><th>规则集</th><th>版本</th><th>状态</th><th>来源</th></tr></thead><tbody>\n";
  for (const RulesetEntry& r : b.rulesets) {
    out += "<tr><th scope=\"row\">" + E(r.title.empty() ? r.id : r.title) + "<br><code>" + E(r.id) + "</code></th><td>" +
           E(r.version) + "</td><td>" + E(r.status) + "</td><td>" + E(r.source) + "</td></tr>\n";
  }
  return out + "</tbody></table>\n";
}

}  // namespace

std::string RenderBookletHtml(const Booklet& b) {
  const std::string title = b.industry.label + "行业涉企行政检查指南（一业一册）";
  std::string out = Head(title);
  out += "<header>\n<h1>" + E(title) + "</h1>\n<p class=\"sub\">地区：" +
         E(b.region ? b.region->label : std::string("全市各县（市、区）")) + " · 规则评估日：" + E(b.as_of) +
         " · 由规则生成，每项附依据</p>\n";
  if (b.trial) out += "<span class=\"trial\">含试行规则</span>\n";
  out += "<nav><ol><li><a href=\"#matters\">适用的检查事项和部门</a></li><li><a href=\"#frequency\">检查频次</a></li>"
         "<li><a href=\"#exemptions\">无事不扰与触发检查</a></li><li><a href=\"#conduct\">检查时应当出示什么</a></li>"
         "<li><a href=\"#penalty\">处罚与整改</a></li><li><a href=\"#repair\">信用修复</a></li><li><a href=\"#rules\">所依据的规则</a></li></ol></nav>\n</header>\n<main>\n";
  Matters(b, &out);
  Grids(b, &out);
  Tracks(b, &out);
  Conduct(b, &out);
  Penalties(b, &out);
  Repairs(b, &out);
  out += "<h2 id=\"rules\">所依据的规则</h2>\n" + Rulesets(b);
  out += "</main>\n<footer>本指南由 bylaw booklet 从规则包 <code>" + E(b.bundle_hash) +
         "</code> 生成：各项结论是对规则决策的求值，依据栏列出规则所引法律条文、规则编号和源文件行。规则修改后应重新生成。</footer>\n</body>\n</html>\n";
  return out;
}

std::string RenderIndexHtml(const std::vector<Booklet>& booklets) {
  std::string out = Head("涉企行政检查指南（一业一册）");
  out += "<header>\n<h1>涉企行政检查指南（一业一册）</h1>\n";
  if (!booklets.empty()) {
    out += "<p class=\"sub\">规则评估日：" + E(booklets.front().as_of) + " · 规则包 <code>" + E(booklets.front().bundle_hash) + "</code></p>\n";
  }
  out += "</header>\n<main>\n<table><thead><tr><th>行业</th><th>主管部门</th><th>适用的检查事项</th></tr></thead><tbody>\n";
  for (const Booklet& b : booklets) {
    std::string matters;
    for (const MatterEntry& m : b.matters) matters += (matters.empty() ? "" : "、") + m.label;
    out += "<tr><th scope=\"row\"><a href=\"" + E(b.industry.name) + ".html\">" + E(b.industry.label) + "</a></th><td>" +
           E(b.competent.label) + "</td><td>" + E(matters) + "</td></tr>\n";
  }
  out += "</tbody></table>\n</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace bylaw::booklet
