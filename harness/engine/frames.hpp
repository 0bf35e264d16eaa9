#pragma once
// Turns scenario frame and body specs into octets, expanding variables.
#include <optional>
#include <string>

#include "codec/frame.hpp"
#include "engine/profile.hpp"
#include "scenario/model.hpp"
#include "scenario/variables.hpp"

namespace stompspec {

std::optional<std::string> build_body(const BodySpec& b, Variables& vars, std::string* error);
// The frame a send step describes (headers with nullopt dropped).
std::optional<Frame> build_frame(const FrameSpec& spec, Variables& vars, std::string* error);
// CONNECT/STOMP with the profile's defaults for `v`, then the step's overrides.
std::optional<Frame> build_connect(const FrameSpec& spec, const Profile& p, const std::string& url_host,
                                   Version v, Variables& vars, std::string* error);
std::string to_wire(const Frame& f, const FrameSpec& spec, Version v);

}  // namespace stompspec
