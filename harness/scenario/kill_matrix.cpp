#include "scenario/kill_matrix.hpp"

#include <nlohmann/json.hpp>

#include "scenario/loader.hpp"

namespace stompspec {

const KillEntry* KillMatrix::find(const std::string& id, const std::string& version) const {
  auto it = entries.find({id, version});
  return it == entries.end() ? nullptr : &it->second;
}

std::optional<KillMatrix> load_kill_matrix(const std::string& path, std::vector<Diagnostic>& errors) {
  auto text = read_text_file(path);
  if (!text) {
    errors.push_back({path, 0, "", "cannot read the kill matrix (generate it: killmatrix --write)"});
    return std::nullopt;
  }
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("requirements") || !j["requirements"].is_array()) {
    errors.push_back({path, 0, "", "not a kill matrix: expected {\"requirements\": [...]}"});
    return std::nullopt;
  }
  KillMatrix m;
  m.file = path;
  for (const auto& r : j["requirements"]) {
    if (!r.is_object() || !r.value("id", nlohmann::json()).is_string() || !r.value("version", nlohmann::json()).is_string() ||
        !r.value("killed", nlohmann::json()).is_boolean()) {
      errors.push_back({path, 0, "requirements", "each entry needs id, version and killed"});
      return std::nullopt;
    }
    KillEntry e;
    e.killed = r["killed"].get<bool>();
    if (auto f = r.find("faults"); f != r.end() && f->is_array())
      for (const auto& x : *f)
        if (x.is_string()) e.faults.push_back(x.get<std::string>());
    if (auto b = r.find("killed_by"); b != r.end() && b->is_array())
      for (const auto& k : *b)
        if (k.is_object())
          e.killed_by.push_back(k.value("case", "") + " " + k.value("transport", "") + " (" + k.value("fault", "") + ")");
    m.entries[{r["id"].get<std::string>(), r["version"].get<std::string>()}] = std::move(e);
  }
  return m;
}

}  // namespace stompspec
