// Per-event flow of a session: whole-broker faults, framing checks, dispatch
// by command, receipts and errors. Commands themselves live in
// session_connect.cpp and session_messaging.cpp.
#include "session.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "codec/serializer.hpp"

namespace stompspec::testing {
namespace {

// Ample for anything a test sends; the broker's own limit is checked per
// frame so that no_size_limit can change it for a live session.
Limits parser_limits(const Options& o) {
  Limits l;
  l.max_frame_size = std::max<std::size_t>(l.max_frame_size, 2 * o.max_frame_size);
  return l;
}

std::size_t frame_size(const Frame& f) {
  std::size_t n = f.command.size() + 1 + f.body.size();
  for (const auto& h : f.headers) n += h.name.size() + h.value.size() + 2;
  return n;
}

// Error text goes into a header, so keep it to one plain line.
std::string one_line(std::string s) {
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\n' || c == '\r' || c == ':' || c == '\\'; }, ' ');
  return s;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool known_command(const std::string& c) {
  for (const char* k : {"SEND", "SUBSCRIBE", "UNSUBSCRIBE", "ACK", "NACK", "BEGIN", "COMMIT", "ABORT", "DISCONNECT",
                        "CONNECT", "STOMP"})
    if (c == k) return true;
  return false;
}

std::string_view header_section(std::string_view raw) {
  const auto end = raw.find("\n\n");
  const auto end_crlf = raw.find("\r\n\r\n");
  return raw.substr(0, std::min(end, end_crlf));
}

}  // namespace

Session::Session(BrokerCore& core, SessionIo& io)
    : core_(core), io_(io), parser_(Version::v1_2, Peer::client, parser_limits(core.options())),
      f_(core.faults()), v_(core.variations()) {}

Session::~Session() { teardown(); }

void Session::on_bytes(std::string_view bytes) {
  if (phase_ == Phase::closed) return;
  parser_.feed(bytes);
  while (phase_ != Phase::closed && !core_.hung() && !core_.dead()) {
    auto ev = parser_.next();
    if (!ev) break;
    handle(*ev);
  }
}

void Session::handle(ParseEvent& ev) {
  f_ = core_.faults();
  v_ = core_.variations();
  if (check_whole_broker_faults(ev) || phase_ == Phase::ignoring) return;
  if (ev.kind == ParseEvent::Kind::heartbeat) {
    if (f_.reject_eols_between_frames && phase_ == Phase::connected) error(nullptr, "malformed frame", "EOL between frames");
    return;
  }
  if (auto problem = framing_problem(ev)) {
    if (!f_.no_error_on_malformed) error(&ev.frame, "malformed frame", *problem);
    return;
  }
  if (frame_size(ev.frame) > core_.options().max_frame_size && !f_.no_size_limit && f_.silent_close_on_oversize) {
    teardown();
    phase_ = Phase::closed;
    return io_.close_after_flush();
  }
  if (frame_size(ev.frame) > core_.options().max_frame_size && !f_.no_size_limit) {
    error(&ev.frame, "frame too large",
          "The frame exceeds the broker's limit of " + std::to_string(core_.options().max_frame_size) + " octets");
    return;
  }
  dispatch(ev.frame);
}

bool Session::check_whole_broker_faults(const ParseEvent& ev) {
  if (const auto colon = f_.crash_on_missing.find(':'); colon != std::string::npos && ev.kind == ParseEvent::Kind::frame &&
      ev.frame.command == f_.crash_on_missing.substr(0, colon) && !ev.frame.has(f_.crash_on_missing.substr(colon + 1))) {
    phase_ = Phase::closed;
    core_.crash();
    return true;
  }
  if (!f_.crash_on.empty() && ev.raw.find(f_.crash_on) != std::string::npos) {
    phase_ = Phase::closed;
    core_.crash();
    return true;
  }
  if (!f_.hang_on.empty() && ev.raw.find(f_.hang_on) != std::string::npos) {
    core_.hang();
    return true;
  }
  return false;
}

std::optional<std::string> Session::framing_problem(const ParseEvent& ev) const {
  // The 1.0 grammar has no NACK, so the parser flags its command line.
  const bool nack_forgiven = f_.accept_nack_in_1_0 && ev.kind == ParseEvent::Kind::frame &&
                             ev.frame.command == "NACK" &&
                             std::all_of(ev.violations.begin(), ev.violations.end(),
                                         [&](const Violation& v) { return v.offset == ev.offset; });
  // Faults that take some violations for fine: a lower-case command, an undefined escape.
  const auto forgiven = [&](const Violation& v) {
    if (f_.accept_undefined_escapes && v.what.find("escape") != std::string::npos) return true;
    if (f_.crlf_is_eol_before_1_2 && v.offset == ev.offset && ev.frame.command.ends_with('\r')) return true;
    return f_.case_insensitive_frames && v.offset == ev.offset && known_command(upper(ev.frame.command));
  };
  const bool all_forgiven = std::all_of(ev.violations.begin(), ev.violations.end(), forgiven);
  if (ev.kind == ParseEvent::Kind::malformed || (!ev.violations.empty() && !nack_forgiven && !all_forgiven)) {
    std::string why;
    for (const auto& v : ev.violations) why += (why.empty() ? "" : "; ") + v.what;
    return why.empty() ? std::string("malformed frame") : why;
  }
  if (f_.reject_crlf && header_section(ev.raw).find('\r') != std::string_view::npos) {
    return "CRLF line ending";
  }
  return std::nullopt;
}

void Session::dispatch(const Frame& original) {
  Frame folded;
  if (f_.case_insensitive_frames || (f_.crlf_is_eol_before_1_2 && original.command.ends_with('\r'))) {
    folded = original;
    if (folded.command.ends_with('\r')) folded.command.pop_back();
    if (f_.case_insensitive_frames) {
      folded.command = upper(folded.command);
      for (auto& h : folded.headers)
        for (auto& ch : h.name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
  }
  const Frame& f = folded.command.empty() ? original : folded;
  const std::string& c = f.command;
  if (pending_send_ && c != "DISCONNECT") core_.publish(*std::exchange(pending_send_, std::nullopt));
  if (c == "STOMP" && f_.reject_stomp_command) return error(&f, "unknown command", "STOMP is not supported");
  if (f_.reject_colon_in_1_0_values && version_ == Version::v1_0 && phase_ == Phase::connected) {
    for (const auto& h : f.headers)
      if (h.value.find(':') != std::string::npos) return error(&f, "malformed header", "a ':' in a header value");
  }
  const bool is_connect = c == "CONNECT" || c == "STOMP";
  if (phase_ == Phase::awaiting_connect && is_connect) return on_connect(f);
  if (phase_ == Phase::awaiting_connect && !f_.accept_before_connect) {
    return error(&f, "not connected", "A " + c + " frame arrived before CONNECT");
  }
  if (is_connect) return error(&f, "already connected", "A second " + c + " frame arrived");

  bool ok = false;
  if (c == "SEND") ok = on_send(f, false);
  else if (c == "SUBSCRIBE") ok = on_subscribe(f);
  else if (c == "UNSUBSCRIBE") ok = on_unsubscribe(f);
  else if (c == "ACK") ok = on_ack(f, false, false);
  else if (c == "NACK") ok = on_ack(f, true, false);
  else if (c == "BEGIN") ok = on_begin(f);
  else if (c == "COMMIT") ok = on_commit(f, false);
  else if (c == "ABORT") ok = on_commit(f, true);
  else if (c == "DISCONNECT") return (void)on_disconnect(f);
  else return error(&f, "unknown command", "The broker does not know the command " + c);
  if (!ok) return;

  if (!std::exchange(receipt_sent_, false)) receipt(f);
  // A subscriber hears the RECEIPT for its SUBSCRIBE before stored messages.
  if (auto d = std::exchange(deliver_stored_after_receipt_, std::nullopt)) core_.deliver_stored(*d);
}

std::optional<std::string> Session::header(const Frame& f, std::string_view name) const {
  const std::string* found = nullptr;
  for (const auto& h : f.headers) {
    if (h.name != name) continue;
    found = &h.value;
    if (!f_.last_repeated_header_wins) break;
  }
  if (found == nullptr) return std::nullopt;
  std::string v = *found;
  if (f_.crlf_is_eol_before_1_2 && version_ != Version::v1_2 && !v.empty() && v.back() == '\r') v.pop_back();
  // 1.0 frames were written with padding ("destination: /queue/a"); 1.1+ values are exact.
  if (version_ == Version::v1_0 || f_.trim_header_values) {
    const auto first = v.find_first_not_of(" \t");
    const auto last = v.find_last_not_of(" \t");
    v = first == std::string::npos ? std::string() : v.substr(first, last - first + 1);
  }
  return v;
}

void Session::receipt(const Frame& f) {
  auto r = header(f, "receipt");
  if (!r || f_.no_receipts) return;
  if (!core_.options().receipts && f.command != "DISCONNECT") return;
  if (f.command == "DISCONNECT" && f_.no_disconnect_receipt) return;
  Frame out{"RECEIPT", {}, {}};
  out.add("receipt-id", f_.wrong_receipt_id ? *r + "-wrong" : *r);
  if (f_.receipt_with_body) out.body = "done";
  send_frame(out);
  if (f_.send_unknown_frames) send_frame(Frame{"NOTICE", {{"text", "receipted"}}, {}});
}

void Session::error(const Frame* cause, const std::string& message, const std::string& detail) {
  Frame out{"ERROR", {}, {}};
  if (cause != nullptr && !f_.error_without_receipt_id) {
    if (auto r = header(*cause, "receipt")) out.add("receipt-id", *r);
  }
  if (!f_.close_instead_of_error) send_error_frame(std::move(out), message, detail.empty() ? message : detail);
  if (f_.keep_open_after_error && !f_.close_instead_of_error) return;
  teardown();
  phase_ = Phase::closed;
  if (v_.reset_after_error) io_.reset_after_flush();
  else io_.close_after_flush();
}

void Session::send_error_frame(Frame out, const std::string& message, const std::string& detail) {
  // Before CONNECTED no version is agreed: a 1.0-style ERROR with a raw
  // colon in its message is legal then (1.0 values may hold colons).
  const bool raw = v_.raw_colon_pre_negotiation && phase_ == Phase::awaiting_connect;
  if (!f_.error_without_message_header)
    out.headers.insert(out.headers.begin(), {"message", raw ? one_line(message) + ": " + one_line(detail) : one_line(message)});
  if (!v_.terse_errors) {
    out.add("content-type", "text/plain");
    out.body = detail;
  }
  if (!raw) return send_frame(out);
  SerializeOptions opt;
  opt.escape = false;
  io_.write(wire(std::move(out), opt, Version::v1_0));
}

void Session::send_frame(const Frame& f, bool escape) {
  SerializeOptions opt;
  opt.escape = escape && !f_.no_header_escaping;
  Version v = version_;
  if (v == Version::v1_0 && f_.escape_headers_in_1_0) v = Version::v1_1;
  io_.write(wire(f, opt, v));
}

std::string Session::wire(Frame out, SerializeOptions opt, Version v) const {
  if (v_.extra_headers) {
    out.add("x-fake-node", "node-a");
    out.add("x-fake-trace", "t-1");
  }
  if (v_.reversed_headers) {
    // Distinct names in reverse order; repeats keep their relative order,
    // since the first of them is the one that counts.
    std::vector<std::string> names;
    for (const auto& h : out.headers)
      if (std::find(names.begin(), names.end(), h.name) == names.end()) names.push_back(h.name);
    std::vector<Header> reordered;
    for (auto n = names.rbegin(); n != names.rend(); ++n)
      for (const auto& h : out.headers)
        if (h.name == *n) reordered.push_back(h);
    out.headers = std::move(reordered);
  }
  if (v_.content_length_always && opt.content_length == SerializeOptions::ContentLength::auto_)
    opt.content_length = SerializeOptions::ContentLength::always;
  if (v_.crlf_line_endings && v == Version::v1_2 && phase_ != Phase::awaiting_connect) opt.eol = Eol::crlf;
  std::string bytes = serialize(out, v, opt);
  // CR LF only once 1.2 is agreed: before CONNECTED the client may speak 1.0.
  if (v_.eols_between_frames) bytes += v == Version::v1_2 && phase_ != Phase::awaiting_connect ? "\r\n\n" : "\n";
  return bytes;
}

void Session::teardown() {
  if (torn_down_) return;
  torn_down_ = true;
  f_ = core_.faults();
  auto transactions = std::move(transactions_);
  transactions_.clear();
  if (f_.commit_at_disconnect && !core_.dead()) {
    for (auto& [name, frames] : transactions) {
      for (const Frame& held : frames) {
        if (held.command == "SEND") on_send(held, true);
        else on_ack(held, held.command == "NACK", true);
      }
    }
  }
  auto subs = std::move(subs_);
  subs_.clear();
  for (auto& [key, s] : subs) core_.remove_subscription(&s->sub);
  if (core_.dead() || f_.no_redelivery_after_disconnect) return;
  for (auto& [key, s] : subs) {
    for (const Message& m : given_back(*s)) core_.redeliver(m, nullptr);
  }
}

}  // namespace stompspec::testing
