# personas.cmake: the apxs, apxs2 and prxs files that make modxs answer as
# those tools. They live in LIBEXECDIR/modxs/, off PATH, so the system's own
# apxs is never shadowed; a build points APXS= or --with-apxs= at them.
#
# Each is a text file whose "#!" line runs BINDIR/modxs (see
# persona-file.in), not a link to the binary: configure scripts read the
# file $APXS names, and mod_jk's takes the output of
# `grep STANDARD20 $APXS` as the proof of Apache 2, which GNU grep (3.5 and
# later) never prints for a binary. The "#!" line needs the binary's
# absolute path, so it is written for the build tree here and for the
# final prefix at install time.
set(MODXS_PERSONAS apxs apxs2 prxs)
set(_persona_template ${CMAKE_CURRENT_LIST_DIR}/persona-file.in)

# The build tree mirrors the prefix: build/libexec/modxs/apxs runs build/bin/modxs.
set(_persona_stage ${MODXS_STAGE}/libexec/modxs)
string(REPLACE ";" "," _persona_names "${MODXS_PERSONAS}")
set(_persona_files "")
foreach(_p ${MODXS_PERSONAS})
  list(APPEND _persona_files ${_persona_stage}/${_p})
endforeach()
add_custom_command(OUTPUT ${_persona_files}
  COMMAND ${CMAKE_COMMAND} -DEXE=${MODXS_STAGE}/bin/modxs -DDIR=${_persona_stage}
          -DNAMES=${_persona_names} -DTEMPLATE=${_persona_template}
          -P ${CMAKE_CURRENT_LIST_DIR}/persona-write.cmake
  DEPENDS ${_persona_template} ${CMAKE_CURRENT_LIST_DIR}/persona-write.cmake
  COMMENT "Staging the apxs, apxs2 and prxs persona files")
add_custom_target(modxs_personas ALL DEPENDS ${_persona_files} modxs)

# At install time, for the prefix given then (cmake --install --prefix),
# written under DESTDIR and listed in the install manifest.
if(IS_ABSOLUTE "${CMAKE_INSTALL_BINDIR}")
  set(_persona_bin "${CMAKE_INSTALL_BINDIR}")
else()
  set(_persona_bin "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}")
endif()
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBEXECDIR}")
  set(_persona_dir "${CMAKE_INSTALL_LIBEXECDIR}/modxs")
else()
  set(_persona_dir "\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LIBEXECDIR}/modxs")
endif()
install(CODE "
  set(EXE \"${_persona_bin}/modxs\")
  set(DIR \"\$ENV{DESTDIR}${_persona_dir}\")
  set(NAMES \"${_persona_names}\")
  set(TEMPLATE \"${_persona_template}\")
  include(\"${CMAKE_CURRENT_LIST_DIR}/persona-write.cmake\")
  foreach(_p \${NAMES})
    list(APPEND CMAKE_INSTALL_MANIFEST_FILES \"\${DIR}/\${_p}\")
  endforeach()
")
