# package-deb.cmake: a .deb through CPack (cpack -G DEB). Its maintainer
# scripts keep the host profiles current on the machine it is installed on:
# postinst runs `modxs --record` at install, and again through dpkg file
# triggers (package/debian/triggers) whenever a server's build files change.
set(CPACK_PACKAGE_NAME modxs)
set(CPACK_PACKAGE_VENDOR modxs)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "build, install and activate loadable server modules")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "modxs maintainers <modxs@invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)

set(MODXS_DEB_MODXS ${CPACK_PACKAGING_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/modxs)
set(_deb ${CMAKE_BINARY_DIR}/package/debian)
configure_file(${CMAKE_SOURCE_DIR}/package/debian/postinst.in ${_deb}/postinst @ONLY
  FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
  WORLD_READ WORLD_EXECUTE)
configure_file(${CMAKE_SOURCE_DIR}/package/debian/triggers ${_deb}/triggers COPYONLY)
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${_deb}/postinst ${_deb}/triggers)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
include(CPack)
