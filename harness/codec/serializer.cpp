#include "serializer.hpp"

#include "escape.hpp"

namespace stompspec {

std::string serialize(const Frame& f, Version v, const SerializeOptions& opt) {
  std::string out;
  serialize(f, v, opt, out);
  return out;
}

void serialize(const Frame& f, Version v, const SerializeOptions& opt, std::string& out) {
  const std::string_view eol = opt.eol == Eol::crlf ? "\r\n" : "\n";
  const bool escape = opt.escape && escaping_applies(f.command, v);

  // A header that is already there is kept verbatim, even if it disagrees
  // with the body: scenarios use that to send lying content-lengths.
  const bool add_length =
      !f.has("content-length") &&
      (opt.content_length == SerializeOptions::ContentLength::always ||
       (opt.content_length == SerializeOptions::ContentLength::auto_ && !f.body.empty()));

  out.clear();
  out.reserve(f.command.size() + f.body.size() + 32 * (f.headers.size() + 2));
  out += f.command;
  out += eol;
  for (const Header& h : f.headers) {
    if (escape) {
      append_escaped_header(out, h.name, v);
      out += ':';
      append_escaped_header(out, h.value, v);
    } else {
      out += h.name;
      out += ':';
      out += h.value;
    }
    out += eol;
  }
  if (add_length) {
    out += "content-length:";
    out += std::to_string(f.body.size());
    out += eol;
  }
  out += eol;
  out += f.body;
  out += '\0';
  if (opt.trailing_eol) out += eol;
}

}  // namespace stompspec
