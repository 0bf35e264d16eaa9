#include "runner/deviations.hpp"

#include <algorithm>
#include <string_view>
#include <vector>

#include "transport/url.hpp"

namespace stompspec {

bool covers(const Deviation& d, const std::string& id, const std::string& instance, const std::string& transport) {
  if (!d.transports.empty() && std::none_of(d.transports.begin(), d.transports.end(),
                                            [&](const auto& t) { return transport_covers(t, transport); }))
    return false;
  if (d.pattern == id || d.pattern == instance) return true;
  if (d.pattern.empty() || d.pattern.back() != '*') return false;
  return std::string_view(instance).starts_with(std::string_view(d.pattern.data(), d.pattern.size() - 1));
}

namespace {
const Deviation* first_covering(const std::vector<Deviation>& list, const std::string& id,
                                const std::string& instance, const std::string& transport) {
  for (const auto& d : list)
    if (covers(d, id, instance, transport)) return &d;
  return nullptr;
}
}  // namespace

const Deviation* deviation_for(const Profile& p, const std::string& id, const std::string& instance,
                               const std::string& transport) {
  return first_covering(p.deviations, id, instance, transport);
}

const Deviation* exclusion_for(const Profile& p, const std::string& id, const std::string& instance,
                               const std::string& transport) {
  return first_covering(p.excludes, id, instance, transport);
}

void apply_deviation(const Profile& p, const std::string& id, const std::string& transport, CaseResult& r) {
  const Deviation* d = deviation_for(p, id, r.instance, transport);
  if (!d) return;
  if (r.status == Status::fail || r.status == Status::warn || r.status == Status::info) {
    r.status = Status::xfail;
    r.reason = d->reason;
  } else if (r.status == Status::pass) {
    r.status = Status::xpass;
    r.reason = d->reason;
    r.message = "listed as a known deviation, but it passed: remove it from the profile";
  }
}

}  // namespace stompspec
