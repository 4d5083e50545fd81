# deps.cmake: the libraries behind -c and -i: elfutils' libelf for the module
# checks and for reading a module's record symbol, libpkgconf for --pkg,
# nettle for the sha256 in install receipts. Debian: libelf-dev,
# libpkgconf-dev, nettle-dev.
#
# modxs does not link them itself: `modxs -q` must start about as fast as
# /bin/true, and the dynamic loader mapping the three (and libelf's zlib)
# and binding every symbol of libpkgconf and nettle (built with BIND_NOW)
# cost more than the rest of -q together. The plugin LIBDIR/modxs/deps.so
# (tool/plugin/deps_table.c) links them the ordinary way, so their sonames
# stay in a DT_NEEDED that dpkg-shlibdeps and rpm read, and exports a table
# of the functions modxs calls; modxs loads it before a run that may need
# them (tool/deps.h). The build tree stages it where an install puts it.
#
# cJSON likewise: modxs opens libcjson by its soname before the first run
# that reads a profile (tool/json.h), as a -q answered from the query cache
# needs no JSON; the plugin links it, so packaging sees it there.
#
# MODXS_STATIC_DEPS links the three (and zlib) from their static archives
# into modxs, table included: no plugin is built or loaded.
option(MODXS_STATIC_DEPS "Link libelf, libpkgconf and nettle statically" OFF)

pkg_check_modules(LIBELF REQUIRED IMPORTED_TARGET libelf)
pkg_check_modules(LIBPKGCONF IMPORTED_TARGET libpkgconf)
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)

if(LIBPKGCONF_FOUND)
  target_compile_definitions(modxs_core PUBLIC MODXS_HAVE_LIBPKGCONF=1)
else()
  message(WARNING "libpkgconf not found: --pkg will fail (apt-get install libpkgconf-dev)")
endif()

set(_static_ok OFF)
if(MODXS_STATIC_DEPS)
  set(_static_ok ON)
  foreach(lib elf pkgconf nettle z)
    find_library(MODXS_STATIC_${lib} NAMES lib${lib}.a)
    if(NOT MODXS_STATIC_${lib})
      message(WARNING "MODXS_STATIC_DEPS: no lib${lib}.a; linking shared libraries")
      set(_static_ok OFF)
    endif()
  endforeach()
endif()

# Headers (and any other compile flags) of the three, whichever way they come.
foreach(_dep LIBELF LIBPKGCONF NETTLE)
  target_include_directories(modxs_core PUBLIC ${${_dep}_INCLUDE_DIRS})
  target_compile_options(modxs_core PUBLIC ${${_dep}_CFLAGS_OTHER})
endforeach()

# The libraries as the table links them: shared, or the static archives.
add_library(modxs_deps_libs INTERFACE)
if(_static_ok)
  target_link_libraries(modxs_deps_libs INTERFACE ${MODXS_STATIC_pkgconf} ${MODXS_STATIC_nettle}
                        ${MODXS_STATIC_elf} ${MODXS_STATIC_z})
else()
  target_link_libraries(modxs_deps_libs INTERFACE PkgConfig::LIBELF PkgConfig::NETTLE)
  if(LIBPKGCONF_FOUND)
    target_link_libraries(modxs_deps_libs INTERFACE PkgConfig::LIBPKGCONF)
  endif()
endif()

# The table linked in, for modxs with MODXS_STATIC_DEPS and for the unit
# tests and fuzz replays, which then need no plugin. An OBJECT library, as
# tool/deps.c only refers to the table weakly and an archive would drop it.
add_library(modxs_deps_linked OBJECT ${CMAKE_SOURCE_DIR}/tool/plugin/deps_table.c
                                     ${CMAKE_SOURCE_DIR}/tool/plugin/json_table.c)
target_link_libraries(modxs_deps_linked PUBLIC modxs_core modxs_deps_libs PkgConfig::CJSON)
target_compile_options(modxs_deps_linked PRIVATE ${MODXS_WARNINGS})

# Where the plugin lives under the prefix, as tool/deps.c looks for it.
set(MODXS_DEPS_DIR ${CMAKE_INSTALL_LIBDIR}/modxs)
target_compile_definitions(modxs_core PRIVATE MODXS_DEPS_DIR="${MODXS_DEPS_DIR}")
# libcjson's soname, read from the library the build would link, for
# tool/deps.c to dlopen; the usual one if it cannot be read.
set(MODXS_CJSON_SONAME libcjson.so.1)
find_library(MODXS_CJSON_LIBRARY NAMES cjson HINTS ${CJSON_LIBRARY_DIRS})
if(MODXS_CJSON_LIBRARY AND CMAKE_OBJDUMP)
  execute_process(COMMAND ${CMAKE_OBJDUMP} -p ${MODXS_CJSON_LIBRARY}
                  OUTPUT_VARIABLE _cjson_dyn ERROR_QUIET)
  if(_cjson_dyn MATCHES "SONAME +([^ \n]+)")
    set(MODXS_CJSON_SONAME ${CMAKE_MATCH_1})
  endif()
endif()
target_compile_definitions(modxs_core PRIVATE MODXS_CJSON_SONAME="${MODXS_CJSON_SONAME}")
# dlopen is in libc from glibc 2.34; in libdl before.
target_link_libraries(modxs_core PUBLIC ${CMAKE_DL_LIBS})

if(_static_ok)
  target_link_libraries(modxs PRIVATE modxs_deps_linked)
else()
  add_library(modxs_deps MODULE ${CMAKE_SOURCE_DIR}/tool/plugin/deps_table.c)
  set_target_properties(modxs_deps PROPERTIES OUTPUT_NAME deps PREFIX ""
    LIBRARY_OUTPUT_DIRECTORY ${MODXS_STAGE}/${MODXS_DEPS_DIR}
    C_VISIBILITY_PRESET hidden)
  target_compile_options(modxs_deps PRIVATE ${MODXS_WARNINGS})
  # Headers and definitions of modxs_core, none of its code or libraries.
  target_include_directories(modxs_deps PRIVATE
    $<TARGET_PROPERTY:modxs_core,INTERFACE_INCLUDE_DIRECTORIES>)
  target_compile_definitions(modxs_deps PRIVATE
    $<TARGET_PROPERTY:modxs_core,INTERFACE_COMPILE_DEFINITIONS>)
  # Every symbol resolved now, so the plugin cannot lack a library it calls.
  target_link_options(modxs_deps PRIVATE -Wl,-z,defs)
  target_link_libraries(modxs_deps PRIVATE modxs_deps_libs)
  # The plugin's DT_NEEDED is where dpkg-shlibdeps and rpm find the libcjson
  # that modxs opens. It holds the (hidden, unused) table of the cJSON
  # functions modxs calls, so the dependency is a real one whatever the
  # toolchain's --as-needed, and the version the packaging tools require is
  # the one those functions need.
  target_sources(modxs_deps PRIVATE ${CMAKE_SOURCE_DIR}/tool/plugin/json_table.c)
  target_link_libraries(modxs_deps PRIVATE PkgConfig::CJSON)
  add_dependencies(modxs modxs_deps)
  install(TARGETS modxs_deps LIBRARY DESTINATION ${MODXS_DEPS_DIR})
endif()
