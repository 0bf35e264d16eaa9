#pragma once
// Session plans: what one fuzz session sends, decided up front from the seed
// and the session number alone (no clock, no broker answers), so a seed
// replays the same frames. A session is CONNECT, then a stateful mix of
// SUBSCRIBE, SEND, ACK/NACK, BEGIN/COMMIT/ABORT, UNSUBSCRIBE and DISCONNECT,
// some of them mutated; a few sessions send frames before CONNECT on purpose.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "codec/frame.hpp"
#include "fuzzer/mutate.hpp"

namespace stompspec::fuzzer {

struct Write {
  std::string bytes;        // the octets of one transport write (placeholders filled at send time)
  std::string command;      // what the generator meant ("SEND"), whatever the mutation did to it
  std::string mutation;     // "" for a valid frame, else the mutation's name
  bool framing_ok = true;   // a parser still finds this frame's end where the generator put it
};

struct Plan {
  std::uint64_t seed = 0;
  std::uint64_t session = 0;
  Version version = Version::v1_2;
  std::vector<Write> writes;
  bool pre_connect = false;  // frames go out before CONNECT on purpose
};

struct GenOptions {
  std::optional<std::string> login, passcode, host;
  std::string queue_prefix = "/queue/";
  std::string topic_prefix = "/topic/";
  std::vector<Version> versions{Version::v1_0, Version::v1_1, Version::v1_2};
  std::size_t max_frames = 12;     // frames after CONNECT
  unsigned mutate_percent = 35;    // chance that a frame after CONNECT is mutated
  unsigned connect_mutate_percent = 15;
  unsigned byte_mutate_percent = 20;  // of the mutations, how many work on octets
  unsigned pre_connect_percent = 10;
  MutateOptions mutate;
};

Plan make_plan(const GenOptions& o, std::uint64_t seed, std::uint64_t session);

// ACK and NACK name messages the broker has not sent yet when the plan is
// made, so they carry placeholders filled from the last MESSAGE received.
struct LastMessage {
  std::string ack;           // its ack header (1.2), else message-id
  std::string message_id;
  std::string subscription;
};
inline constexpr std::string_view kAckPlaceholder = "@@ack@@";
inline constexpr std::string_view kMessageIdPlaceholder = "@@message-id@@";
inline constexpr std::string_view kSubscriptionPlaceholder = "@@subscription@@";
std::string fill_placeholders(std::string bytes, const LastMessage& last);

// The destinations sessions use: a few fixed names (k < kFuzzDestinations),
// so queues do not pile up on the broker across sessions and runs. Each name
// holds kLanePlaceholder, which the session filling it replaces with its
// lane ("" with one session at a time, "L3-" for lane 3 of several), so
// concurrent sessions never see each other's messages and a plan still
// depends on nothing but the seed and the session number.
inline constexpr std::size_t kFuzzDestinations = 4;
inline constexpr std::string_view kLanePlaceholder = "@@lane@@";
std::string fuzz_destination(const GenOptions& o, bool queue, std::size_t k);
std::string fill_lane(std::string bytes, const std::string& lane);

}  // namespace stompspec::fuzzer
