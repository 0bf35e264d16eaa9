# fuzz_ws_client (issue 4): the ws:// client (harness/transport/ws_client.hpp)
# reading a hostile server's octets from an in-memory stream, each message
# going to the parser. Included from fuzz/CMakeLists.txt after
# stompspec_fuzz_target() is defined. Seeds: fuzz/write_ws_client_seeds.py.
stompspec_fuzz_target(fuzz_ws_client SOURCES fuzz_ws_client.cpp
  LIBS stompspec_transport stompspec_codec stompspec_asio)
