#pragma once
// What the mutations put into frames: names and values that broke STOMP
// brokers before (see docs/fuzzing notes: frames before CONNECT, SpEL in
// selector, content-length miscounts, undefined escapes) or that sit on a
// boundary of the grammar. Entries may hold NUL and invalid UTF-8, hence
// string_view literals.
#include <string_view>
#include <utility>
#include <vector>

namespace stompspec::fuzzer::dict {

using namespace std::string_view_literals;
using List = std::vector<std::string_view>;

inline const List kUnknownCommands = {"FOO"sv, "SENDX"sv, "SEND "sv, " SEND"sv, "SE ND"sv, "CONNECTX"sv, "\xff\xfe"sv,
                                      "SEND\\c"sv, "NACKK"sv, "GET / HTTP/1.1"sv, "PING"sv, "X"sv};
inline const List kServerCommands = {"MESSAGE"sv, "RECEIPT"sv, "ERROR"sv, "CONNECTED"sv, "CONNECT"sv, "STOMP"sv};

// "@long" stands for a long random name or value.
inline const List kHeaderNames = {""sv, " destination"sv, "destination "sv, "DESTINATION"sv, "Destination"sv,
                                  "receipt"sv, "id"sv, "ack"sv, "transaction"sv, "message-id"sv, "subscription"sv,
                                  "na\\cme"sv, "\xff\xfe"sv, "x-\xc3\x28"sv, "content-type"sv, "@long"sv};

inline const List kValues = {""sv, " "sv, "  padded  "sv, "a:b"sv, "line\nbreak"sv, "back\\slash"sv,
                             "\xc3\x28"sv, "\xed\xa0\x80"sv, "\xf4\x90\x80\x80"sv, "\xc0\xaf"sv, "\xef\xbb\xbf"sv,
                             "%00"sv, "%s%s%n"sv, "${jndi:ldap://127.0.0.1/x}"sv, "../../../../etc/passwd"sv,
                             "/queue/"sv, "/topic/"sv, "/exchange/"sv, "/amq/queue/"sv, "/queue/a/b/c"sv,
                             "/temp-queue/t"sv, "-1"sv, "0"sv, "18446744073709551616"sv, "1e308"sv, "NaN"sv,
                             "null"sv, "'\"<>&"sv, "\xe2\x80\xae"sv, "@long"sv};

// Values that mean something for one header, tried more often there.
inline const List kAcceptVersion = {""sv, "1.3"sv, "2.0"sv, "1.0,1.1,1.2,2.0"sv, "1.2,1.2"sv, "1.1 "sv, ","sv,
                                    "1."sv, "10.2"sv, "1.2,"sv};
inline const List kHeartBeat = {""sv, "0"sv, "-1,-1"sv, "1,1"sv, "0,1"sv, "1000000000000,0"sv, "a,b"sv,
                                "0,0,0"sv, ","sv, "2147483648,2147483648"sv, " 0,0"sv};
inline const List kAck = {""sv, "auto"sv, "client"sv, "client-individual"sv, "CLIENT"sv, "none"sv, "x"sv};
inline const List kHost = {""sv, "nosuchvhost"sv, "/"sv, "localhost"sv, "//"sv};
inline const List kDestination = {"/queue/"sv, "/topic/"sv, "/exchange/amq.direct"sv, "/exchange/nosuch/x"sv,
                                  "/amq/queue/nosuch"sv, "/reply-queue/x"sv, "queue"sv, "/queue/%"sv, ""sv};
inline const List kNone = {};

inline const List& values_for(std::string_view header) {
  if (header == "accept-version") return kAcceptVersion;
  if (header == "heart-beat") return kHeartBeat;
  if (header == "ack") return kAck;
  if (header == "host") return kHost;
  if (header == "destination") return kDestination;
  return kNone;
}

// Headers some brokers interpret: selectors (SpEL, CVE-2018-1270), queue
// arguments, priorities, expiry, reply-to.
inline const std::vector<std::pair<std::string_view, std::string_view>> kSpecialHeaders = {
    {"selector"sv, "T(java.lang.Runtime).getRuntime().exec('id')"sv},
    {"selector"sv, "1=1 OR"sv},
    {"persistent"sv, "maybe"sv},
    {"priority"sv, "-5"sv},
    {"priority"sv, "99999999999"sv},
    {"expiration"sv, "-1"sv},
    {"expires"sv, "abc"sv},
    {"x-max-length"sv, "-1"sv},
    {"x-queue-type"sv, "nosuchtype"sv},
    {"x-message-ttl"sv, "notanumber"sv},
    {"x-dead-letter-exchange"sv, "amq.nosuch"sv},
    {"prefetch-count"sv, "-1"sv},
    {"durable"sv, "2"sv},
    {"auto-delete"sv, "x"sv},
    {"exclusive"sv, "yes"sv},
    {"reply-to"sv, "/temp-queue/"sv},
    {"amqp-message-id"sv, ""sv},
};

inline const List kUndefinedEscapes = {"\\t"sv, "\\x"sv, "\\0"sv, "\\a"sv, "\\r"sv, "\\u0041"sv, "\\ "sv, "\\\xff"sv};
inline const List kColonlessLines = {"nocolon"sv, "header-without-colon"sv, "\\"sv, " "sv};
inline const List kHugeLengths = {"4294967296"sv, "18446744073709551616"sv, "99999999999999999999999999"sv,
                                  "2147483648"sv, "9223372036854775807"sv, "1073741824"sv};
inline const List kNegativeLengths = {"-1"sv, "-0"sv, "-4294967296"sv, "-5"sv};
// '#' stands for the body's real length.
inline const List kJunkLengths = {""sv, "abc"sv, " #"sv, "# "sv, "+#"sv, "0x10"sv, "#,#"sv, "\xd9\xa1\xd9\xa2"sv, "#\\t"sv,
                                  "#.0"sv, "0#"sv};
inline const List kInterestingOctets = {"\0"sv, "\n"sv, "\r"sv, ":"sv, "\\"sv, "\xff"sv, "\x80"sv, " "sv, "A"sv};

}  // namespace stompspec::fuzzer::dict
