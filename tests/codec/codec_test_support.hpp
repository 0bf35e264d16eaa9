#pragma once
// Shared by the codec tests: run a parser over a whole stream, compare and
// print events readably.
#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "codec/parser.hpp"

namespace stompspec {

bool operator==(const ParseEvent& a, const ParseEvent& b);
void PrintTo(const ParseEvent& e, std::ostream* os);
void PrintTo(const Violation& v, std::ostream* os);
void PrintTo(const Frame& f, std::ostream* os);

}  // namespace stompspec

namespace codec_test {

using namespace std::string_literals;  // "a\0b"s keeps its NUL

inline constexpr stompspec::Version kAll[] = {stompspec::Version::v1_0, stompspec::Version::v1_1,
                                              stompspec::Version::v1_2};

// Feeds the stream in one piece, finishes it and drains every event.
std::vector<stompspec::ParseEvent> parse_all(std::string_view bytes,
                                             stompspec::Version v = stompspec::Version::v1_2,
                                             stompspec::Peer peer = stompspec::Peer::any,
                                             stompspec::Limits limits = {});

// The same stream fed in pieces cut at `cuts` (ascending offsets), draining
// events after every piece.
std::vector<stompspec::ParseEvent> parse_pieces(std::string_view bytes,
                                                const std::vector<std::size_t>& cuts,
                                                stompspec::Version v, stompspec::Peer peer,
                                                stompspec::Limits limits = {});

// The only event of a stream, which must hold exactly one.
stompspec::ParseEvent only_event(std::string_view bytes,
                                 stompspec::Version v = stompspec::Version::v1_2,
                                 stompspec::Peer peer = stompspec::Peer::any);

// Octets made readable for a failure message.
std::string show(std::string_view bytes);

// Parameterised cases print as a short unique label: CTest (3.25) names each
// case after that label, so it must be unique and readable, and there must be
// no name generator (CTest would then keep gtest's comment in the name).

// True if some violation's `what` contains `needle`.
bool mentions(const stompspec::ParseEvent& e, std::string_view needle);

}  // namespace codec_test
