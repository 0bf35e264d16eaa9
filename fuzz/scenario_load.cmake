# fuzz_scenario_load: any octets into the scenario loader (parse_case), which
# must answer with a case or a diagnostic. Included from fuzz/CMakeLists.txt
# after stompspec_fuzz_target() is defined. Seeds: corpus/fuzz_scenario_load/
# (real scenario files plus broken ones, see fuzz/README.md).
stompspec_fuzz_target(fuzz_scenario_load SOURCES fuzz_scenario_load.cpp
  LIBS stompspec_scenario)
