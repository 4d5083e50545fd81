# deps.cmake: the libraries behind -c and -i: elfutils' libelf for the module
# checks and for reading a module's record symbol, libpkgconf for --pkg,
# nettle for the sha256 in install receipts. Debian: libelf-dev,
# libpkgconf-dev, nettle-dev.
#
# MODXS_STATIC_DEPS links those three (and libelf's zlib) from their static
# archives. `modxs -q` then starts without the loader binding their symbols
# (libpkgconf and libnettle are built with BIND_NOW), which is about a fifth
# of its instructions; packagers who want shared libraries keep it OFF.
option(MODXS_STATIC_DEPS "Link libelf, libpkgconf and nettle statically" OFF)

pkg_check_modules(LIBELF REQUIRED IMPORTED_TARGET libelf)
pkg_check_modules(LIBPKGCONF IMPORTED_TARGET libpkgconf)
pkg_check_modules(NETTLE REQUIRED IMPORTED_TARGET nettle)

if(LIBPKGCONF_FOUND)
  target_compile_definitions(modxs_core PRIVATE MODXS_HAVE_LIBPKGCONF=1)
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

if(_static_ok)
  target_include_directories(modxs_core PUBLIC ${LIBELF_INCLUDE_DIRS}
                             ${LIBPKGCONF_INCLUDE_DIRS} ${NETTLE_INCLUDE_DIRS})
  target_link_libraries(modxs_core PUBLIC ${MODXS_STATIC_pkgconf} ${MODXS_STATIC_nettle}
                        ${MODXS_STATIC_elf} ${MODXS_STATIC_z})
else()
  target_link_libraries(modxs_core PUBLIC PkgConfig::LIBELF PkgConfig::NETTLE)
  if(LIBPKGCONF_FOUND)
    target_link_libraries(modxs_core PUBLIC PkgConfig::LIBPKGCONF)
  endif()
endif()
