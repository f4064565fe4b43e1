# sasim_library(NAME SOURCES file... [PUBLIC_DEPS target...] [PRIVATE_DEPS target...])
# One library of sim/ (docs/dev/architecture.md): a static target sasim_NAME
# built from the listed sources of sim/NAME/, whose public headers are
# sim/NAME/include/sasim/NAME/*.hpp (included as "sasim/NAME/x.hpp") and whose
# private headers sit beside its sources. PUBLIC_DEPS are the libraries below
# it that its public headers use; cmake/CheckLayering.cmake (the layering_check CTest) checks that no
# source includes a header of a library above it.
function(sasim_library name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS")
  add_library(sasim_${name} STATIC ${ARG_SOURCES})
  add_library(sasim::${name} ALIAS sasim_${name})
  target_include_directories(sasim_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                           PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(sasim_${name} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE ${ARG_PRIVATE_DEPS} sasim_warnings)
endfunction()
