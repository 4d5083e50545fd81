# record-nginx.cmake: record the 'nginx' host profile from an installed nginx
# and the source its development package ships (Debian's nginx-dev puts it in
# /usr/share/nginx/src). nginx has no apxs: a module is built inside nginx's
# own configured tree. That configure (about 10 s) is run here once, in a
# private copy, with the flags the installed binary reports (`nginx -V`) plus
# --with-compat; what module builds need of it (ngx_auto_config.h,
# ngx_auto_headers.h, the include dirs and the compiler flags) is kept in
# share/modxs/nginx/ and named by the profile. Nothing under the source
# dir is written. The other hosts are recorded by `modxs --record`; nginx's
# recording, which runs nginx's configure, is still done here.
include(${CMAKE_CURRENT_LIST_DIR}/json.cmake)

# CMake lists split on ';', treat '[' ']' specially and read '\;' as an
# escaped ';', so lines read from another tool's files carry those four
# characters as placeholders until they are written out as JSON.
string(ASCII 1 _ph_semi)
string(ASCII 2 _ph_open)
string(ASCII 3 _ph_close)
string(ASCII 4 _ph_bslash)

# _hosts_protect(OUT TEXT): TEXT with ; [ ] \ replaced by placeholders.
function(_hosts_protect out text)
  string(REPLACE "\\" "${_ph_bslash}" text "${text}")
  string(REPLACE ";" "${_ph_semi}" text "${text}")
  string(REPLACE "[" "${_ph_open}" text "${text}")
  string(REPLACE "]" "${_ph_close}" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# _hosts_quote(OUT VALUE): a protected VALUE as a JSON string literal.
function(_hosts_quote out value)
  string(REPLACE "${_ph_semi}" ";" value "${value}")
  string(REPLACE "${_ph_open}" "[" value "${value}")
  string(REPLACE "${_ph_close}" "]" value "${value}")
  string(REPLACE "${_ph_bslash}" "\\" value "${value}")
  json_quote(q "${value}")
  set(${out} "${q}" PARENT_SCOPE)
endfunction()

# _hosts_lines(OUT FILE): the lines of FILE, protected, as a list.
function(_hosts_lines out file)
  file(READ "${file}" text)
  _hosts_protect(text "${text}")
  string(REPLACE "\r" "" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# _hosts_vars_add(PREFIX NAME VALUE): set a variable of the table PREFIX.
# The table keeps first-definition order; a later value replaces an earlier
# one in place, as make (and apxs's hash) let the last assignment win.
# A function, not a macro: a macro would expand a value's own ${x} again.
function(_hosts_vars_add prefix name value)
  if(NOT DEFINED ${prefix}_has_${name})
    set(names "${${prefix}_names}")
    list(APPEND names "${name}")
    set(${prefix}_names "${names}" PARENT_SCOPE)
    set(${prefix}_has_${name} 1 PARENT_SCOPE)
  endif()
  set(${prefix}_val_${name} "${value}" PARENT_SCOPE)
endfunction()

# _hosts_vars_json(OUT PREFIX): the table PREFIX as a JSON object body.
function(_hosts_vars_json out prefix)
  set(body "")
  set(sep "")
  foreach(n IN LISTS ${prefix}_names)
    _hosts_quote(k "${n}")
    _hosts_quote(v "${${prefix}_val_${n}}")
    string(APPEND body "${sep}    ${k}: ${v}")
    set(sep ",\n")
  endforeach()
  set(${out} "{\n${body}\n  }" PARENT_SCOPE)
endfunction()

# _hosts_words_unique(OUT TEXT): TEXT's blank-separated words, repeats dropped.
# apr-1-config and apu-1-config both name /usr/include/apr-1.0; once is enough.
function(_hosts_words_unique out text)
  string(STRIP "${text}" text)
  string(REGEX REPLACE "[ \t\n]+" ";" words "${text}")
  list(REMOVE_DUPLICATES words)
  list(JOIN words " " text)
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# _hosts_write(NAME DESCRIPTION VARS-JSON BUILD MODULE CONFIG SERVER [ALIASES [ABI]]):
# write share/modxs/hosts/NAME.json; each section argument is a JSON object
# text, ALIASES a JSON array text, and ABI ("" when the headers say nothing)
# the stamp.
# It is staged through a temp file and copied only when it changes, so a
# reconfigure does not touch its time.
function(_hosts_write name desc vars build module config server)
  json_quote(qname "${name}")
  json_quote(qdesc "${desc}")
  json_quote(qserver "${server}")
  set(aliases "[]")
  if(ARGC GREATER 7 AND ARGV7)
    set(aliases "${ARGV7}")
  endif()
  set(abi "")
  if(ARGC GREATER 8 AND ARGV8)
    set(abi "\n  \"abi\": ${ARGV8},")
  endif()
  file(WRITE ${CMAKE_BINARY_DIR}/host-${name}.json.tmp
"{
  \"modxs_profile\": 2,
  \"name\": ${qname},
  \"aliases\": ${aliases},
  \"description\": ${qdesc},
  \"vars\": ${vars},
  \"build\": ${build},
  \"module\": ${module},${abi}
  \"config\": ${config},
  \"server\": ${qserver}
}
")
  configure_file(${CMAKE_BINARY_DIR}/host-${name}.json.tmp
    ${MODXS_STAGE}/share/modxs/hosts/${name}.json COPYONLY)
endfunction()

# _hosts_forget(NAME): remove a profile recorded by an earlier configure
# whose host has since gone, so modxs does not offer a stale one.
function(_hosts_forget name)
  file(REMOVE ${MODXS_STAGE}/share/modxs/hosts/${name}.json
    ${CMAKE_BINARY_DIR}/host-${name}.json.tmp)
endfunction()



option(MODXS_RECORD_NGINX "Record a profile for the nginx found on this machine" ON)
set(MODXS_NGINX_SRC "" CACHE PATH
  "nginx source for module builds (default: /usr/share/nginx/src, Debian's nginx-dev)")

# _nginx_args(OUT VERSION-OUT TEXT): the configure arguments of `nginx -V`
# output TEXT as a list, without the addons of the package's own build
# (their dirs are gone), with --with-compat; and the version.
function(_nginx_args out version_out text)
  set(${out} "" PARENT_SCOPE)
  if(text MATCHES "nginx version: [a-z]+/([^ \n]+)")
    set(${version_out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
  endif()
  if(NOT text MATCHES "configure arguments:([^\n]*)")
    return()
  endif()
  separate_arguments(all UNIX_COMMAND "${CMAKE_MATCH_1}")
  set(args "")
  set(compat OFF)
  foreach(a IN LISTS all)
    if(a MATCHES "^--add-(dynamic-)?module=")
      continue()
    endif()
    if(a STREQUAL "--with-compat")
      set(compat ON)
    endif()
    list(APPEND args "${a}")
  endforeach()
  if(NOT compat)
    list(APPEND args --with-compat)
  endif()
  set(${out} "${args}" PARENT_SCOPE)
endfunction()

# _nginx_opt(OUT ARGS NAME DEFAULT): the value of --NAME=VALUE in ARGS.
function(_nginx_opt out args name default)
  set(${out} "${default}" PARENT_SCOPE)
  foreach(a IN LISTS args)
    if(a MATCHES "^--${name}=(.*)$")
      set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
    endif()
  endforeach()
endfunction()

# _nginx_configure(OK-OUT SRC DIR ARGS): run nginx's configure in DIR, a
# private copy of SRC's configure and auto/, unless DIR already holds the
# result of the same arguments.
function(_nginx_configure ok_out src dir args)
  set(${ok_out} OFF PARENT_SCOPE)
  string(SHA256 want "${src}\n${args}")
  if(EXISTS ${dir}/modxs.stamp AND EXISTS ${dir}/objs/ngx_auto_config.h)
    file(READ ${dir}/modxs.stamp have)
    if(have STREQUAL want)
      set(${ok_out} ON PARENT_SCOPE)
      return()
    endif()
  endif()
  file(REMOVE_RECURSE ${dir})
  file(MAKE_DIRECTORY ${dir})
  file(COPY ${src}/configure ${src}/auto DESTINATION ${dir})
  message(STATUS "Running nginx's configure for the 'nginx' profile (once; log: ${dir}/configure.log)")
  execute_process(COMMAND sh ./configure ${args} WORKING_DIRECTORY ${dir}
    OUTPUT_FILE ${dir}/configure.log ERROR_FILE ${dir}/configure.log RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0 OR NOT EXISTS ${dir}/objs/ngx_auto_config.h)
    message(WARNING "nginx's configure failed (see ${dir}/configure.log): no 'nginx' host profile")
    return()
  endif()
  file(WRITE ${dir}/modxs.stamp "${want}")
  set(${ok_out} ON PARENT_SCOPE)
endfunction()

# _nginx_makefile(CFLAGS-OUT INCS-OUT MAKEFILE SRC): CFLAGS and ALL_INCS of
# configure's objs/Makefile, what nginx compiles a module with; the include
# dirs rewritten to the source dir and the recorded headers' dir.
function(_nginx_makefile cflags_out incs_out makefile)
  file(READ ${makefile} text)
  _hosts_protect(text "${text}")
  string(REGEX REPLACE "${_ph_bslash}\n[ \t]*" " " text "${text}")
  if(text MATCHES "\nCFLAGS =[ \t]*([^\n]*)")
    string(STRIP "${CMAKE_MATCH_1}" cflags)
    string(REGEX REPLACE "[ \t]+" " " cflags "${cflags}")
  endif()
  set(incs "")
  if(text MATCHES "\nALL_INCS =[ \t]*([^\n]*)")
    string(REGEX MATCHALL "-I [^ \t]+" found "${CMAKE_MATCH_1}")
    foreach(i IN LISTS found)
      string(REGEX REPLACE "^-I " "" i "${i}")
      if(i STREQUAL "objs")
        string(APPEND incs " -I$(NGINX_BUILD)")
      elseif(IS_ABSOLUTE "${i}")
        string(APPEND incs " -I${i}")
      else()
        string(APPEND incs " -I$(NGINX_SRC)/${i}")
      endif()
    endforeach()
  endif()
  string(STRIP "${incs}" incs)
  set(${cflags_out} "${cflags}" PARENT_SCOPE)
  set(${incs_out} "${incs}" PARENT_SCOPE)
endfunction()

# _nginx_record(NGINX SRC): write hosts/nginx.json and share/modxs/nginx/.
function(_nginx_record nginx src)
  execute_process(COMMAND ${nginx} -V OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  _nginx_args(args version "${out}${err}")
  if(NOT rc EQUAL 0 OR NOT args)
    message(WARNING "'${nginx} -V' names no configure arguments: no 'nginx' host profile")
    _hosts_forget(nginx)
    return()
  endif()
  set(dir ${CMAKE_BINARY_DIR}/nginx-configure)
  _nginx_configure(ok "${src}" "${dir}" "${args}")
  if(NOT ok)
    _hosts_forget(nginx)
    return()
  endif()
  set(data ${MODXS_STAGE}/share/modxs/nginx)
  foreach(f ngx_auto_config.h ngx_auto_headers.h)
    configure_file(${dir}/objs/${f} ${data}/${f} COPYONLY)
  endforeach()
  foreach(f addon.sh auto/module auto/feature auto/have)
    configure_file(${CMAKE_SOURCE_DIR}/share/modxs/nginx/${f} ${data}/${f} COPYONLY)
  endforeach()
  _nginx_makefile(cflags incs ${dir}/objs/Makefile)

  _nginx_opt(prefix "${args}" prefix /usr/local/nginx)
  _nginx_opt(conf "${args}" conf-path "${prefix}/conf/nginx.conf")
  _nginx_opt(moddir "${args}" modules-path "${prefix}/modules")
  _nginx_opt(ldopt "${args}" with-ld-opt "")
  _nginx_opt(cc "${args}" with-cc "cc")
  get_filename_component(confdir "${conf}" DIRECTORY)
  get_filename_component(sbindir "${nginx}" DIRECTORY)

  set(ng_names "")
  _hosts_vars_add(ng TARGET nginx)
  _hosts_vars_add(ng PREFIX "${prefix}")
  _hosts_vars_add(ng SBINDIR "${sbindir}")
  _hosts_vars_add(ng SYSCONFDIR "${confdir}")
  _hosts_vars_add(ng NGINX_CONF "${conf}")
  _hosts_vars_add(ng LIBEXECDIR "${moddir}")
  _hosts_vars_add(ng NGINX_SRC "${src}")
  _hosts_vars_add(ng NGINX_BUILD "$(MODXS_DATADIR)/nginx")
  _hosts_vars_add(ng NGINX_INCS "${incs}")
  _hosts_vars_add(ng INCLUDEDIR "$(NGINX_SRC)/src")
  _hosts_vars_add(ng CC "${cc}")
  _hosts_vars_add(ng CFLAGS "${cflags}")
  _hosts_vars_add(ng LDFLAGS "${ldopt}")
  _hosts_vars_add(ng NGINX_VERSION "${version}")
  set(qargs "")
  foreach(a IN LISTS args)
    if(a MATCHES "[ \t'\"]")
      string(REPLACE "'" "'\\''" a "${a}")
      set(a "'${a}'")
    endif()
    string(APPEND qargs " ${a}")
  endforeach()
  string(STRIP "${qargs}" qargs)
  _hosts_protect(qargs "${qargs}")
  _hosts_vars_add(ng NGINX_CONFIGURE_ARGS "${qargs}")
  _hosts_vars_json(vars ng)

  set(build "{
    \"cflags\": \"$(CFLAGS) $(CPPFLAGS) $(NGINX_INCS)\",
    \"ldflags\": \"$(LDFLAGS)\",
    \"libs\": \"\",
    \"pkg_config\": [],
    \"addon\": {
      \"file\": \"config\",
      \"script\": \"$(NGINX_BUILD)/addon.sh\"
    }
  }")
  # nginx loads a module by its ngx_modules array (and the name and order
  # lists beside it); each module record in it points at the signature
  # string it was compiled with, which must be the server's own. A module
  # is loaded by `load_module modules/NAME.so;`, relative to the prefix.
  set(module "{
    \"symbol\": \"ngx_modules\",
    \"exports\": [\"ngx_module_names\", \"ngx_module_order\"],
    \"signature\": \"^[0-9]+,[0-9]+,[0-9]+,[01]+$\",
    \"load_line\": \"load_module %s;\",
    \"load_args\": [\"key\"],
    \"key\": \"modules/%s.so\",
    \"file\": \"%s.so\"
  }")
  # Debian's layout: modules-available/mod-NAME.conf, linked from
  # modules-enabled/50-mod-NAME.conf, which nginx.conf includes; without
  # those dirs, the line goes into nginx.conf itself.
  set(config "{
    \"layout\": \"auto\",
    \"file\": \"$(NGINX_CONF)\",
    \"include\": [\"include\"],
    \"blocks\": \"braces\",
    \"dropin\": {
      \"available\": \"$(SYSCONFDIR)/modules-available\",
      \"enabled\": [\"$(SYSCONFDIR)/modules-enabled\"],
      \"file\": \"mod-%s.conf\",
      \"priority\": \"50-\"
    },
    \"test\": [\"$(SBINDIR)/$(TARGET)\", \"-t\", \"-q\", \"-p\", \"$(PREFIX)/\", \"-c\", \"{config}\"]
  }")
  _hosts_write(nginx "nginx ${version}, recorded from ${nginx} -V and ${src}" "${vars}"
    "${build}" "${module}" "${config}" "$(SBINDIR)/$(TARGET)")
  message(STATUS "Recorded host profile 'nginx' from ${nginx} and ${src}")
endfunction()

if(MODXS_RECORD_NGINX)
  set(_nginx_src "${MODXS_NGINX_SRC}")
  if(NOT _nginx_src AND EXISTS /usr/share/nginx/src/configure)
    set(_nginx_src /usr/share/nginx/src)
  endif()
  find_program(_nginx NAMES nginx PATHS /usr/sbin /usr/local/sbin NO_CACHE)
  if(_nginx AND _nginx_src AND EXISTS "${_nginx_src}/auto/module")
    _nginx_record("${_nginx}" "${_nginx_src}")
  else()
    _hosts_forget(nginx)
    message(STATUS "No nginx with its source (nginx-dev) found: no 'nginx' host profile")
  endif()
else()
  _hosts_forget(nginx)
endif()
