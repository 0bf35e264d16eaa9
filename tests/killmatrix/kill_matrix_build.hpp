#pragma once
// Builds the kill matrix (see killmatrix_main.cpp) and renders it.
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace stompspec::killmatrix {

// root: the source tree (scenarios/, docs/). Progress lines go to `log`.
std::optional<nlohmann::json> build_kill_matrix(const std::string& root,
                                                const std::function<void(const std::string&)>& log,
                                                std::string* error);

std::string render_markdown(const nlohmann::json& matrix);

}  // namespace stompspec::killmatrix
