// The fake broker as a process, for the CLI tests and for trying scenario
// files by hand: prints its two URLs on one line, then serves until killed.
//   stompspec_fake_broker_cli [--crash-on TEXT] [--fault NAME]... [--topic-no-local] [--max-frame-size N]
// --fault sets one boolean field of Faults (faults.hpp), e.g. --fault no_receipts;
// --topic-no-local keeps a sender's own topic messages from its subscriptions;
// --max-frame-size N refuses larger frames with ERROR (default 1 MiB).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "fake_broker.hpp"

namespace {
using stompspec::testing::Faults;

const std::map<std::string, bool Faults::*>& fault_fields() {
  static const std::map<std::string, bool Faults::*> m{
#define F(name) {#name, &Faults::name}
      F(connected_without_version), F(pick_unoffered_version), F(no_error_on_version_mismatch),
      F(accept_any_login), F(never_answer_connect), F(escape_connect_headers), F(unescape_connect_headers),
      F(ignore_heartbeats), F(advertise_but_never_beat), F(never_drop_silent_client), F(drop_beating_client_early),
      F(accept_send_without_destination), F(drop_user_headers), F(drop_content_type), F(truncate_body_at_nul),
      F(no_size_limit), F(accept_subscribe_without_id), F(client_ack_not_cumulative), F(deliver_after_unsubscribe),
      F(accept_unsubscribe_without_id), F(ignore_acks), F(no_redelivery_after_disconnect), F(no_redelivery_after_nack),
      F(accept_nack_in_1_0), F(ignore_transactions), F(no_error_unknown_transaction),
      F(accept_begin_without_transaction), F(commit_discards), F(abort_delivers), F(commit_at_disconnect),
      F(deliver_after_disconnect_receipt), F(no_disconnect_receipt), F(omit_destination), F(omit_message_id),
      F(omit_subscription_header), F(omit_ack_header), F(duplicate_message_ids), F(wrong_content_length),
      F(omit_content_length), F(send_malformed_frames), F(no_receipts), F(wrong_receipt_id), F(keep_open_after_error),
      F(error_without_message_header), F(error_without_receipt_id), F(no_error_on_malformed), F(accept_before_connect),
      F(no_header_escaping), F(escape_headers_in_1_0), F(no_header_unescaping), F(last_repeated_header_wins),
      F(trim_header_values), F(reject_crlf),
#undef F
  };
  return m;
}
}  // namespace

int main(int argc, char** argv) {
  Faults f;
  stompspec::testing::Options o;
  stompspec::testing::Variations v;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--topic-no-local") {
      v.sender_exclusion = true;  // the same legal variation the standalone fake-broker calls sender_exclusion
    } else if (a == "--max-frame-size" && i + 1 < argc) {
      o.max_frame_size = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--crash-on" && i + 1 < argc) {
      f.crash_on = argv[++i];
    } else if (a == "--fault" && i + 1 < argc) {
      auto it = fault_fields().find(argv[++i]);
      if (it == fault_fields().end()) {
        std::fprintf(stderr, "unknown fault '%s' (the bool fields of tests/support/faults.hpp)\n", argv[i]);
        return 2;
      }
      f.*(it->second) = true;
    } else {
      std::fprintf(stderr, "usage: %s [--crash-on TEXT] [--fault NAME]... [--topic-no-local] [--max-frame-size N]\n", argv[0]);
      return 2;
    }
  }
  stompspec::testing::FakeBroker broker(f, o, v);
  std::printf("%s %s\n", broker.url().c_str(), broker.ws_url().c_str());
  std::fflush(stdout);
  for (;;) pause();
}
