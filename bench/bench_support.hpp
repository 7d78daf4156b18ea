#pragma once

#include <algorithm>
#include <fstream>
#include <string>
#include <vector>

namespace souk::bench {

/// The 1-, 5- and 15-minute load averages, as /proc/loadavg has them.
inline std::string loadavg() {
  std::ifstream in{"/proc/loadavg"};
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

/// The `p` quantile (0..1) of `v` (reorders it).
inline double percentile(std::vector<double>& v, double p) {
  if (v.empty())
    return 0;
  auto i = static_cast<size_t>(p * double(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + long(i), v.end());
  return v[i];
}

} // namespace souk::bench
