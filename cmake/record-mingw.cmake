# record-mingw.cmake: when the mingw-w64 cross compiler is installed, stage
# share/modxs/targets/x86_64-w64-mingw32.json, a second platform record
# beside platform.json for Windows DLL modules (`--target x86_64-w64-mingw32`).
# It is written by the modxs just built, `modxs --record --target TRIPLE
# platform`, which finds TRIPLE-gcc, -g++ and -ar on PATH and writes the
# fixed facts of the PE toolchain; the format is modxs-profile(5)'s.

# record_mingw_target(TRIPLE): the record for one mingw-w64 triple, if its gcc exists.
function(record_mingw_target triple)
  find_program(_cc NAMES ${triple}-gcc NO_CACHE)
  set(_out ${MODXS_STAGE}/share/modxs/targets/${triple}.json)
  if(NOT _cc OR CMAKE_CROSSCOMPILING)
    file(REMOVE ${_out})
    return()
  endif()
  add_custom_target(modxs_record_${triple} ALL
    COMMAND ${CMAKE_COMMAND} -E env --unset=MODXS_DATADIR --unset=MODXS_HOST
      $<TARGET_FILE:modxs> --record --datadir ${MODXS_STAGE}/share/modxs
      --host ${MODXS_DEFAULT_HOST} --target ${triple} -S "CC=${_cc}" platform
    COMMENT "Recording the ${triple} target (modxs --record --target ${triple} platform)"
    VERBATIM)
  add_dependencies(modxs_record_${triple} modxs)
endfunction()

record_mingw_target(x86_64-w64-mingw32)
