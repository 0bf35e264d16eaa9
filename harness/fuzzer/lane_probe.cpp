#include "fuzzer/lane_probe.hpp"

#include "codec/serializer.hpp"

namespace stompspec::fuzzer {
namespace {
// A probe connection's event list and transcript are capped (Conn): a new
// one now and then keeps both small and its waits working.
constexpr std::size_t kUsesPerConnection = 200;
}  // namespace

bool LaneProbe::open(const Url& url, const RunConfig& cfg) {
  conn_.reset();
  version_ = Version::v1_0;
  for (Version x : cfg.gen.versions) version_ = std::max(version_, x);
  auto c = std::make_unique<Conn>("probe", url, cfg.transport, version_, cfg.limits);
  if (c->open(cfg.clip(cfg.connect_timeout))) return false;
  if (cfg.rate && !cfg.rate->acquire(cfg.end)) return false;
  c->write(serialize(connect_frame(cfg.gen, version_), version_), cfg.clip(cfg.write_timeout));
  const bool connected = c->wait_for(cfg.until(cfg.probe_timeout), [](const Received& r) {
    return is_frame(r, "CONNECTED") || is_frame(r, "ERROR");
  });
  if (!connected || !is_frame(c->events().back(), "CONNECTED") || c->is_closed()) return false;
  conn_ = std::move(c);
  url_ = url;
  uses_ = 0;
  return true;
}

std::optional<Detection> LaneProbe::check(const Url& url, const RunConfig& cfg, const std::vector<std::string>& sent,
                                          std::vector<TranscriptEntry>* log) {
  if (conn_ && (url_.str() != url.str() || uses_ >= kUsesPerConnection)) {
    conn_->close();
    conn_.reset();
  }
  // Anything short of a RECEIPT on the kept connection: a fresh client judges.
  auto fresh = [&]() -> std::optional<Detection> {
    if (conn_) conn_->close();
    conn_.reset();
    return probe_broker(url, cfg, log);
  };
  if (!conn_ && !open(url, cfg)) return fresh();
  ++uses_;
  const std::size_t logged = conn_->transcript().size();
  const std::string id = "stompspec-fuzz-probe-" + std::to_string(next_id_++);
  Frame send{"SEND", {{"destination", cfg.gen.topic_prefix + "stompspec-fuzz-probe"}, {"receipt", id}}, "probe"};
  if (cfg.rate && !cfg.rate->acquire(cfg.end)) return std::nullopt;  // the run is over: nothing judged
  conn_->write(serialize(send, version_), cfg.clip(cfg.write_timeout));
  const bool receipted = conn_->wait_for(cfg.until(cfg.probe_timeout), [&](const Received& r) {
    return is_frame(r, "RECEIPT") && r.event.frame.find("receipt-id") && *r.event.frame.find("receipt-id") == id;
  });
  if (!receipted || conn_->is_closed()) return cfg.over() ? std::nullopt : fresh();

  // Empty the lane's fuzz queues this session named, so the next session
  // starts clean and a finding never rests on what an earlier one left.
  std::vector<std::string> drain;
  for (std::size_t k = 0; k < kFuzzDestinations; ++k) {
    const std::string queue = fill_lane(fuzz_destination(cfg.gen, true, k), cfg.lane);
    for (const auto& w : sent)
      if (w.find(queue) != std::string::npos) {
        drain.push_back(queue);
        break;
      }
  }
  for (std::size_t k = 0; k < drain.size(); ++k)
    conn_->write(serialize(Frame{"SUBSCRIBE", {{"id", "drain-" + std::to_string(k)}, {"destination", drain[k]}}, {}}, version_),
                 cfg.clip(cfg.write_timeout));
  if (!drain.empty()) {
    conn_->pump(cfg.quiet, cfg.clip(cfg.drain_max));
    for (std::size_t k = 0; k < drain.size(); ++k)
      conn_->write(serialize(Frame{"UNSUBSCRIBE", {{"id", "drain-" + std::to_string(k)}}, {}}, version_),
                   cfg.clip(cfg.write_timeout));
  }
  if (log) log->insert(log->end(), conn_->transcript().begin() + static_cast<long>(logged), conn_->transcript().end());
  if (conn_->is_closed()) conn_.reset();
  return std::nullopt;
}

}  // namespace stompspec::fuzzer
