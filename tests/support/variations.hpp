#pragma once
// Behaviour the STOMP specification allows that a correct broker may show.
// Unlike a fault, no variation may ever fail a case: the variation tests run
// every shipped case with them on. Off by default; fault_table.cpp gives each
// one's name and why the spec allows it.
namespace stompspec::testing {

struct Variations {
  // Frames and headers
  bool extra_headers = false;          // every server frame carries headers nobody asked for
  bool reversed_headers = false;       // server headers in reverse order (repeats keep theirs)
  bool content_length_always = false;  // content-length on every server frame, empty bodies too
  bool eols_between_frames = false;    // EOLs after every frame's NUL (CR LF among them at 1.2)
  bool crlf_line_endings = false;      // 1.2: server frames use CR LF line endings
  bool colon_ids = false;              // message-id and ack values with colons, ActiveMQ style
  bool fragmented_writes = false;      // TCP: each frame written a few octets at a time
  // Connecting and errors
  bool minimal_connected = false;      // CONNECTED without session and server (both MAY)
  bool larger_heartbeats = false;      // CONNECTED declares 5x the configured intervals
  bool frequent_heartbeats = false;    // heart-beats twice as often as negotiated
  bool reset_after_error = false;      // ERROR followed by a TCP reset (SO_LINGER 0), not a clean close
  bool raw_colon_pre_negotiation = false;  // ERRORs before CONNECTED in 1.0 form, a raw ':' in message
  bool terse_errors = false;           // ERROR with a message header only: no body, no content-type
  // Messaging
  bool reversed_redelivery = false;    // messages given back (NACK, UNSUBSCRIBE, close) redelivered last first
  bool prefetch_one = false;           // one unacknowledged message in flight per client(-individual) subscription
  bool sender_exclusion = false;       // a sender never receives its own topic message
  bool receipt_before_delivery = false;  // a SEND's RECEIPT goes out before the MESSAGEs it causes
};

}  // namespace stompspec::testing
