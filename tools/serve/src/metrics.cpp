// Metrics (see metrics.h).
#include "metrics.h"

#include <cstdio>

namespace bylaw::serve::serve_internal {
namespace {

// A label value: backslash, double quote and newline escaped.
std::string Label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

}  // namespace

void Metrics::Record(const std::string& route, int status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, status}];
  if (seconds < 0) return;
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
}

void Metrics::CountError(const std::string& code) {
  std::lock_guard<std::mutex> lock(mu_);
  ++errors_[code];
}

void Metrics::CountDecisions(const std::string& decision, std::uint64_t n) {
  std::lock_guard<std::mutex> lock(mu_);
  decisions_[decision] += n;
}

void Metrics::CountReload(bool ok) {
  std::lock_guard<std::mutex> lock(mu_);
  ++(ok ? reloads_ok_ : reloads_refused_);
}

std::string Metrics::Render(std::string_view served_hash) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out += "# HELP bylaw_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE bylaw_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out += "bylaw_http_requests_total{route=\"" + Label(key.first) + "\",code=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP bylaw_http_request_duration_seconds Time from routing to the answer.\n";
  out += "# TYPE bylaw_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string r = "route=\"" + Label(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += "bylaw_http_request_duration_seconds_bucket{" + r + ",le=\"" +
             Number(kBuckets[i]) + "\"} " + std::to_string(h.counts[i]) + "\n";
    }
    out += "bylaw_http_request_duration_seconds_bucket{" + r + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "bylaw_http_request_duration_seconds_sum{" + r + "} " + Number(h.sum) + "\n";
    out += "bylaw_http_request_duration_seconds_count{" + r + "} " +
           std::to_string(h.count) + "\n";
  }
  out += "# HELP bylaw_errors_total Error answers, by the runtime's error code.\n";
  out += "# TYPE bylaw_errors_total counter\n";
  for (const auto& [code, n] : errors_) {
    out += "bylaw_errors_total{code=\"" + Label(code) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP bylaw_decisions_total Decisions evaluated (batch lines included).\n";
  out += "# TYPE bylaw_decisions_total counter\n";
  for (const auto& [decision, n] : decisions_) {
    out += "bylaw_decisions_total{decision=\"" + Label(decision) + "\"} " +
           std::to_string(n) + "\n";
  }
  out += "# HELP bylaw_reloads_total Bundle reloads, by result.\n";
  out += "# TYPE bylaw_reloads_total counter\n";
  out += "bylaw_reloads_total{result=\"ok\"} " + std::to_string(reloads_ok_) + "\n";
  out += "bylaw_reloads_total{result=\"refused\"} " + std::to_string(reloads_refused_) + "\n";
  out += "# HELP bylaw_bundle_info The bundle being served.\n";
  out += "# TYPE bylaw_bundle_info gauge\n";
  if (!served_hash.empty()) {
    out += "bylaw_bundle_info{hash=\"" + Label(std::string(served_hash)) + "\"} 1\n";
  }
  return out;
}

}  // namespace bylaw::serve::serve_internal
