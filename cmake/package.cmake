# package.cmake: a .deb of modxs, made with `cpack -G DEB` in the build tree.
#
# Its shared-library dependencies are computed by dpkg-shlibdeps from the
# binaries (modxs, modxs-demo, and the plugin that links libelf, nettle and
# libpkgconf). libcjson is opened by its soname at run time, so dpkg cannot
# see it and it is named here; so are the compiler and libc headers every
# build needs. Maintainer scripts found in package/debian/ (NAME, or NAME.in
# configured with @VAR@) are shipped as they are: postinst, prerm, postrm,
# triggers.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME modxs)
set(CPACK_PACKAGE_VENDOR modxs)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "build, install and activate loadable server modules")
set(CPACK_PACKAGE_DESCRIPTION
  "modxs compiles, installs and activates loadable modules of servers such as
Apache httpd and ProFTPD, as apxs and prxs do, from recorded host profiles.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "modxs maintainers <modxs@invalid>")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "gcc | c-compiler, libc6-dev | libc-dev")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libtool-bin, pkgconf")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "apache2-dev, proftpd-dev")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# For the maintainer scripts' @VAR@s: where the package puts modxs.
set(MODXS_DEB_MODXS ${CPACK_PACKAGING_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/modxs)
set(_modxs_deb ${CMAKE_BINARY_DIR}/package/debian)
foreach(script postinst prerm postrm triggers)
  set(_src ${CMAKE_SOURCE_DIR}/package/debian/${script})
  if(EXISTS ${_src}.in)
    configure_file(${_src}.in ${_modxs_deb}/${script} @ONLY
      FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
      WORLD_READ WORLD_EXECUTE)
  elseif(EXISTS ${_src})
    configure_file(${_src} ${_modxs_deb}/${script} COPYONLY)
  else()
    continue()
  endif()
  list(APPEND CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${_modxs_deb}/${script})
endforeach()

include(CPack)
