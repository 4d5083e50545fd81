# hardening.cmake: CI gates and fuzz targets; included at the end of the top
# CMakeLists.txt so it can add to targets defined there.
option(MODXS_FUZZ "Build the libFuzzer targets of tests/fuzz (needs clang)" OFF)

if(MODXS_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "MODXS_FUZZ=ON needs clang: configure with CC=clang "
                        "(tests/fuzz/run does this)")
  endif()
  # Coverage for libFuzzer in the code under test, and sanitizers so a
  # memory error is a crash rather than a silent corruption.
  target_compile_options(modxs_core PUBLIC -fsanitize=fuzzer-no-link,address,undefined
                         -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(modxs_core INTERFACE -fsanitize=address,undefined)
endif()

if(MODXS_TESTS)
  add_subdirectory(${CMAKE_SOURCE_DIR}/tests/gates ${CMAKE_BINARY_DIR}/tests/gates)
  add_subdirectory(${CMAKE_SOURCE_DIR}/tests/fuzz ${CMAKE_BINARY_DIR}/tests/fuzz)
endif()

# Leaks inside third-party libraries (see the file) are not reported as ours.
if(MODXS_SANITIZE OR MODXS_FUZZ)
  target_sources(modxs PRIVATE ${CMAKE_SOURCE_DIR}/tests/asan/lsan_suppressions.c)
endif()
