# modxsModule.cmake: building and installing server modules with modxs.
#
# The module is built by running `modxs -c` itself, not by re-creating its
# flags in CMake: modxs then compiles with exactly the recorded flags of
# the host, keeps its own header and flag tracking (so the target runs on
# every build and costs a few milliseconds when nothing changed), and
# checks the module record and undefined symbols as `modxs -c` always does.
# A build that CMake drove with copied flags would skip that check.
#
# modxs, like apxs, writes objects next to their sources. To keep the
# source tree clean, each source is reached through a symlink in
# BINARY_DIR/modxs_NAME/, and the source's own directory is added with -I
# so that its "..." includes still find their headers.

if(CMAKE_VERSION VERSION_LESS 3.14)
  message(FATAL_ERROR "modxs's CMake functions need CMake 3.14 or newer")
endif()
# The functions keep the policies in force here, whatever the project's
# cmake_minimum_required says (IN_LIST needs CMP0057).
cmake_policy(PUSH)
set(_modxs_module_dir "${CMAKE_CURRENT_LIST_DIR}")
cmake_policy(VERSION 3.14...3.28)

# modxs_add_module(NAME SOURCES file... [HOST host] [PKG pkg...]
#                  [LIBS lib...] [OPTIONS opt...])
#
# Builds mod_NAME.la (and .libs/mod_NAME.so) in the current binary dir.
# SOURCES are C and C++ files, objects and libraries as modxs -c takes them;
# headers among them are shown in IDEs and left out of the command.
# HOST picks the host profile (default: modxs's own default). PKG names
# pkg-config packages (--pkg). LIBS are library names (-l), or flags and
# paths passed to the link as they are. OPTIONS go to modxs before the
# files (-D, -I, -Wc,..., -S VAR=VALUE, --no-check).
function(modxs_add_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "HOST" "SOURCES;PKG;LIBS;OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "modxs_add_module(${name}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT name MATCHES "^[A-Za-z0-9_]+$")
    message(FATAL_ERROR "modxs_add_module: invalid module name '${name}': use only letters, digits and _")
  endif()
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "modxs_add_module(${name}): no SOURCES given")
  endif()

  set(out "${CMAKE_CURRENT_BINARY_DIR}")
  set(la "${out}/mod_${name}.la")
  set(cmd "${MODXS_EXECUTABLE}")
  if(arg_HOST)
    list(APPEND cmd --host "${arg_HOST}")
  endif()
  list(APPEND cmd -c -n "${name}" -o "${la}")
  foreach(pkg IN LISTS arg_PKG)
    list(APPEND cmd --pkg "${pkg}")
  endforeach()
  set(tail "")
  foreach(lib IN LISTS arg_LIBS)
    if(lib MATCHES "^-" OR lib MATCHES "/")
      list(APPEND tail "${lib}")
    else()
      list(APPEND cmd -l "${lib}")
    endif()
  endforeach()
  list(APPEND cmd ${arg_OPTIONS})
  set(mirror "${out}/modxs_${name}")
  set(sources "")
  set(links "")
  set(incdirs "")
  foreach(src IN LISTS arg_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    # Headers are listed for IDEs; modxs finds them through the depfiles.
    if(abs MATCHES "\\.(h|hh|hpp|hxx|H|inc)$")
      list(APPEND sources "${abs}")
      continue()
    endif()
    file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${abs}")
    if(rel MATCHES "^\\.\\./" OR IS_ABSOLUTE "${rel}")
      get_filename_component(rel "${abs}" NAME)
    endif()
    if("${mirror}/${rel}" IN_LIST links)
      message(FATAL_ERROR "modxs_add_module(${name}): two sources named '${rel}'")
    endif()
    get_filename_component(linkdir "${mirror}/${rel}" DIRECTORY)
    file(MAKE_DIRECTORY "${linkdir}")
    file(CREATE_LINK "${abs}" "${mirror}/${rel}" SYMBOLIC)
    get_filename_component(dir "${abs}" DIRECTORY)
    if(NOT dir IN_LIST incdirs)
      list(APPEND incdirs "${dir}")
      list(APPEND cmd -I "${dir}")
    endif()
    list(APPEND sources "${abs}")
    list(APPEND links "${mirror}/${rel}")
  endforeach()
  list(APPEND cmd ${links} ${tail})
  set(compdb "")
  if(CMAKE_EXPORT_COMPILE_COMMANDS)
    # CMake lists no commands for a custom target: modxs writes them and
    # modxsCompdb.cmake merges them into the project's file.
    list(INSERT cmd 1 --compdb)
    set(compdb COMMAND "${CMAKE_COMMAND}" "-DFROM=${mirror}/compile_commands.json"
      "-DINTO=${CMAKE_BINARY_DIR}/compile_commands.json"
      -P "${_modxs_module_dir}/modxsCompdb.cmake")
  endif()

  add_custom_target(${name} ALL
    COMMAND ${cmd}
    ${compdb}
    WORKING_DIRECTORY "${mirror}"
    BYPRODUCTS "${la}" "${out}/.libs/mod_${name}.so"
    COMMENT "Building module ${name} with modxs"
    SOURCES ${sources}
    VERBATIM)
  set_target_properties(${name} PROPERTIES
    MODXS_MODULE_LA "${la}"
    MODXS_MODULE_SO "${out}/.libs/mod_${name}.so"
    MODXS_HOST "${arg_HOST}")
endfunction()

# modxs_install_module(NAME [ACTIVATE] [OPTIONS opt...])
#
# At install time, runs `modxs -i [-a] mod_NAME.la`: the module goes into
# the host's modules dir (LIBEXECDIR), not under CMAKE_INSTALL_PREFIX, as
# apxs -i does. DESTDIR (cmake --install with DESTDIR=...) stages it.
# OPTIONS go to modxs, e.g. -S LIBEXECDIR=/opt/mods or --no-config-test.
function(modxs_install_module name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "ACTIVATE" "" "OPTIONS")
  if(arg_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "modxs_install_module(${name}): unknown arguments: ${arg_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${name})
    message(FATAL_ERROR "modxs_install_module: no module '${name}': call modxs_add_module(${name} ...) first")
  endif()
  get_target_property(la ${name} MODXS_MODULE_LA)
  get_target_property(host ${name} MODXS_HOST)
  if(NOT la)
    message(FATAL_ERROR "modxs_install_module: '${name}' was not made by modxs_add_module")
  endif()

  set(cmd "${MODXS_EXECUTABLE}")
  if(host)
    list(APPEND cmd --host "${host}")
  endif()
  list(APPEND cmd -i)
  if(arg_ACTIVATE)
    list(APPEND cmd -a)
  endif()
  list(APPEND cmd ${arg_OPTIONS} "${la}")
  # Bracket arguments keep every word as it is, whatever it contains.
  set(words "")
  foreach(word IN LISTS cmd)
    string(APPEND words " [==[${word}]==]")
  endforeach()
  install(CODE "
    message(STATUS \"Installing module ${name} with modxs\")
    execute_process(COMMAND ${words} RESULT_VARIABLE _modxs_rc)
    if(NOT _modxs_rc EQUAL 0)
      message(FATAL_ERROR \"modxs could not install module '${name}' (exit \${_modxs_rc})\")
    endif()
  ")
endfunction()

cmake_policy(POP)
