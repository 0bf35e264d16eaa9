#include "fuzzer/mutate.hpp"

#include <algorithm>
#include <string_view>

#include "codec/escape.hpp"
#include "fuzzer/dictionary.hpp"

namespace stompspec::fuzzer {
namespace {

struct Ctx {
  WireFrame& w;
  Version v;
  Rng& rng;
  const MutateOptions& o;

  // Encodes a value as a well-behaved client would, so only the chosen fault is in it.
  std::string enc(std::string_view s) const {
    return escaping_applies(w.command, v) ? escape_header(s, v) : std::string(s);
  }
  Header* any_header() { return w.headers.empty() ? nullptr : &w.headers[rng.below(w.headers.size())]; }
  void set_length(std::string value) {
    if (Header* h = w.find("content-length")) h->value = std::move(value);
    else w.headers.push_back({"content-length", std::move(value)});
  }
  void drop_length() {
    std::erase_if(w.headers, [](const Header& h) { return h.name == "content-length"; });
  }
};

using Fn = bool (*)(Ctx&);

struct Kind {
  const char* name;
  bool framing_ok;
  Fn apply;
};

bool command_lower(Ctx& c) {
  std::string lower = c.w.command;
  for (auto& ch : lower) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + 32 : ch);
  if (lower == c.w.command) return false;
  c.w.command = lower;
  return true;
}
bool command_unknown(Ctx& c) { c.w.command = c.rng.pick(dict::kUnknownCommands); return true; }
bool command_server(Ctx& c) { c.w.command = c.rng.pick(dict::kServerCommands); return true; }

bool header_drop(Ctx& c) {
  if (c.w.headers.empty()) return false;
  c.w.headers.erase(c.w.headers.begin() + static_cast<long>(c.rng.below(c.w.headers.size())));
  return true;
}
bool header_repeat(Ctx& c) {
  Header* h = c.any_header();
  if (!h || h->name == "content-length") return false;
  Header copy{h->name, c.enc(c.rng.pick(dict::kValues))};
  const auto at = c.rng.chance(50) ? c.w.headers.begin() : c.w.headers.end();
  c.w.headers.insert(at, copy);
  return true;
}
bool header_name_junk(Ctx& c) {
  std::string name(c.rng.pick(dict::kHeaderNames));
  if (name == "@long") name = "x-" + c.rng.text(c.rng.between(256, 4096));
  if (Header* h = c.any_header(); h && c.rng.chance(50) && h->name != "content-length") h->name = name;
  else c.w.headers.push_back({name, c.enc("v")});
  return true;
}
bool header_value_junk(Ctx& c) {
  Header* h = c.any_header();
  if (!h || h->name == "content-length") return false;
  const auto& specific = dict::values_for(h->name);
  std::string value(!specific.empty() && c.rng.chance(60) ? c.rng.pick(specific) : c.rng.pick(dict::kValues));
  if (value == "@long") value = c.rng.text(c.rng.between(256, 4096));
  h->value = c.enc(value);
  return true;
}
bool header_value_huge(Ctx& c) {
  std::string value = c.rng.text(c.rng.between(1024, std::max<std::size_t>(1024, c.o.max_value)));
  if (Header* h = c.any_header(); h && h->name != "content-length") h->value = value;
  else c.w.headers.push_back({"x-huge", value});
  return true;
}
bool headers_many(Ctx& c) {
  const std::size_t n = c.rng.between(100, std::max<std::size_t>(100, c.o.max_headers));
  for (std::size_t i = 0; i < n; ++i) c.w.headers.push_back({"x-h" + std::to_string(i), "v"});
  return true;
}
bool header_special(Ctx& c) {
  const auto& [name, value] = c.rng.pick(dict::kSpecialHeaders);
  c.w.headers.push_back({std::string(name), c.enc(value)});
  return true;
}
bool escape_undefined(Ctx& c) {
  Header* h = c.any_header();
  if (!h) return false;
  std::string& target = c.rng.chance(80) ? h->value : h->name;
  target.insert(c.rng.below(target.size() + 1), c.rng.pick(dict::kUndefinedEscapes));
  return true;
}
bool escape_trailing_backslash(Ctx& c) {
  Header* h = c.any_header();
  if (!h) return false;
  h->value += '\\';
  return true;
}
bool header_no_colon(Ctx& c) {
  c.w.extra_lines += std::string(c.rng.pick(dict::kColonlessLines)) + c.w.eol_of(0);
  return true;
}
bool header_space_around_colon(Ctx& c) {
  Header* h = c.any_header();
  if (!h) return false;
  h->name += ' ';
  h->value.insert(0, " ");
  return true;
}
bool content_length_short(Ctx& c) {
  if (c.w.body.empty()) return false;
  c.set_length(std::to_string(c.rng.below(c.w.body.size())));
  return true;
}
bool content_length_long(Ctx& c) { c.set_length(std::to_string(c.w.body.size() + c.rng.between(1, 100))); return true; }
bool content_length_huge(Ctx& c) { c.set_length(std::string(c.rng.pick(dict::kHugeLengths))); return true; }
bool content_length_negative(Ctx& c) { c.set_length(std::string(c.rng.pick(dict::kNegativeLengths))); return true; }
bool content_length_junk(Ctx& c) {
  std::string junk(c.rng.pick(dict::kJunkLengths));
  const std::size_t at = junk.find('#');
  if (at != std::string::npos) junk.replace(at, 1, std::to_string(c.w.body.size()));
  c.set_length(junk);
  return true;
}
bool content_length_repeat(Ctx& c) {
  c.set_length(std::to_string(c.w.body.size()));
  c.w.headers.push_back({"content-length", std::to_string(c.w.body.size() + c.rng.between(1, 10))});
  if (c.rng.chance(50)) std::swap(c.w.headers[c.w.headers.size() - 1], *c.w.find("content-length"));
  return true;
}
bool eol_crlf(Ctx& c) { c.w.eols.assign(c.w.lines(), "\r\n"); return true; }
bool eol_mixed(Ctx& c) {
  c.w.eols.resize(c.w.lines());
  for (auto& e : c.w.eols) e = c.rng.chance(50) ? "\r\n" : "\n";
  return true;
}
bool eol_bare_cr(Ctx& c) {
  c.w.eols.resize(c.w.lines(), "\n");
  c.w.eols[c.rng.below(c.w.lines())] = "\r";
  return true;
}
bool nul_in_header(Ctx& c) {
  Header* h = c.any_header();
  if (!h) return false;
  h->value.insert(c.rng.below(h->value.size() + 1), 1, '\0');
  return true;
}
bool nul_in_body(Ctx& c) {  // with a right content-length: a legal frame
  c.w.body.insert(c.rng.below(c.w.body.size() + 1), 1, '\0');
  c.set_length(std::to_string(c.w.body.size()));
  return true;
}
bool nul_in_body_unframed(Ctx& c) {
  c.w.body.insert(c.rng.below(c.w.body.size() + 1), std::string("a\0b", 3));
  c.drop_length();
  return true;
}
bool body_on_bodyless(Ctx& c) {
  if (may_have_body(c.w.command)) return false;
  c.w.body = c.rng.text(c.rng.between(1, 64));
  c.set_length(std::to_string(c.w.body.size()));
  return true;
}
bool body_huge(Ctx& c) {
  c.w.body = c.rng.text(c.rng.between(16 * 1024, std::max<std::size_t>(16 * 1024, 4 * c.o.max_value)));
  c.set_length(std::to_string(c.w.body.size()));
  return true;
}
bool no_nul(Ctx& c) { c.w.terminator.clear(); return true; }
bool extra_nul(Ctx& c) { c.w.terminator = std::string(c.rng.between(2, 4), '\0'); return true; }
bool heartbeat_flood(Ctx& c) {
  const std::string eol = c.rng.chance(50) ? "\n" : "\r\n";
  for (std::size_t i = c.rng.between(1, 2000); i > 0; --i) c.w.prefix += eol;
  return true;
}

constexpr Kind kKinds[] = {
    {"command-lower", true, command_lower},
    {"command-unknown", true, command_unknown},
    {"command-server", true, command_server},
    {"header-drop", true, header_drop},
    {"header-repeat", true, header_repeat},
    {"header-name-junk", true, header_name_junk},
    {"header-value-junk", true, header_value_junk},
    {"header-value-huge", true, header_value_huge},
    {"headers-many", true, headers_many},
    {"header-special", true, header_special},
    {"escape-undefined", true, escape_undefined},
    {"escape-trailing-backslash", true, escape_trailing_backslash},
    {"header-no-colon", true, header_no_colon},
    {"header-space-around-colon", true, header_space_around_colon},
    {"content-length-short", false, content_length_short},
    {"content-length-long", false, content_length_long},
    {"content-length-huge", false, content_length_huge},
    {"content-length-negative", false, content_length_negative},
    {"content-length-junk", false, content_length_junk},
    {"content-length-repeat", false, content_length_repeat},
    {"eol-crlf", true, eol_crlf},
    {"eol-mixed", true, eol_mixed},
    {"eol-bare-cr", false, eol_bare_cr},
    {"nul-in-header", false, nul_in_header},
    {"nul-in-body", true, nul_in_body},
    {"nul-in-body-unframed", false, nul_in_body_unframed},
    {"body-on-bodyless", true, body_on_bodyless},
    {"body-huge", true, body_huge},
    {"no-nul", false, no_nul},
    {"extra-nul", false, extra_nul},
    {"heartbeat-flood", true, heartbeat_flood},
};

constexpr const char* kByteKinds[] = {"byte-flip", "byte-insert", "byte-delete", "byte-truncate", "byte-dup"};

}  // namespace

