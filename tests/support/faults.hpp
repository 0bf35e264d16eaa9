#pragma once
// The ways the fake broker can be told to break the STOMP specification.
// Every field is off by default, which gives a correct broker; each one breaks
// exactly one requirement so that a test can prove the matching check fails.
#include <string>

namespace stompspec::testing {

struct Faults {
  // --- Connecting -----------------------------------------------------------
  bool connected_without_version = false;     // CONNECTED (1.1+) lacks the version header
  bool pick_unoffered_version = false;        // CONNECTED names a version the client did not offer
  bool no_error_on_version_mismatch = false;  // no common version: answers as a 1.0 broker instead of ERROR
  bool accept_any_login = false;              // a wrong login/passcode still gets CONNECTED
  bool never_answer_connect = false;          // CONNECT gets no reply at all; later frames are ignored
  bool escape_connect_headers = false;        // CONNECTED header values are escaped (they must not be)
  bool unescape_connect_headers = false;      // CONNECT values are decoded, so "\t" in one is an error

  // --- Heart-beating --------------------------------------------------------
  bool ignore_heartbeats = false;             // answers heart-beat:0,0, never beats, never checks
  bool advertise_but_never_beat = false;      // promises beats in CONNECTED but sends none
  int heartbeat_interval_factor = 0;          // >1: beats only every N x the negotiated interval
  bool never_drop_silent_client = false;      // a client that stops beating is kept forever
  bool drop_beating_client_early = false;     // drops a client after half its interval, with no grace

  // --- SEND -----------------------------------------------------------------
  bool accept_send_without_destination = false;  // no ERROR; the message is dropped
  bool drop_user_headers = false;             // MESSAGE carries no user-defined headers
  bool drop_content_type = false;             // MESSAGE loses the SEND's content-type
  bool truncate_body_at_nul = false;          // the body is cut at its first NUL octet
  bool no_size_limit = false;                 // over-size frames are accepted instead of ERROR

  // --- SUBSCRIBE ------------------------------------------------------------
  bool accept_subscribe_without_id = false;   // 1.1+: no ERROR for a SUBSCRIBE without id
  bool client_ack_not_cumulative = false;     // ack:client ACK/NACK covers only the named message

  // --- UNSUBSCRIBE ----------------------------------------------------------
  bool deliver_after_unsubscribe = false;     // UNSUBSCRIBE is acknowledged but does nothing
  bool accept_unsubscribe_without_id = false; // no ERROR for an UNSUBSCRIBE without id

  // --- ACK ------------------------------------------------------------------
  bool ignore_acks = false;                   // ACK does nothing: the message stays unacked
  bool no_redelivery_after_disconnect = false;  // unacked messages of a closed session are lost

  // --- NACK -----------------------------------------------------------------
  bool no_redelivery_after_nack = false;      // a NACKed queue message is dropped
  bool accept_nack_in_1_0 = false;            // NACK does not exist in 1.0 but is accepted

  // --- BEGIN / COMMIT / ABORT -----------------------------------------------
  bool ignore_transactions = false;           // transactional frames act at once; COMMIT/ABORT no-ops
  bool no_error_unknown_transaction = false;  // unknown transaction: frame acts at once, no ERROR
  bool accept_begin_without_transaction = false;  // BEGIN without a transaction header is fine
  bool commit_discards = false;               // COMMIT throws the held frames away
  bool abort_delivers = false;                // ABORT performs the held frames like COMMIT
  bool commit_at_disconnect = false;          // open transactions are committed, not aborted, at close

  // --- DISCONNECT -----------------------------------------------------------
  bool deliver_after_disconnect_receipt = false;  // after the RECEIPT the session stays subscribed
  bool no_disconnect_receipt = false;         // DISCONNECT's receipt request is ignored (others answered)

  // --- MESSAGE --------------------------------------------------------------
  bool omit_destination = false;              // MESSAGE lacks destination
  bool omit_message_id = false;               // MESSAGE lacks message-id
  bool omit_subscription_header = false;      // MESSAGE lacks subscription
  bool omit_ack_header = false;               // 1.2 client/client-individual MESSAGE lacks ack
  bool duplicate_message_ids = false;         // every MESSAGE has the same message-id
  bool wrong_content_length = false;          // MESSAGE content-length is off by one
  bool omit_content_length = false;           // MESSAGE has no content-length, even around a NUL
  bool send_malformed_frames = false;         // a frame with a colon-less header line instead of MESSAGE

