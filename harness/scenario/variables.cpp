#include "scenario/variables.hpp"

namespace stompspec {

const std::string* Variables::get(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? nullptr : &it->second;
}

std::optional<std::string> Variables::lookup(const std::string& name, std::string* error) {
  if (auto it = values_.find(name); it != values_.end()) return it->second;
  if (auto it = absent_.find(name); it != absent_.end()) {
    if (error) *error = "${" + name + "} has no value: " + it->second;
    absent_hit_ = true;
    return std::nullopt;
  }
  auto colon = name.find(':');
  std::string kind = name.substr(0, colon);
  std::string label = colon == std::string::npos ? "default" : name.substr(colon + 1);
  std::string token = naming_.unique + "-" + label;
  std::string value;
  if (kind == "queue") value = naming_.queue_prefix + token;
  else if (kind == "topic") value = naming_.topic_prefix + token;
  else if (kind == "dest") value = naming_.dest_prefix + token;
  else if (kind == "uid") value = token;
  else {
    if (error) *error = "unknown variable ${" + name + "}";
    return std::nullopt;
  }
  values_[name] = value;
  return value;
}

std::optional<std::string> Variables::expand(std::string_view text, std::string* error) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "$${") == 0) {
      out += "${";
      i += 3;
    } else if (text.compare(i, 2, "${") == 0) {
      auto end = text.find('}', i + 2);
      if (end == std::string_view::npos) {
        if (error) *error = "unterminated ${ in '" + std::string(text) + "'";
        return std::nullopt;
      }
      auto v = lookup(std::string(text.substr(i + 2, end - i - 2)), error);
      if (!v) return std::nullopt;
      out += *v;
      i = end + 1;
    } else {
      out += text[i++];
    }
  }
  return out;
}

}  // namespace stompspec
