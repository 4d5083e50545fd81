# personas.cmake: the apxs, apxs2 and prxs links that make modxs answer as
# those tools. They live in LIBEXECDIR/modxs/, off PATH, so the system's own
# apxs is never shadowed; a build points APXS= or --with-apxs= at them.
set(MODXS_PERSONAS apxs apxs2 prxs)

# Relative links, so the tree can be moved or installed under DESTDIR.
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBEXECDIR}" OR IS_ABSOLUTE "${CMAKE_INSTALL_BINDIR}")
  file(RELATIVE_PATH _persona_target
    ${CMAKE_INSTALL_FULL_LIBEXECDIR}/modxs ${CMAKE_INSTALL_FULL_BINDIR}/modxs)
else()
  # Independent of the prefix, so `cmake --install --prefix` may change it.
  file(RELATIVE_PATH _persona_target
    /p/${CMAKE_INSTALL_LIBEXECDIR}/modxs /p/${CMAKE_INSTALL_BINDIR}/modxs)
endif()

# The build tree mirrors the prefix: build/libexec/modxs/apxs -> ../../bin/modxs.
set(_persona_stage ${MODXS_STAGE}/libexec/modxs)
set(_persona_links "")
foreach(_p ${MODXS_PERSONAS})
  list(APPEND _persona_links ${_persona_stage}/${_p})
endforeach()
add_custom_command(OUTPUT ${_persona_links}
  COMMAND ${CMAKE_COMMAND} -E make_directory ${_persona_stage}
  COMMAND ${CMAKE_COMMAND} -E create_symlink ../../bin/modxs ${_persona_stage}/apxs
  COMMAND ${CMAKE_COMMAND} -E create_symlink ../../bin/modxs ${_persona_stage}/apxs2
  COMMAND ${CMAKE_COMMAND} -E create_symlink ../../bin/modxs ${_persona_stage}/prxs
  COMMENT "Staging the apxs, apxs2 and prxs persona links")
add_custom_target(modxs_personas ALL DEPENDS ${_persona_links} modxs)

# The links to install, made once here; install(FILES) copies them as links.
set(_persona_install ${CMAKE_BINARY_DIR}/persona-links)
file(MAKE_DIRECTORY ${_persona_install})
set(_persona_install_links "")
foreach(_p ${MODXS_PERSONAS})
  file(REMOVE ${_persona_install}/${_p})
  file(CREATE_LINK ${_persona_target} ${_persona_install}/${_p} SYMBOLIC)
  list(APPEND _persona_install_links ${_persona_install}/${_p})
endforeach()
install(FILES ${_persona_install_links} DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/modxs)
