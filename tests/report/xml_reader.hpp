#pragma once
// A strict little XML reader for the JUnit tests: enough of XML 1.0 to
// reject what real CI parsers reject (bad nesting, raw '<' or '&', unknown
// entities, illegal control characters, invalid UTF-8, "]]>" in text) and to
// hand back a tree whose decoded text the tests can compare.
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace stompspec::test {

struct XmlNode {
  std::string name;
  std::map<std::string, std::string> attrs;  // decoded values
  std::vector<std::unique_ptr<XmlNode>> children;
  std::string text;  // decoded character data directly inside this element

  std::vector<const XmlNode*> all(const std::string& child_name) const {
    std::vector<const XmlNode*> out;
    for (const auto& c : children) {
      if (c->name == child_name) out.push_back(c.get());
    }
    return out;
  }
  // The first child so named; throws when there is none, so a test fails
  // with a message instead of dereferencing null.
  const XmlNode& child(const std::string& child_name) const {
    for (const auto& c : children) {
      if (c->name == child_name) return *c;
    }
    throw std::runtime_error("no <" + child_name + "> in <" + name + ">");
  }
  bool has(const std::string& child_name) const { return !all(child_name).empty(); }
};

// Throws std::runtime_error with the offset of the first problem.
std::unique_ptr<XmlNode> parse_xml(const std::string& doc);

}  // namespace stompspec::test
