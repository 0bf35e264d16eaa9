#pragma once
// Behaviour the STOMP specification allows that a correct broker may show.
// Unlike a fault, no variation may ever fail a case: the variation tests run
// every shipped case with them on. Off by default; see fault_table.cpp for
// each one's name and the spec sentence that allows it.
namespace stompspec::testing {

struct Variations {
};

}  // namespace stompspec::testing
