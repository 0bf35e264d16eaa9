#include "runner/selection.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "runner/deviations.hpp"
#include "runner/profile_keys.hpp"
#include "transport/url.hpp"

namespace stompspec {

std::string instance_name(const Case& c, const std::string& version) {
  return c.versions.size() > 1 ? c.id + "@" + version : c.id;
}

std::string why_not_run(const Case& c, const std::string& v, const Target& target, const RunOptions& o,
                        const std::vector<std::string>& versions, Status* status) {
  const Profile& p = o.profile;
  const std::string instance = instance_name(c, v);
  if (const Deviation* x = exclusion_for(p, c.id, instance, target.transport))
    return fmt::format("excluded by profile '{}': {}", p.name, x->reason);
  if (std::ranges::find(versions, v) == versions.end()) return fmt::format("profile '{}' does not offer STOMP {}", p.name, v);
  if (!c.transports.empty() &&
      std::none_of(c.transports.begin(), c.transports.end(), [&](const auto& t) { return transport_covers(t, target.transport); }))
    return fmt::format("the case applies to {} only", fmt::join(c.transports, ", "));
  std::string why;
  for (const auto& f : c.features) {
    if (!known_case_feature(f, &why)) {
      *status = Status::error;  // a scenario/harness mismatch, not the broker's verdict
      return why;
    }
    if (!p.offers(f, &why)) return why;
  }
  // Without a known credential a case about credentials cannot be built
  // honestly (e.g. "a wrong passcode is refused" needs the right one).
  for (const char* cred : {"login", "passcode"}) {
    const auto& have = std::string(cred) == "login" ? p.login : p.passcode;
    if (!have && uses_variable(c, cred))
      return fmt::format("needs credentials: the case uses ${{{}}}; give --login/--passcode (or STOMPSPEC_PASSCODE) "
                         "or a profile with them",
                         cred);
  }
  return "";
}

bool uses_variable(const Case& c, const std::string& name) {
  const std::string needle = "${" + name + "}";
  auto in = [&](const std::string& s) { return s.find(needle) != std::string::npos; };
  auto in_body = [&](const BodySpec& b) { return in(b.text) || (b.repeat && in(*b.repeat)); };
  auto in_frame = [&](const FrameSpec& f) {
    for (const auto& [k, v] : f.headers)
      if (in(k) || (v && in(*v))) return true;
    return in_body(f.body);
  };
  for (const Step& st : c.steps) {
    if (const auto* a = st.as<steps::Connect>(); a && in_frame(a->frame)) return true;
    if (const auto* a = st.as<steps::Send>(); a && in_frame(a->frame)) return true;
    if (const auto* a = st.as<steps::Raw>())
      for (const auto& chunk : a->chunks)
        if (in_body(chunk)) return true;
  }
  return false;
}

std::vector<Target> resolve_targets(const RunOptions& o, std::string* error) {
  std::vector<Target> out;
  auto add = [&](const std::string& text) {
    std::string why;
    auto url = Url::parse(text, &why);
    if (!url) {
      *error = fmt::format("bad target '{}': {}", text, why);
      return false;
    }
    out.push_back({url->transport_name(), *url});
    return true;
  };
  if (!o.targets.empty()) {
    for (const auto& t : o.targets)
      if (!add(t)) return {};
  } else {
    for (const auto& [transport, url] : o.profile.urls)
      if (!add(url)) return {};
  }
  if (out.empty()) *error = "no target: give --target URL (tcp://host:port or ws://host:port/path) or a profile with urls";
  return out;
}

// A selector names a suite, a section, a case or an instance (id@version),
// matched on whole path components: stomp12/send/1 is not stomp12/send/10.
bool matches_selector(const std::string& id, const std::string& version, const std::string& sel) {
  auto at = sel.find('@');
  std::string path = sel.substr(0, at);
  if (at != std::string::npos && sel.substr(at + 1) != version && !version.empty()) return false;
  if (at != std::string::npos) return id == path;
  if (!path.empty() && path.back() == '/') path.pop_back();
  return id == path || (id.starts_with(path) && id.size() > path.size() && id[path.size()] == '/');
}

bool selected(const Case& c, const RunOptions& o) {
  if (!o.selectors.empty() && std::none_of(o.selectors.begin(), o.selectors.end(), [&](const std::string& s) {
        return matches_selector(c.id, "", s);
      }))
    return false;
  if (!o.keywords.empty() &&
      std::none_of(o.keywords.begin(), o.keywords.end(), [&](const std::string& k) { return std::ranges::find(c.keywords, k) != c.keywords.end(); }))
    return false;
  return true;
}

bool must_run_alone(const Case& c) {
  return c.alone || std::any_of(c.steps.begin(), c.steps.end(),
                                [](const Step& s) { return s.is<steps::Heartbeats>(); });
}

}  // namespace stompspec
