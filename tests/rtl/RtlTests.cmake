# RTL checks: Verilator lint per dataflow, Yosys synthesis of small cores,
# and one CTest per line of regression.list on prebuilt variants.

# --- lint: zero warnings under -Wall, every dataflow, a few shapes ---------
set(SASIM_RTL_DIR ${PROJECT_SOURCE_DIR}/rtl)
set(SASIM_RTL_FILES ${SASIM_RTL_DIR}/sa_pkg.sv ${SASIM_RTL_SOURCES})
list(REMOVE_DUPLICATES SASIM_RTL_FILES)
set(SASIM_DATAFLOW_NAMES ws os is)
set(SASIM_DATAFLOW_CODES 0 1 2)  # sa_pkg::DF_*
foreach(df_name df IN ZIP_LISTS SASIM_DATAFLOW_NAMES SASIM_DATAFLOW_CODES)
  foreach(shape "4;4;8;32" "3;5;8;32" "1;1;16;64" "7;2;16;32")
    list(GET shape 0 r)
    list(GET shape 1 c)
    list(GET shape 2 iw)
    list(GET shape 3 aw)
    add_test(NAME rtl_lint.${df_name}.r${r}_c${c}_i${iw}_a${aw}
             COMMAND ${VERILATOR_PROGRAM} --lint-only -Wall --top-module sa_top
                     -GROWS=${r} -GCOLS=${c} -GIN_W=${iw} -GACC_W=${aw} -GDATAFLOW=${df}
                     ${SASIM_RTL_FILES})
    set_tests_properties(rtl_lint.${df_name}.r${r}_c${c}_i${iw}_a${aw} PROPERTIES LABELS "rtl;lint")
  endforeach()
endforeach()

# --- synthesis: Yosys reads, synthesizes and checks both cores -------------
if(YOSYS_PROGRAM)
  foreach(core sa_core_stationary sa_core_output)
    add_test(NAME rtl_synth.${core}
             COMMAND ${CMAKE_CURRENT_LIST_DIR}/synth_check.sh ${YOSYS_PROGRAM} ${core} ${SASIM_RTL_DIR})
    set_tests_properties(rtl_synth.${core} PROPERTIES LABELS "rtl;synth" TIMEOUT 600)
  endforeach()
else()
  message(WARNING "yosys not found: the RTL synthesis tests are not registered (scripts/install-deps.sh installs it)")
endif()

# --- regression list --------------------------------------------------------
file(STRINGS ${CMAKE_CURRENT_LIST_DIR}/regression.list SASIM_REGRESSION_LINES)
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/regression.list)
set(SASIM_VARIANT_STAMPS)
set(SASIM_PREBUILT_VARIANTS)
foreach(line IN LISTS SASIM_REGRESSION_LINES)
  string(STRIP "${line}" line)
  if(line STREQUAL "" OR line MATCHES "^#")
    continue()
  endif()
  string(REGEX REPLACE "[ \t]+" ";" fields "${line}")
  list(LENGTH fields n)
  if(n LESS 8 OR n GREATER 10)
    message(FATAL_ERROR "regression.list: '${line}': expected rows cols dataflow in_width M N K seed [acc_width] [values]")
  endif()
  list(GET fields 0 r)
  list(GET fields 1 c)
  list(GET fields 2 df)
  list(GET fields 3 iw)
  list(GET fields 4 m)
  list(GET fields 5 nn)
  list(GET fields 6 k)
  list(GET fields 7 seed)
  set(aw 32)
  set(values random)
  if(n GREATER 8)
    list(GET fields 8 aw)
  endif()
  if(n GREATER 9)
    list(GET fields 9 values)
  endif()
  set(variant "r${r}_c${c}_${df}_i${iw}_a${aw}")
  if(NOT variant IN_LIST SASIM_PREBUILT_VARIANTS)
    list(APPEND SASIM_PREBUILT_VARIANTS ${variant})
    set(stamp ${CMAKE_CURRENT_BINARY_DIR}/variant_${variant}.stamp)
    add_custom_command(
      OUTPUT ${stamp}
      COMMAND ${CMAKE_COMMAND} -E env SASIM_RTL_CACHE=${SASIM_TEST_RTL_CACHE}
              $<TARGET_FILE:sasim> rtl-build --rows ${r} --cols ${c} --dataflow ${df}
              --in-width ${iw} --acc-width ${aw}
      COMMAND ${CMAKE_COMMAND} -E touch ${stamp}
      DEPENDS sasim
      COMMENT "Verilating RTL variant ${variant} for the tests"
      VERBATIM)
    list(APPEND SASIM_VARIANT_STAMPS ${stamp})
  endif()
  set(name "rtl_regress.${variant}.M${m}_N${nn}_K${k}_s${seed}_${values}")
  add_test(NAME ${name}
           COMMAND sasim regress --rows ${r} --cols ${c} --dataflow ${df} --in-width ${iw}
                   --acc-width ${aw} --m ${m} --n ${nn} --k ${k} --seed ${seed} --values ${values} --count 1)
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "SASIM_RTL_CACHE=${SASIM_TEST_RTL_CACHE}"
    LABELS "rtl;regression"
    PASS_REGULAR_EXPRESSION "1 passed, 0 failed")
endforeach()
# Prebuild during the build (in parallel with other targets), not in tests.
add_custom_target(rtl_test_variants ALL DEPENDS ${SASIM_VARIANT_STAMPS})
