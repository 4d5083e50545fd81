# icecc.cmake: LIBDIR/modxs/icecc.so, which tells modxs how many jobs an
# icecream farm takes, so that `--launcher icecc` defaults -j to it
# (tool/icecc.h). icecream has no command that says so; its scheduler tells
# monitors, in a protocol only its C++ client library speaks. Debian:
# libicecc-dev, a static libicecc.a, hence --static for its own libraries.
#
# Optional: without libicecc-dev no plugin is built, and modxs under icecc
# warns once and runs as many compiles as the machine has CPUs.
pkg_check_modules(ICECC icecc)

if(NOT ICECC_FOUND)
  message(STATUS "libicecc not found: --launcher icecc will not ask the scheduler for -j "
                 "(apt-get install libicecc-dev)")
  return()
endif()

set(MODXS_CXX_WARNINGS -Wall -Wextra -Wpedantic -Wshadow -Wformat=2)
if(MODXS_WERROR)
  list(APPEND MODXS_CXX_WARNINGS -Werror)
endif()

add_library(modxs_icecc MODULE ${CMAKE_SOURCE_DIR}/tool/plugin/icecc_farm.cc)
set_target_properties(modxs_icecc PROPERTIES OUTPUT_NAME icecc PREFIX ""
  LIBRARY_OUTPUT_DIRECTORY ${MODXS_STAGE}/${MODXS_DEPS_DIR}
  CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF
  CXX_VISIBILITY_PRESET hidden VISIBILITY_INLINES_HIDDEN ON)
target_compile_options(modxs_icecc PRIVATE ${MODXS_CXX_WARNINGS})
target_compile_definitions(modxs_icecc PRIVATE MODXS_VERSION="${PROJECT_VERSION}")
target_include_directories(modxs_icecc PRIVATE ${CMAKE_SOURCE_DIR}/tool)
target_include_directories(modxs_icecc SYSTEM PRIVATE ${ICECC_STATIC_INCLUDE_DIRS})
target_link_directories(modxs_icecc PRIVATE ${ICECC_STATIC_LIBRARY_DIRS})
# libicecc.a and what it needs (libarchive, lzo, zstd, cap-ng), all
# resolved now, so the plugin cannot lack a library it calls.
target_link_libraries(modxs_icecc PRIVATE ${ICECC_STATIC_LIBRARIES})
target_link_options(modxs_icecc PRIVATE -Wl,-z,defs)
add_dependencies(modxs modxs_icecc)
install(TARGETS modxs_icecc LIBRARY DESTINATION ${MODXS_DEPS_DIR})
