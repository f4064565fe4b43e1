# SASIM_FUZZ: decides whether libFuzzer is usable with this compiler and, if
# so, adds its coverage instrumentation to every target (the sanitizer runtime
# that SASIM_SANITIZE links provides the coverage hooks in non-fuzzer
# binaries). Sets SASIM_FUZZ_ENABLED for tests/fuzz.
set(SASIM_FUZZ_ENABLED OFF)
if(SASIM_FUZZ)
  include(CheckCXXSourceCompiles)
  set(CMAKE_REQUIRED_FLAGS "-fsanitize=fuzzer,address")
  set(CMAKE_REQUIRED_LINK_OPTIONS "-fsanitize=fuzzer,address")
  check_cxx_source_compiles(
    "#include <cstddef>\n#include <cstdint>\nextern \"C\" int LLVMFuzzerTestOneInput(const std::uint8_t*, std::size_t) { return 0; }"
    SASIM_HAVE_LIBFUZZER)
  unset(CMAKE_REQUIRED_FLAGS)
  unset(CMAKE_REQUIRED_LINK_OPTIONS)
  if(NOT SASIM_SANITIZE)
    message(WARNING "SASIM_FUZZ needs SASIM_SANITIZE=ON (the sanitizer runtime carries the coverage hooks): "
                    "fuzzers are not built")
  elseif(NOT SASIM_HAVE_LIBFUZZER)
    message(WARNING "SASIM_FUZZ: ${CMAKE_CXX_COMPILER} cannot link -fsanitize=fuzzer (needs clang and "
                    "libclang-rt-14-dev, see scripts/install-deps.sh): fuzzers are not built")
  else()
    set(SASIM_FUZZ_ENABLED ON)
    add_compile_options(-fsanitize=fuzzer-no-link)
  endif()
endif()
