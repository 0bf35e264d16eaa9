add_library(stompspec_warnings INTERFACE)
add_library(stompspec::warnings ALIAS stompspec_warnings)
target_compile_options(stompspec_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough
  $<$<BOOL:${STOMPSPEC_WERROR}>:-Werror>)