  // --- RECEIPT --------------------------------------------------------------
  bool no_receipts = false;                   // no RECEIPT at all
  bool wrong_receipt_id = false;              // receipt-id is not the receipt value sent

  // --- ERROR ----------------------------------------------------------------
  bool keep_open_after_error = false;         // the connection stays open after an ERROR
  bool error_without_message_header = false;  // ERROR lacks the message header
  bool error_without_receipt_id = false;      // ERROR about a frame with receipt lacks receipt-id

  // --- Frames and Headers / Value Encoding ----------------------------------
  bool no_error_on_malformed = false;         // bad frames are silently dropped, no ERROR
  bool accept_before_connect = false;         // frames before CONNECT are processed, no ERROR
  bool no_header_escaping = false;            // MESSAGE/RECEIPT/ERROR headers are written unescaped
  bool escape_headers_in_1_0 = false;         // a 1.0 session gets 1.1 escaping anyway
  bool no_header_unescaping = false;          // received escapes are carried through still encoded
  bool last_repeated_header_wins = false;     // the last of repeated headers is used and carried
  bool trim_header_values = false;            // 1.1+: spaces around header values are trimmed
  bool reject_crlf = false;                   // 1.2: a CRLF line ending is treated as malformed

  // --- More, one per requirement the kill matrix needed --------------------
  bool reject_eols_between_frames = false;    // an EOL after a frame's NUL gets ERROR
  bool case_insensitive_frames = false;       // "send" is SEND and "Destination" is destination
  bool mangle_non_ascii_headers = false;      // non-ASCII octets of carried headers become '?'
  bool accept_undefined_escapes = false;      // "\t" in a header is kept as is, no ERROR
  bool receipt_with_body = false;             // RECEIPT carries a body
  bool mangle_content_type = false;           // MESSAGE content-type is not a MIME type ("text")
  bool latin1_bodies = false;                 // bodies re-encoded from UTF-8 to ISO-8859-1
  bool drop_charset = false;                  // ";charset=..." is cut from MESSAGE content-type
  bool silent_close_on_oversize = false;      // an over-size frame: clean close, no ERROR
  bool refuse_rapid_reconnect = false;        // a connection within 1 s of a DISCONNECT is dropped at once
  bool silent_login_refusal = false;          // a bad login: clean close, no ERROR
  bool close_instead_of_error = false;        // every ERROR replaced by a clean close
  bool reject_stomp_command = false;          // STOMP gets ERROR; only CONNECT connects
  bool same_session_id = false;               // every CONNECTED says session:session-1
  bool bad_server_header = false;             // server header without a name ("/0.1")
  bool latest_without_accept_version = false; // no accept-version: 1.2 anyway
  bool version_error_without_versions = false;  // version mismatch ERROR lacks version header and body
  bool malformed_heartbeat_header = false;    // CONNECTED heart-beat:"100;100"
  bool beat_without_request = false;          // no heart-beat header from the client is read as 100,100
  bool heartbeat_directions_swapped = false;  // negotiates its beats from cx instead of cy (and waits on cy)
  bool drop_empty_headers = false;            // a user header with an empty value is not carried
  bool drop_all_messages = false;             // SENDs are accepted and never delivered
  bool auto_acts_as_client = false;           // ack:auto (or none) messages stay unacked, redelivered
  bool individual_ack_cumulative = false;     // client-individual ACK/NACK also covers earlier messages
  bool ack_ignores_transaction = false;       // a transactional ACK takes effect at once
  bool send_unknown_frames = false;           // a NOTICE frame follows every RECEIPT
  bool rewrite_destination = false;           // MESSAGE destination differs from the SEND's string
  bool lose_send_before_disconnect = false;   // a SEND right before DISCONNECT is dropped
  bool crlf_is_eol_before_1_2 = false;        // 1.0/1.1: a CR before LF is cut from header values
  bool no_session_header = false;             // CONNECTED lacks session
  bool reject_subscribe_body = false;         // a SUBSCRIBE with a body gets ERROR
  bool reject_colon_in_1_0_values = false;    // 1.0: a ':' in a header value gets ERROR
  std::string crash_on_missing;               // "SEND:destination": crash on a SEND lacking destination

  // --- Whole-broker failures, for the fuzzer's own tests ---------------------
  std::string crash_on;  // a frame containing this: stop listening, drop every connection
  std::string hang_on;   // a frame containing this: answer nothing more, keep sockets open
};

}  // namespace stompspec::testing
