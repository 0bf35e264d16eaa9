#include "core/template_text.hpp"

namespace stompspec {

std::string escape_template(std::string_view literal) {
  std::string out;
  out.reserve(literal.size());
  for (std::size_t i = 0; i < literal.size(); ++i) {
    if (literal.compare(i, 2, "${") == 0) out += '$';
    out += literal[i];
  }
  return out;
}

}  // namespace stompspec
