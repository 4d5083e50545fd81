# install-extras.cmake: what module authors use around the tool itself:
# the -g templates, the CMake package, modxs.pc and shell completion.
# Each is staged into the build tree at configure time, so the build tree
# works as an installed prefix, and installed from there.
include(CMakePackageConfigHelpers)

# -g templates: templates/<host>/ -> share/modxs/templates/<host>/. They go
# with the data dir, which CMakeLists.txt installs as a whole.
file(GLOB_RECURSE _templates RELATIVE ${CMAKE_SOURCE_DIR}/templates
  CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/templates/*)
file(REMOVE_RECURSE ${MODXS_STAGE}/share/modxs/templates)
foreach(_t ${_templates})
  configure_file(${CMAKE_SOURCE_DIR}/templates/${_t}
    ${MODXS_STAGE}/share/modxs/templates/${_t} COPYONLY)
endforeach()

# The CMake package: find_package(modxs). It runs the tool, so it is the
# same on every architecture and lives in share/cmake/modxs/, which
# find_package searches under every prefix. Paths in it are relative to
# where it is, so the staged copy and the installed one both find their
# own modxs.
set(MODXS_CMAKE_DIR ${CMAKE_INSTALL_DATADIR}/cmake/modxs)
function(modxs_package_config out prefix dest bindir datadir)
  set(MODXS_PKG_BINDIR ${bindir})
  set(MODXS_PKG_DATADIR ${datadir})
  configure_package_config_file(${CMAKE_SOURCE_DIR}/cmake/package/modxsConfig.cmake.in
    ${out}/modxsConfig.cmake
    INSTALL_DESTINATION ${dest} INSTALL_PREFIX ${prefix}
    PATH_VARS MODXS_PKG_BINDIR MODXS_PKG_DATADIR
    NO_SET_AND_CHECK_MACRO NO_CHECK_REQUIRED_COMPONENTS_MACRO)
  write_basic_package_version_file(${out}/modxsConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion ARCH_INDEPENDENT)
  configure_file(${CMAKE_SOURCE_DIR}/cmake/package/modxsModule.cmake
    ${out}/modxsModule.cmake COPYONLY)
  configure_file(${CMAKE_SOURCE_DIR}/cmake/package/modxsCompdb.cmake
    ${out}/modxsCompdb.cmake COPYONLY)
endfunction()
modxs_package_config(${MODXS_STAGE}/share/cmake/modxs ${MODXS_STAGE}
  share/cmake/modxs bin share/modxs)
modxs_package_config(${CMAKE_BINARY_DIR}/package ${CMAKE_INSTALL_PREFIX}
  ${MODXS_CMAKE_DIR} ${CMAKE_INSTALL_BINDIR} ${CMAKE_INSTALL_DATADIR}/modxs)
install(FILES ${CMAKE_BINARY_DIR}/package/modxsConfig.cmake
  ${CMAKE_BINARY_DIR}/package/modxsConfigVersion.cmake
  ${CMAKE_BINARY_DIR}/package/modxsModule.cmake
  ${CMAKE_BINARY_DIR}/package/modxsCompdb.cmake
  DESTINATION ${MODXS_CMAKE_DIR})

# modxs.pc: the tool's path and data dir for Makefiles. It has no Cflags
# or Libs, so it belongs in share/pkgconfig. The installed one is written
# at install time, so `cmake --install --prefix P` gets P, not the
# configured prefix; through a temp name, so installs to several
# prefixes at once do not race.
set(_pc_in ${CMAKE_SOURCE_DIR}/share/pkgconfig/modxs.pc.in)
set(prefix ${MODXS_STAGE})
set(MODXS_PC_BINDIR bin)
set(MODXS_PC_DATADIR share)
configure_file(${_pc_in} ${MODXS_STAGE}/share/pkgconfig/modxs.pc @ONLY)
install(CODE "
  set(prefix \"\${CMAKE_INSTALL_PREFIX}\")
  set(PROJECT_VERSION \"${PROJECT_VERSION}\")
  set(MODXS_PC_BINDIR \"${CMAKE_INSTALL_BINDIR}\")
  set(MODXS_PC_DATADIR \"${CMAKE_INSTALL_DATADIR}\")
  string(MD5 _pc_key \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}\")
  string(RANDOM LENGTH 8 _pc_tmp)
  set(_pc_tmp \"${CMAKE_BINARY_DIR}/package/modxs.pc.\${_pc_key}.\${_pc_tmp}\")
  configure_file(\"${_pc_in}\" \"\${_pc_tmp}\" @ONLY)
  file(INSTALL \"\${_pc_tmp}\" RENAME modxs.pc
    DESTINATION \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/pkgconfig\")
  file(REMOVE \"\${_pc_tmp}\")
")

# Shell completion, where bash-completion and zsh look by default. Debian
# packages put zsh's in share/zsh/vendor-completions: set
# MODXS_ZSH_COMPLETION_DIR for that.
set(MODXS_BASH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  CACHE STRING "Where to install the bash completion for modxs")
set(MODXS_ZSH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/zsh/site-functions
  CACHE STRING "Where to install the zsh completion for modxs")
configure_file(${CMAKE_SOURCE_DIR}/share/completion/modxs.bash
  ${MODXS_STAGE}/share/bash-completion/completions/modxs COPYONLY)
configure_file(${CMAKE_SOURCE_DIR}/share/completion/_modxs
  ${MODXS_STAGE}/share/zsh/site-functions/_modxs COPYONLY)
install(FILES ${CMAKE_SOURCE_DIR}/share/completion/modxs.bash
  DESTINATION ${MODXS_BASH_COMPLETION_DIR} RENAME modxs)
install(FILES ${CMAKE_SOURCE_DIR}/share/completion/_modxs
  DESTINATION ${MODXS_ZSH_COMPLETION_DIR})
