#include "xml_reader.hpp"

#include <cctype>

#include "core/utf8.hpp"

namespace stompspec::test {

namespace {

class Reader {
 public:
  explicit Reader(const std::string& doc) : s_(doc) {}

  std::unique_ptr<XmlNode> document() {
    check_characters();
    if (s_.compare(0, 5, "<?xml") == 0) {
      const auto end = s_.find("?>");
      if (end == std::string::npos) fail("unterminated XML declaration");
      i_ = end + 2;
    }
    skip_space();
    auto root = element();
    skip_space();
    if (i_ != s_.size()) fail("content after the root element");
    return root;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("XML offset " + std::to_string(i_) + ": " + what);
  }

  void check_characters() {
    if (!utf8::is_valid(s_)) fail("invalid UTF-8");
    for (std::size_t k = 0; k < s_.size();) {
      const auto seq = utf8::next(s_, k);
      const char32_t cp = seq.code_point;
      if ((cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') || cp == 0xFFFE || cp == 0xFFFF) {
        i_ = k;
        fail("character illegal in XML 1.0: U+" + std::to_string(static_cast<unsigned>(cp)));
      }
      k += seq.length;
    }
  }

  void skip_space() {
    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])) != 0) ++i_;
  }

  std::string name() {
    const std::size_t start = i_;
    while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) != 0 ||
                              s_[i_] == '-' || s_[i_] == '_' || s_[i_] == ':' || s_[i_] == '.')) {
      ++i_;
    }
    if (i_ == start) fail("expected a name");
    return s_.substr(start, i_ - start);
  }

  std::string entity() {  // at '&'
    const auto end = s_.find(';', i_);
    if (end == std::string::npos || end - i_ > 10) fail("unterminated entity");
    const std::string e = s_.substr(i_ + 1, end - i_ - 1);
    i_ = end + 1;
    if (e == "amp") return "&";
    if (e == "lt") return "<";
    if (e == "gt") return ">";
    if (e == "quot") return "\"";
    if (e == "apos") return "'";
    if (e.size() > 1 && e[0] == '#') {
      const bool hex = e[1] == 'x';
      const unsigned long cp = std::stoul(e.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10);
      if (cp == 9 || cp == 10 || cp == 13) return std::string(1, static_cast<char>(cp));
      if (cp >= 0x20 && cp < 0x80) return std::string(1, static_cast<char>(cp));
      fail("character reference outside the tested range");
    }
    fail("unknown entity &" + e + ";");
  }

  std::string attr_value() {
    if (i_ >= s_.size() || (s_[i_] != '"' && s_[i_] != '\'')) fail("attribute value not quoted");
    const char quote = s_[i_++];
    std::string out;
    while (i_ < s_.size() && s_[i_] != quote) {
      if (s_[i_] == '<') fail("raw '<' in attribute value");
      if (s_[i_] == '&') {
        out += entity();
      } else {
        // Attribute-value normalisation: literal whitespace becomes a space.
        const char c = s_[i_++];
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
      }
    }
    if (i_ >= s_.size()) fail("unterminated attribute value");
    ++i_;
    return out;
  }

  std::unique_ptr<XmlNode> element() {
    if (i_ >= s_.size() || s_[i_] != '<') fail("expected '<'");
    ++i_;
    auto node = std::make_unique<XmlNode>();
    node->name = name();
    while (true) {
      skip_space();
      if (i_ >= s_.size()) fail("unterminated start tag");
      if (s_.compare(i_, 2, "/>") == 0) {
        i_ += 2;
        return node;
      }
      if (s_[i_] == '>') {
        ++i_;
        break;
      }
      const std::string key = name();
      skip_space();
      if (i_ >= s_.size() || s_[i_] != '=') fail("expected '=' after attribute " + key);
      ++i_;
      skip_space();
      if (!node->attrs.emplace(key, attr_value()).second) fail("duplicate attribute " + key);
    }
    while (true) {
      if (i_ >= s_.size()) fail("unclosed element <" + node->name + ">");
      if (s_.compare(i_, 2, "</") == 0) {
        i_ += 2;
        if (name() != node->name) fail("mismatched end tag for <" + node->name + ">");
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '>') fail("bad end tag");
        ++i_;
        return node;
      }
      if (s_[i_] == '<') {
        if (s_.compare(i_, 2, "<!") == 0 || s_.compare(i_, 2, "<?") == 0) {
          fail("comments, CDATA and PIs are not expected in our output");
        }
        node->children.push_back(element());
      } else if (s_[i_] == '&') {
        node->text += entity();
      } else {
        if (s_.compare(i_, 3, "]]>") == 0) fail("\"]]>\" in character data");
        node->text += s_[i_++];
      }
    }
  }

  const std::string& s_;
  std::size_t i_ = 0;
};

}  // namespace

std::unique_ptr<XmlNode> parse_xml(const std::string& doc) { return Reader(doc).document(); }

}  // namespace stompspec::test
