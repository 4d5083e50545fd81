# record-platform.cmake: stage share/modxs/platform.json, the compiler and
# linker facts of this machine. It is written by the modxs just built,
# `modxs --record platform`, the recorder the install ships, given the
# compiler, flags and archiver CMake chose so both agree; modxs finds
# libtool, pkg-config and install on PATH itself and asks libtool --config.
# It runs on every build and rewrites the file only when it changes.
# The keys are documented in modxs-profile(5).

set(MODXS_DEFAULT_HOST "demo" CACHE STRING "Host modxs uses when none is chosen")

# Modules are built with the flags given to CMake (CFLAGS), else with the
# -g -O2 of autoconf and Debian's packages: modxs's own build type says how
# modxs is built, not how the modules it builds are.
set(MODXS_MODULE_CFLAGS "-g -O2" CACHE STRING "CFLAGS recorded for modules when CFLAGS is empty")
set(_cflags "${CMAKE_C_FLAGS}")
if(NOT _cflags MATCHES "[^ ]")
  set(_cflags "${MODXS_MODULE_CFLAGS}")
endif()
set(_cxxflags "${CMAKE_CXX_FLAGS}")
if(NOT _cxxflags MATCHES "[^ ]")
  set(_cxxflags "${MODXS_MODULE_CFLAGS}")
endif()

if(CMAKE_CROSSCOMPILING)
  message(STATUS "Cross-compiling: no platform recorded; run 'modxs --record platform' on the target")
  return()
endif()
# The data dir written is the build tree's, whatever the environment names.
add_custom_target(modxs_record_platform ALL
  COMMAND ${CMAKE_COMMAND} -E env --unset=MODXS_DATADIR --unset=MODXS_HOST
    $<TARGET_FILE:modxs> --record --datadir ${MODXS_STAGE}/share/modxs
    --host ${MODXS_DEFAULT_HOST}
    -S "CC=${CMAKE_C_COMPILER}" -S "CXX=${CMAKE_CXX_COMPILER}"
    -S "CFLAGS=${_cflags}" -S "CXXFLAGS=${_cxxflags}" -S "CPPFLAGS=$ENV{CPPFLAGS}"
    -S "LDFLAGS=${CMAKE_MODULE_LINKER_FLAGS}" -S "AR=${CMAKE_AR}" platform
  COMMENT "Recording the platform (modxs --record platform)" VERBATIM)
add_dependencies(modxs_record_platform modxs)
