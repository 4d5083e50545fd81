# record-hosts.cmake: stage the host profiles into share/modxs/hosts/.
# Static profiles (the demo host) are copied from share/modxs/hosts/.
# Profiles of the servers found on this machine are written by the modxs
# just built, `modxs --record`: the recorder users run after installing or
# upgrading a server is the one the install ships, so the two cannot differ.
# It runs on every build and rewrites a profile only when it changes.
# The format is documented in modxs-profile(5).

option(MODXS_RECORD_APACHE "Record a profile for the Apache httpd found on this machine" ON)
option(MODXS_RECORD_PROFTPD "Record a profile for the ProFTPD found on this machine" ON)
option(MODXS_RECORD_NGINX "Record a profile for the nginx found on this machine" ON)
option(MODXS_RECORD_RECIPES "Record the hosts of share/modxs/recipes found on this machine" ON)
set(MODXS_NGINX_SRC "" CACHE PATH
  "nginx source for module builds (default: /usr/share/nginx/src, Debian's nginx-dev)")
set(MODXS_APACHE_CONFIG_VARS "" CACHE FILEPATH
  "Apache's config_vars.mk to record (default: Debian's, else that of apxs on PATH)")
set(MODXS_PRXS "" CACHE FILEPATH "ProFTPD's prxs script to read (default: found on PATH)")

file(GLOB _static_profiles ${CMAKE_SOURCE_DIR}/share/modxs/hosts/*.json)
foreach(_p ${_static_profiles})
  get_filename_component(_n ${_p} NAME)
  configure_file(${_p} ${MODXS_STAGE}/share/modxs/hosts/${_n} COPYONLY)
endforeach()

# What nginx module builds use beside the generated headers (the addon
# script), and the profile its recorder fills in.
file(GLOB_RECURSE _nginx_files RELATIVE ${CMAKE_SOURCE_DIR}/share/modxs/nginx
  ${CMAKE_SOURCE_DIR}/share/modxs/nginx/*)
foreach(_f ${_nginx_files})
  configure_file(${CMAKE_SOURCE_DIR}/share/modxs/nginx/${_f}
    ${MODXS_STAGE}/share/modxs/nginx/${_f} COPYONLY)
endforeach()

# Hosts described by data alone: share/modxs/recipes/NAME.json, a profile
# with a "record" object that `modxs --record` follows (modxs-profile(5)).
file(GLOB _recipes ${CMAKE_SOURCE_DIR}/share/modxs/recipes/*.json)
set(_recipe_names)
foreach(_r ${_recipes})
  get_filename_component(_rn ${_r} NAME_WE)
  configure_file(${_r} ${MODXS_STAGE}/share/modxs/recipes/${_rn}.json COPYONLY)
  list(APPEND _recipe_names ${_rn})
endforeach()

set(_record_args)
set(_record_off)
if(MODXS_APACHE_CONFIG_VARS)
  if(NOT EXISTS "${MODXS_APACHE_CONFIG_VARS}")
    message(FATAL_ERROR "MODXS_APACHE_CONFIG_VARS: '${MODXS_APACHE_CONFIG_VARS}' does not exist")
  endif()
  list(APPEND _record_args --from "apache=${MODXS_APACHE_CONFIG_VARS}")
endif()
if(MODXS_PRXS)
  list(APPEND _record_args --from "proftpd=${MODXS_PRXS}")
endif()
if(MODXS_NGINX_SRC)
  list(APPEND _record_args --from "nginx=${MODXS_NGINX_SRC}")
endif()
foreach(_h apache proftpd nginx)
  string(TOUPPER ${_h} _H)
  if(NOT MODXS_RECORD_${_H})
    list(APPEND _record_off ${MODXS_STAGE}/share/modxs/hosts/${_h}.json)
  endif()
endforeach()
# The nginx recorder also writes the headers nginx's configure generated
# beside its profile: the build machine's, like the profile.
if(NOT MODXS_RECORD_NGINX)
  list(APPEND _record_off ${MODXS_STAGE}/share/modxs/nginx/ngx_auto_config.h
    ${MODXS_STAGE}/share/modxs/nginx/ngx_auto_headers.h)
endif()
if(NOT MODXS_RECORD_RECIPES)
  foreach(_rn ${_recipe_names})
    list(APPEND _record_off ${MODXS_STAGE}/share/modxs/hosts/${_rn}.json)
  endforeach()
endif()

if(CMAKE_CROSSCOMPILING)
  message(STATUS "Cross-compiling: no host profiles recorded; run 'modxs --record' on the target")
  return()
endif()
# The data dir written is the build tree's, whatever the environment names.
set(_record_cmd ${CMAKE_COMMAND} -E env --unset=MODXS_DATADIR --unset=MODXS_HOST
  $<TARGET_FILE:modxs> --record --datadir ${MODXS_STAGE}/share/modxs ${_record_args})
if(_record_off)
  add_custom_target(modxs_record_hosts ALL COMMAND ${_record_cmd}
    COMMAND ${CMAKE_COMMAND} -E rm -f ${_record_off}
    COMMENT "Recording host profiles (modxs --record)" VERBATIM)
else()
  add_custom_target(modxs_record_hosts ALL COMMAND ${_record_cmd}
    COMMENT "Recording host profiles (modxs --record)" VERBATIM)
endif()
add_dependencies(modxs_record_hosts modxs modxs_record_platform)
