# All from Debian's packages (scripts/install-deps.sh).
find_package(Boost 1.81 REQUIRED)
find_package(Threads REQUIRED)
find_package(OpenSSL 3 REQUIRED)    # tls:// and wss://
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt 9 REQUIRED)
find_package(CLI11 REQUIRED)
if(STOMPSPEC_TESTS)
  find_package(GTest REQUIRED)
endif()

# Boost.Asio/Beast are header-only; this target carries the defines that keep
# every translation unit agreeing on them.
add_library(stompspec_asio INTERFACE)
target_link_libraries(stompspec_asio INTERFACE Boost::headers Threads::Threads OpenSSL::SSL OpenSSL::Crypto)
target_compile_definitions(stompspec_asio INTERFACE
  BOOST_ASIO_NO_DEPRECATED BOOST_BEAST_USE_STD_STRING_VIEW)
