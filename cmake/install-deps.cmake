# install-deps.cmake: libraries behind -i/-a: nettle for the receipts'
# sha256, elfutils' libelf for reading a module's exported record symbol.
pkg_check_modules(MODXS_NETTLE REQUIRED IMPORTED_TARGET nettle)
pkg_check_modules(MODXS_LIBELF REQUIRED IMPORTED_TARGET libelf)
target_link_libraries(modxs_core PUBLIC PkgConfig::MODXS_NETTLE PkgConfig::MODXS_LIBELF)
