#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace souk {

/// Requests by route and status, and their latency, for GET /metrics.
/// Thread-safe; one short lock per request.
class http_metrics {
public:
  /// Upper bounds of the latency buckets, in seconds.
  static constexpr std::array<double, 10> bounds{
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5, 2.5};

  void observe(const std::string& route, unsigned status, double seconds) {
    std::lock_guard<std::mutex> guard{mtx_};
    ++requests_[{route, status}];
    for (size_t i = 0; i < bounds.size(); ++i)
      if (seconds <= bounds[i])
        ++buckets_[i];
    ++count_;
    sum_ += seconds;
  }

  /// The Prometheus text of these series.
  std::string render() const {
    std::lock_guard<std::mutex> guard{mtx_};
    std::string out
      = "# HELP souk_http_requests_total Requests answered, by route and "
        "status.\n# TYPE souk_http_requests_total counter\n";
    for (auto& [key, n] : requests_)
      out += "souk_http_requests_total{route=\"" + key.first + "\",status=\""
             + std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
    out += "# HELP souk_http_request_seconds Time from request to answer.\n"
           "# TYPE souk_http_request_seconds histogram\n";
    for (size_t i = 0; i < bounds.size(); ++i)
      out += "souk_http_request_seconds_bucket{le=\"" + number(bounds[i])
             + "\"} " + std::to_string(buckets_[i]) + "\n";
    out += "souk_http_request_seconds_bucket{le=\"+Inf\"} "
           + std::to_string(count_) + "\n";
    out += "souk_http_request_seconds_sum " + number(sum_) + "\n";
    out += "souk_http_request_seconds_count " + std::to_string(count_) + "\n";
    return out;
  }

private:
  static std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
  }

  mutable std::mutex mtx_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
  std::array<std::uint64_t, bounds.size()> buckets_{};
  std::uint64_t count_ = 0;
  double sum_ = 0;
};

} // namespace souk
