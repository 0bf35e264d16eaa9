add_library(stompspec_warnings INTERFACE)
add_library(stompspec::warnings ALIAS stompspec_warnings)
target_compile_options(stompspec_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast
  -Wcast-align -Wunused -Woverloaded-virtual -Wnull-dereference
  -Wimplicit-fallthrough
  $<$<BOOL:${STOMPSPEC_WERROR}>:-Werror>
  # A unity build includes each .cpp into a generated one, and GCC then takes a
  # file's own anonymous-namespace types for a header's (false positives).
  $<$<AND:$<CXX_COMPILER_ID:GNU>,$<BOOL:${CMAKE_UNITY_BUILD}>>:-Wno-subobject-linkage>)
