# persona-write.cmake: write the persona files NAMES into DIR from TEMPLATE,
# each running EXE; mode 0755. Run with -P at build time, included at install.
string(REPLACE "," ";" NAMES "${NAMES}")
file(MAKE_DIRECTORY "${DIR}")
foreach(PERSONA ${NAMES})
  message(STATUS "Installing: ${DIR}/${PERSONA}")
  set(PERSONA_EXE "${EXE}")
  file(REMOVE "${DIR}/${PERSONA}")
  configure_file("${TEMPLATE}" "${DIR}/${PERSONA}" @ONLY
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
                     WORLD_READ WORLD_EXECUTE)
endforeach()