Applied mutate_frame(WireFrame& w, Version v, Rng& rng, const MutateOptions& o) {
  Ctx c{w, v, rng, o};
  // A kind that does not fit this frame (no header to drop...) passes the turn on.
  for (int attempt = 0; attempt < 16; ++attempt) {
    const Kind& k = rng.pick(kKinds);
    if (k.apply(c)) return {k.name, k.framing_ok};
  }
  heartbeat_flood(c);
  return {"heartbeat-flood", true};
}

Applied mutate_bytes(std::string& s, Rng& rng) {
  const std::string kind = rng.pick(kByteKinds);
  const std::size_t n = s.size();
  if (n == 0 || kind == "byte-insert") {
    std::string ins;
    for (std::size_t i = rng.between(1, 8); i > 0; --i) ins += rng.pick(dict::kInterestingOctets);
    s.insert(rng.below(n + 1), ins);
    return {"byte-insert", false};
  }
  if (kind == "byte-flip") {
    for (std::size_t i = rng.between(1, 4); i > 0; --i) s[rng.below(n)] ^= static_cast<char>(1U << rng.below(8));
  } else if (kind == "byte-delete") {
    const std::size_t at = rng.below(n);
    s.erase(at, rng.between(1, std::min<std::size_t>(16, n - at)));
  } else if (kind == "byte-truncate") {
    s.resize(rng.below(n));
  } else {
    const std::size_t at = rng.below(n);
    const std::size_t len = rng.between(1, std::min<std::size_t>(64, n - at));
    s.insert(at + len, s.substr(at, len));
  }
  return {kind, false};
}

const std::vector<std::string>& mutation_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const Kind& k : kKinds) out.emplace_back(k.name);
    for (const char* b : kByteKinds) out.emplace_back(b);
    return out;
  }();
  return names;
}

}  // namespace stompspec::fuzzer
