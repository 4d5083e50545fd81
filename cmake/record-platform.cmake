# record-platform.cmake: write share/modxs/platform.json, the compiler and
# linker facts of this machine, from what CMake knows and `libtool --config`.
# The keys are documented in modxs-profile(5).
include(${CMAKE_CURRENT_LIST_DIR}/json.cmake)

set(MODXS_DEFAULT_HOST "demo" CACHE STRING "Host modxs uses when none is chosen")

execute_process(COMMAND ${CMAKE_C_COMPILER} -dumpmachine
  OUTPUT_VARIABLE _triple OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
find_program(MODXS_LIBTOOL NAMES libtool glibtool)
find_program(MODXS_INSTALL_PROGRAM NAMES install ginstall)
find_program(MODXS_PKG_CONFIG NAMES pkg-config pkgconf)

# libtool's own view, when it is installed: pic_flag, export_dynamic_flag_spec, objdir.
set(_lt_pic "")
set(_lt_export "")
set(_lt_objdir ".libs")
if(MODXS_LIBTOOL)
  execute_process(COMMAND ${MODXS_LIBTOOL} --config
    OUTPUT_VARIABLE _ltconf ERROR_QUIET RESULT_VARIABLE _ltrc)
  if(_ltrc EQUAL 0)
    if(_ltconf MATCHES "\npic_flag=\" *([^\"]*)\"")
      set(_lt_pic "${CMAKE_MATCH_1}")
    endif()
    if(_ltconf MATCHES "\nwl=\"([^\"]*)\"")
      set(_lt_wl "${CMAKE_MATCH_1}")
    endif()
    if(_ltconf MATCHES "\nexport_dynamic_flag_spec=\"([^\"]*)\"")
      string(REPLACE "\\$wl" "${_lt_wl}" _lt_export "${CMAKE_MATCH_1}")
    endif()
    if(_ltconf MATCHES "\nobjdir=([^\n]*)")
      set(_lt_objdir "${CMAKE_MATCH_1}")
    endif()
  endif()
endif()

set(_export "${CMAKE_EXE_EXPORTS_C_FLAG}")
if(NOT _export)
  set(_export "${_lt_export}")
endif()

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

set(_m "")
json_object_add(_m CC "${CMAKE_C_COMPILER}")
json_object_add(_m CXX "${CMAKE_CXX_COMPILER}")
json_object_add(_m CFLAGS "${_cflags}")
json_object_add(_m CXXFLAGS "${_cxxflags}")
json_object_add(_m CPPFLAGS "$ENV{CPPFLAGS}")
json_object_add(_m LDFLAGS "${CMAKE_MODULE_LINKER_FLAGS}")
json_object_add(_m PIC_FLAG "${CMAKE_C_COMPILE_OPTIONS_PIC}")
json_object_add(_m SHLIB_LDFLAGS "${CMAKE_SHARED_MODULE_CREATE_C_FLAGS}")
json_object_add(_m EXPORT_DYNAMIC_FLAG "${_export}")
json_object_add(_m SONAME_FLAG "${CMAKE_SHARED_LIBRARY_SONAME_C_FLAG}")
json_object_add(_m RPATH_FLAG "${CMAKE_SHARED_LIBRARY_RUNTIME_C_FLAG}")
json_object_add(_m MODULE_SUFFIX "${CMAKE_SHARED_MODULE_SUFFIX}")
json_object_add(_m AR "${CMAKE_AR}")
json_object_add(_m TARGET_TRIPLE "${_triple}")
json_object_add(_m LIBTOOL_PROGRAM "${MODXS_LIBTOOL}")
json_object_add(_m LIBTOOL_PIC_FLAG "${_lt_pic}")
json_object_add(_m LIBTOOL_EXPORT_DYNAMIC_FLAG "${_lt_export}")
json_object_add(_m OBJDIR "${_lt_objdir}")
json_object_add(_m PKG_CONFIG "${MODXS_PKG_CONFIG}")
json_object_add(_m INSTALL_PROGRAM "${MODXS_INSTALL_PROGRAM} -c")
json_object_add(_m MODXS_VERSION "${PROJECT_VERSION}")
json_object_text(_vars "${_m}")
json_quote(_default "${MODXS_DEFAULT_HOST}")

# Copied only when it changes, so a reconfigure does not touch its time.
file(WRITE ${CMAKE_BINARY_DIR}/platform.json.tmp
"{
  \"modxs_platform\": 1,
  \"default_host\": ${_default},
  \"vars\": ${_vars}
}
")
configure_file(${CMAKE_BINARY_DIR}/platform.json.tmp
  ${MODXS_STAGE}/share/modxs/platform.json COPYONLY)
