# record-hosts.cmake: stage the host profiles into share/modxs/hosts/.
# Static profiles (the demo host) are copied from share/modxs/hosts/;
# profiles of servers found on this machine are written from their own
# recorded build facts.
include(${CMAKE_CURRENT_LIST_DIR}/json.cmake)

file(GLOB _static_profiles ${CMAKE_SOURCE_DIR}/share/modxs/hosts/*.json)
foreach(_p ${_static_profiles})
  get_filename_component(_n ${_p} NAME)
  configure_file(${_p} ${MODXS_STAGE}/share/modxs/hosts/${_n} COPYONLY)
endforeach()
