# record-mingw.cmake: when the mingw-w64 cross compiler is installed, write
# share/modxs/targets/x86_64-w64-mingw32.json, a second platform record
# beside platform.json for Windows DLL modules (`--target x86_64-w64-mingw32`).
# Same format as platform.json (modxs-profile(5)); the facts are fixed by
# the PE toolchain rather than asked of CMake, which only knows the native one.
include(${CMAKE_CURRENT_LIST_DIR}/json.cmake)

find_program(MODXS_INSTALL_PROGRAM NAMES install ginstall)

# record_mingw_target(TRIPLE): the record for one mingw-w64 triple, if its gcc exists.
function(record_mingw_target triple)
  find_program(_cc NAMES ${triple}-gcc NO_CACHE)
  set(_out ${MODXS_STAGE}/share/modxs/targets/${triple}.json)
  if(NOT _cc)
    file(REMOVE ${_out})
    return()
  endif()
  find_program(_cxx NAMES ${triple}-g++ NO_CACHE)
  find_program(_ar NAMES ${triple}-ar NO_CACHE)
  set(_m "")
  json_object_add(_m CC "${_cc}")
  json_object_add(_m CXX "${_cxx}")
  json_object_add(_m CFLAGS "-O2")
  json_object_add(_m CXXFLAGS "-O2")
  json_object_add(_m CPPFLAGS "")
  json_object_add(_m LDFLAGS "")
  # DLL code is position independent already: no -fPIC.
  json_object_add(_m PIC_FLAG "")
  json_object_add(_m SHLIB_LDFLAGS "-shared")
  # A host exports what it marks __declspec(dllexport), not everything.
  json_object_add(_m EXPORT_DYNAMIC_FLAG "")
  # -p writes the program's import library and .def beside it.
  json_object_add(_m IMPLIB_FLAG "-Wl,--out-implib,")
  json_object_add(_m IMPLIB_SUFFIX ".lib")
  json_object_add(_m DEF_FLAG "-Wl,--output-def,")
  json_object_add(_m EXE_SUFFIX ".exe")
  json_object_add(_m SONAME_FLAG "")
  json_object_add(_m RPATH_FLAG "")
  # Apache for Windows (and modxs-demo) load mod_NAME.so files that are DLLs.
  json_object_add(_m MODULE_SUFFIX ".so")
  json_object_add(_m AR "${_ar}")
  json_object_add(_m TARGET_TRIPLE "${triple}")
  json_object_add(_m OBJECT_FORMAT "pe")
  json_object_add(_m LIBTOOL_PROGRAM "")
  json_object_add(_m LIBTOOL_PIC_FLAG "")
  json_object_add(_m LIBTOOL_EXPORT_DYNAMIC_FLAG "")
  json_object_add(_m OBJDIR ".libs")
  json_object_add(_m PKG_CONFIG "")
  json_object_add(_m INSTALL_PROGRAM "${MODXS_INSTALL_PROGRAM} -c")
  json_object_add(_m MODXS_VERSION "${PROJECT_VERSION}")
  json_object_text(_vars "${_m}")
  json_quote(_default "${MODXS_DEFAULT_HOST}")
  file(WRITE ${CMAKE_BINARY_DIR}/${triple}.json.tmp
"{
  \"modxs_platform\": 1,
  \"default_host\": ${_default},
  \"vars\": ${_vars}
}
")
  configure_file(${CMAKE_BINARY_DIR}/${triple}.json.tmp ${_out} COPYONLY)
endfunction()

record_mingw_target(x86_64-w64-mingw32)
