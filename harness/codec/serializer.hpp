#pragma once
// Turns a Frame into wire octets. Deliberately malformed frames are not made
// here: scenarios send those as raw bytes.
#include <string>

#include "frame.hpp"

namespace stompspec {

enum class Eol { lf, crlf };

struct SerializeOptions {
  Eol eol = Eol::lf;              // CRLF is legal from 1.2 on
  bool escape = true;             // apply the version's header escaping
  // auto_: add content-length when the body is not empty and the frame has
  // none; never: leave headers as given; always: add it even for empty bodies.
  enum class ContentLength { auto_, never, always } content_length = ContentLength::auto_;
  bool trailing_eol = false;      // an EOL after the NUL, as many brokers send
};

std::string serialize(const Frame& f, Version v, const SerializeOptions& opt = {});
// The same into `out`, replacing what it held (its buffer is reused).
void serialize(const Frame& f, Version v, const SerializeOptions& opt, std::string& out);

}  // namespace stompspec
