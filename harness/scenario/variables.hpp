#pragma once
// ${name} expansion. Destinations and ids are generated on first use and
// unique per run and case, so runs never see each other's messages.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace stompspec {

struct Naming {
  std::string queue_prefix = "/queue/";
  std::string topic_prefix = "/topic/";
  std::string unique = "stompspec";  // run id + case number, e.g. "ss-3f9a1c-17"
  // ${dest}: a queue where the target has them, else a topic, for cases whose
  // subject is not queue semantics (one subscriber, subscribed before the SEND).
  std::string dest_prefix = "/queue/";
};

class Variables {
 public:
  explicit Variables(Naming n = {}) : naming_(std::move(n)) {}

  void set(const std::string& name, std::string value) {
    absent_.erase(name);
    values_[name] = std::move(value);
  }
  // A capture whose header was absent: using the variable later is the
  // broker's failure to send the header, not a scenario mistake.
  void set_absent(const std::string& name, std::string why) {
    values_.erase(name);
    absent_[name] = std::move(why);
  }
  // Whether an expansion failed on such a variable since the last call.
  bool take_absent_hit() { return std::exchange(absent_hit_, false); }
  const std::string* get(const std::string& name) const;

  // Expands every ${...} in `text`. Generated on first use:
  //   ${queue} ${queue:NAME}  a fresh queue destination
  //   ${topic} ${topic:NAME}  a fresh topic destination
  //   ${dest}  ${dest:NAME}   a fresh queue, or topic on a broker without queues
  //   ${uid}   ${uid:NAME}    a fresh token (receipts, transactions, ids)
  // "$${" stands for a literal "${". An unknown name is an error.
  std::optional<std::string> expand(std::string_view text, std::string* error);

  const std::map<std::string, std::string>& all() const { return values_; }

 private:
  std::optional<std::string> lookup(const std::string& name, std::string* error);
  Naming naming_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> absent_;
  bool absent_hit_ = false;
};

}  // namespace stompspec
