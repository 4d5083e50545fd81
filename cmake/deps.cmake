# deps.cmake: the libraries behind -c: elfutils' libelf for the module
# checks, libpkgconf for --pkg. Debian: libelf-dev, libpkgconf-dev.
pkg_check_modules(LIBELF REQUIRED IMPORTED_TARGET libelf)
pkg_check_modules(LIBPKGCONF IMPORTED_TARGET libpkgconf)

target_link_libraries(modxs_core PUBLIC PkgConfig::LIBELF)
if(LIBPKGCONF_FOUND)
  target_link_libraries(modxs_core PUBLIC PkgConfig::LIBPKGCONF)
  target_compile_definitions(modxs_core PRIVATE MODXS_HAVE_LIBPKGCONF=1)
else()
  message(WARNING "libpkgconf not found: --pkg will fail (apt-get install libpkgconf-dev)")
endif()
