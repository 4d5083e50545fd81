# record-hosts.cmake: stage the host profiles into share/modxs/hosts/.
# Static profiles (the demo host) are copied from share/modxs/hosts/;
# profiles of servers found on this machine are written from their own
# recorded build facts: Apache httpd from config_vars.mk (what apxs reads),
# ProFTPD from prxs and `proftpd -V` (what prxs and the server know).
# The format is documented in modxs-profile(5).
include(${CMAKE_CURRENT_LIST_DIR}/json.cmake)

option(MODXS_RECORD_APACHE "Record a profile for the Apache httpd found on this machine" ON)
option(MODXS_RECORD_PROFTPD "Record a profile for the ProFTPD found on this machine" ON)
set(MODXS_APACHE_CONFIG_VARS "" CACHE FILEPATH
  "Apache's config_vars.mk to record (default: Debian's, else that of apxs on PATH)")
set(MODXS_PRXS "" CACHE FILEPATH "ProFTPD's prxs script to read (default: found on PATH)")

file(GLOB _static_profiles ${CMAKE_SOURCE_DIR}/share/modxs/hosts/*.json)
foreach(_p ${_static_profiles})
  get_filename_component(_n ${_p} NAME)
  configure_file(${_p} ${MODXS_STAGE}/share/modxs/hosts/${_n} COPYONLY)
endforeach()

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

# ---------------------------------------------------------------- Apache

# _apache_config_vars(OUT): the config_vars.mk to record, or "".
function(_apache_config_vars out)
  set(${out} "" PARENT_SCOPE)
  if(MODXS_APACHE_CONFIG_VARS)
    if(NOT EXISTS "${MODXS_APACHE_CONFIG_VARS}")
      message(FATAL_ERROR "MODXS_APACHE_CONFIG_VARS: '${MODXS_APACHE_CONFIG_VARS}' does not exist")
    endif()
    set(${out} "${MODXS_APACHE_CONFIG_VARS}" PARENT_SCOPE)
    return()
  endif()
  if(EXISTS /usr/share/apache2/build/config_vars.mk)
    set(${out} /usr/share/apache2/build/config_vars.mk PARENT_SCOPE)
    return()
  endif()
  find_program(MODXS_APXS NAMES apxs apxs2)
  if(MODXS_APXS)
    execute_process(COMMAND ${MODXS_APXS} -q installbuilddir
      OUTPUT_VARIABLE dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
    if(rc EQUAL 0 AND dir AND EXISTS "${dir}/config_vars.mk")
      set(${out} "${dir}/config_vars.mk" PARENT_SCOPE)
    endif()
  endif()
endfunction()

# _apache_run(OUT PROGRAM ARGS...): PROGRAM's stripped output, "" on failure.
function(_apache_run out program)
  set(${out} "" PARENT_SCOPE)
  if(program AND EXISTS "${program}")
    execute_process(COMMAND ${program} ${ARGN} OUTPUT_VARIABLE text
      OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
    if(rc EQUAL 0)
      set(${out} "${text}" PARENT_SCOPE)
    endif()
  endif()
endfunction()

# _apache_apr(OUT-INCLUDES OUT-LDFLAGS MK): what apxs adds from apr-1-config
# and apu-1-config (named by APR_CONFIG and APU_CONFIG in the file), else
# from apr's pkg-config files.
function(_apache_apr out_inc out_ld)
  _apache_run(apr_inc "${mk_val_APR_CONFIG}" --includes)
  _apache_run(apu_inc "${mk_val_APU_CONFIG}" --includes)
  _apache_run(apr_ld "${mk_val_APR_CONFIG}" --ldflags)
  if(NOT apr_inc AND MODXS_PKG_CONFIG)
    execute_process(COMMAND ${MODXS_PKG_CONFIG} --cflags-only-I apr-1 apr-util-1
      OUTPUT_VARIABLE apr_inc OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  endif()
  _hosts_words_unique(inc "${apr_inc} ${apu_inc}")
  string(STRIP "${apr_ld}" apr_ld)
  set(${out_inc} "${inc}" PARENT_SCOPE)
  set(${out_ld} "${apr_ld}" PARENT_SCOPE)
endfunction()

# _apache_read(MK): every NAME = VALUE line of MK into the table mk_*, the
# way apxs's get_config_vars reads it: the name up to the first '=', the
# value after it with leading blanks dropped and the rest kept verbatim.
macro(_apache_read mk)
  _hosts_lines(_lines "${mk}")
  set(mk_names "")
  foreach(_l IN LISTS _lines)
    if(_l MATCHES "^[ \t]*#" OR NOT _l MATCHES "^[ \t]*([^=]*[^= \t])[ \t]*=[ \t]*(.*)$")
      continue()
    endif()
    _hosts_vars_add(mk "${CMAKE_MATCH_1}" "${CMAKE_MATCH_2}")
  endforeach()
endmacro()

# _header_define(OUT HEADER NAME REGEX): the value of `#define NAME VALUE` in
# HEADER when it matches REGEX (the value's part to keep), else "".
function(_header_define out header name regex)
  set(${out} "" PARENT_SCOPE)
  if(NOT EXISTS "${header}")
    return()
  endif()
  file(STRINGS "${header}" lines REGEX "^[ \t]*#[ \t]*define[ \t]+${name}[ \t]")
  foreach(l IN LISTS lines)
    if(l MATCHES "define[ \t]+${name}[ \t]+${regex}")
      set(${out} "${CMAKE_MATCH_1}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
endfunction()

# _apache_abi(OUT INCLUDEDIR): the stamp mod_so compares before it loads a
# module, from ap_mmn.h: the record's version (MODULE_MAGIC_NUMBER_MAJOR,
# "not compatible with this version of Apache") and magic (the cookie,
# "API module structure ... is garbled"). The record's leading members are
# those of STANDARD20_MODULE_STUFF, as http_config.h declares them.
function(_apache_abi out incdir)
  set(${out} "" PARENT_SCOPE)
  _header_define(mmn "${incdir}/ap_mmn.h" MODULE_MAGIC_NUMBER_MAJOR "([0-9]+)")
  _header_define(cookie "${incdir}/ap_mmn.h" MODULE_MAGIC_COOKIE "(0x[0-9A-Fa-f]+)")
  if(mmn AND cookie)
    set(${out} "{
    \"record\": [\"int\", \"int\", \"int\", \"pointer\", \"pointer\", \"pointer\", \"unsigned long\"],
    \"stamp\": [
      {\"field\": 0, \"name\": \"Apache API\", \"equals\": \"${mmn}\"},
      {\"field\": 6, \"name\": \"Apache magic cookie\", \"equals\": \"${cookie}\"}
    ]
  }" PARENT_SCOPE)
  endif()
endfunction()

# _apache_record(MK): write hosts/apache.json from the config_vars.mk MK.
function(_apache_record mk)
  _apache_read("${mk}")
  # Names apxs answers from its own code rather than from the file.
  if(NOT DEFINED mk_has_TARGET)
    _hosts_vars_add(mk TARGET "$(progname)")
  endif()
  foreach(n CFLAGS_SHLIB LD_SHLIB LDFLAGS_SHLIB LIBS_SHLIB)
    if(NOT DEFINED mk_has_${n})
      _hosts_vars_add(mk ${n} "")
    endif()
  endforeach()
  _hosts_vars_json(vars mk)
  _apache_apr(apr_inc apr_ld)

  # apxs compiles with SHLTCFLAGS CFLAGS CPPFLAGS NOTEST_CPPFLAGS
  # EXTRA_CPPFLAGS EXTRA_CFLAGS -I$INCLUDEDIR and apr's includes. SHLTCFLAGS
  # is -prefer-pic, a libtool flag: the builder adds the platform PIC flag.
  set(cflags "$(CFLAGS) $(CPPFLAGS) $(NOTEST_CPPFLAGS) $(EXTRA_CPPFLAGS) $(EXTRA_CFLAGS)")
  string(APPEND cflags " -I$(INCLUDEDIR)")
  if(apr_inc)
    string(APPEND cflags " ${apr_inc}")
  endif()
  set(ldflags "$(LDFLAGS) $(NOTEST_LDFLAGS) $(SH_LDFLAGS)")
  if(apr_ld)
    string(APPEND ldflags " ${apr_ld}")
  endif()
  _hosts_quote(qcflags "${cflags}")
  _hosts_quote(qldflags "${ldflags}")
  set(build "{
    \"cflags\": ${qcflags},
    \"ldflags\": ${qldflags},
    \"libs\": \"\",
    \"pkg_config\": []
  }")
  set(module "{
    \"symbol\": \"%s_module\",
    \"load_line\": \"LoadModule %-18s %s\",
    \"file\": \"mod_%s.so\"
  }")
  # The control script reads the environment the server's own config expects
  # (Debian's apache2.conf names ${APACHE_RUN_DIR} and friends, set in
  # envvars), so a config test through it passes where a bare `apache2 -t`
  # fails; it passes other arguments to the server unchanged.
  # exp_sbindir is the file's own expanded sbindir: look only there.
  set(conftest "$(SBINDIR)/$(TARGET)")
  foreach(ctl ${mk_val_progname}ctl apachectl)
    if(DEFINED mk_has_exp_sbindir AND EXISTS "${mk_val_exp_sbindir}/${ctl}")
      set(conftest "$(SBINDIR)/${ctl}")
      break()
    endif()
  endforeach()
  set(config "{
    \"layout\": \"auto\",
    \"file\": \"$(SYSCONFDIR)/$(TARGET).conf\",
    \"test\": [\"${conftest}\", \"-t\", \"-f\", \"{config}\"]
  }")
  set(desc "Apache httpd")
  if(DEFINED mk_has_HTTPD_VERSION)
    string(APPEND desc " ${mk_val_HTTPD_VERSION}")
  endif()
  _apache_abi(abi "${mk_val_exp_includedir}")
  _hosts_write(apache "${desc}, recorded from ${mk}" "${vars}" "${build}" "${module}"
    "${config}" "$(SBINDIR)/$(TARGET)" "[\"apache2\", \"httpd\"]" "${abi}")
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${mk}")
  message(STATUS "Recorded host profile 'apache' from ${mk}")
endfunction()

if(MODXS_RECORD_APACHE)
  _apache_config_vars(_apache_mk)
  if(_apache_mk)
    _apache_record("${_apache_mk}")
  else()
    _hosts_forget(apache)
    message(STATUS "No Apache httpd build variables found: no 'apache' host profile")
  endif()
else()
  _hosts_forget(apache)
endif()

# ---------------------------------------------------------------- ProFTPD

# _proftpd_prxs(PRXS): prxs's recorded `my $name = q(value);` lines into
# the table px_* (compiler, cflags, cppflags, sbindir, includedir, ...).
macro(_proftpd_prxs prxs)
  _hosts_lines(_lines "${prxs}")
  foreach(_l IN LISTS _lines)
    if(_l MATCHES "^my \\$([a-z_]+) = q\\((.*)\\)${_ph_semi}[ \t]*$")
      string(STRIP "${CMAKE_MATCH_2}" _v)
      set(px_${CMAKE_MATCH_1} "${_v}")
    endif()
  endforeach()
endmacro()

# _proftpd_v(PROFTPD): the Files section and configure line of `proftpd -V`
# into pv_config, pv_moddir, pv_incdir, pv_prefix, pv_sysconfdir, pv_version.
macro(_proftpd_v proftpd)
  execute_process(COMMAND ${proftpd} -V OUTPUT_VARIABLE _v ERROR_QUIET RESULT_VARIABLE _rc)
  if(_rc EQUAL 0)
    _hosts_protect(_v "${_v}")
    if(_v MATCHES "Configuration File:[ \t]*\n[ \t]*([^\n]+)")
      string(STRIP "${CMAKE_MATCH_1}" pv_config)
    endif()
    if(_v MATCHES "Shared Module Directory:[ \t]*\n[ \t]*([^\n]+)")
      string(STRIP "${CMAKE_MATCH_1}" pv_moddir)
    endif()
    if(_v MATCHES "Header Directory:[ \t]*\n[ \t]*([^\n]+)")
      string(STRIP "${CMAKE_MATCH_1}" pv_incdir)
    endif()
    if(_v MATCHES "'--prefix=([^']*)'")
      set(pv_prefix "${CMAKE_MATCH_1}")
    endif()
    if(_v MATCHES "'--sysconfdir=([^']*)'")
      set(pv_sysconfdir "${CMAKE_MATCH_1}")
    endif()
    if(_v MATCHES "Version: ([^ \n]+)")
      set(pv_version "${CMAKE_MATCH_1}")
    endif()
  endif()
endmacro()

# _proftpd_first(OUT VALUES...): the first non-empty argument.
function(_proftpd_first out)
  foreach(v IN LISTS ARGN)
    if(NOT v STREQUAL "")
      set(${out} "${v}" PARENT_SCOPE)
      return()
    endif()
  endforeach()
  set(${out} "" PARENT_SCOPE)
endfunction()

# _proftpd_record(PRXS PROFTPD INCLUDE-ROOT): write hosts/proftpd.json.
function(_proftpd_record prxs proftpd incroot)
  if(prxs)
    _proftpd_prxs("${prxs}")
  endif()
  if(proftpd)
    _proftpd_v("${proftpd}")
  endif()
  if(pv_config)
    get_filename_component(conf_dir "${pv_config}" DIRECTORY)
    get_filename_component(conf_name "${pv_config}" NAME_WE)
  endif()
  if(proftpd)
    get_filename_component(proftpd_dir "${proftpd}" DIRECTORY)
  endif()
  if(pv_incdir)
    get_filename_component(pv_incdir "${pv_incdir}" DIRECTORY)
  endif()
  _proftpd_first(cc "${px_compiler}" "${CMAKE_C_COMPILER}")
  # prxs's cflags carry -DPR_SHARED_MODULE; build.cflags adds it itself, so
  # that -S CFLAGS=... cannot drop it.
  string(REGEX REPLACE "(^| )-DPR_SHARED_MODULE( |$)" " " cflags "${px_cflags}")
  string(STRIP "${cflags}" cflags)
  _proftpd_first(sbindir "${px_sbindir}" "${proftpd_dir}" "/usr/sbin")
  _proftpd_first(incdir "${px_includedir}" "${pv_incdir}" "${incroot}")
  _proftpd_first(moddir "${px_libexecdir}" "${pv_moddir}" "/usr/lib/proftpd")
  _proftpd_first(confdir "${conf_dir}" "${pv_sysconfdir}" "/etc/proftpd")
  _proftpd_first(target "${conf_name}" "proftpd")
  _proftpd_first(prefix "${pv_prefix}" "/usr")

  set(px_names "")
  _hosts_vars_add(px TARGET "${target}")
  _hosts_vars_add(px PREFIX "${prefix}")
  _hosts_vars_add(px SBINDIR "${sbindir}")
  _hosts_vars_add(px INCLUDEDIR "${incdir}")
  _hosts_vars_add(px LIBEXECDIR "${moddir}")
  _hosts_vars_add(px SYSCONFDIR "${confdir}")
  _hosts_vars_add(px CC "${cc}")
  _hosts_vars_add(px CFLAGS "${cflags}")
  _hosts_vars_add(px CPPFLAGS "${px_cppflags}")
  _hosts_vars_add(px LDFLAGS "")
  _hosts_vars_add(px LIBTOOL_LDFLAGS "${px_ltdl_ldflags}")
  if(px_installer)
    _hosts_vars_add(px INSTALL "${px_installer}")
  endif()
  if(pv_version)
    _hosts_vars_add(px PROFTPD_VERSION "${pv_version}")
  endif()
  _hosts_vars_json(vars px)

  set(build "{
    \"cflags\": \"$(CFLAGS) $(CPPFLAGS) -DPR_SHARED_MODULE -I. -I$(INCLUDEDIR)/proftpd\",
    \"ldflags\": \"$(LDFLAGS)\",
    \"libs\": \"\",
    \"pkg_config\": []
  }")
  # "LoadModule mod_NAME.c", no path: ProFTPD loads only from its ModulePath.
  set(module "{
    \"symbol\": \"%s_module\",
    \"load_line\": \"LoadModule %s\",
    \"load_args\": [\"key\"],
    \"key\": \"mod_%s.c\",
    \"file\": \"mod_%s.so\"
  }")
  set(config "{
    \"layout\": \"proftpd\",
    \"file\": \"$(SYSCONFDIR)/$(TARGET).conf\",
    \"section\": \"IfModule mod_dso.c\",
    \"module_path\": \"ModulePath\",
    \"include\": [\"Include\"],
    \"test\": [\"$(SBINDIR)/$(TARGET)\", \"-t\", \"-c\", \"{config}\"]
  }")
  set(desc "ProFTPD")
  if(pv_version)
    string(APPEND desc " ${pv_version}")
  endif()
  set(from "")
  foreach(f ${prxs} ${proftpd})
    string(APPEND from "${from_sep}${f}")
    set(from_sep " and ")
  endforeach()
  # The record's api_version (after its next and prev pointers): the server
  # loads a module whose number is at least PR_MODULE_API_VERSION.
  _header_define(api "${incdir}/proftpd/version.h" PR_MODULE_API_VERSION "(0x[0-9A-Fa-f]+|[0-9]+)")
  set(abi "")
  if(api)
    set(abi "{
    \"record\": [\"pointer\", \"pointer\", \"int\"],
    \"stamp\": [{\"field\": 2, \"name\": \"ProFTPD module API\", \"at_least\": \"${api}\"}]
  }")
  endif()
  _hosts_write(proftpd "${desc}, recorded from ${from}" "${vars}" "${build}" "${module}"
    "${config}" "$(SBINDIR)/$(TARGET)" "[]" "${abi}")
  if(prxs)
    set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${prxs}")
  endif()
  message(STATUS "Recorded host profile 'proftpd' from ${from}")
endfunction()

if(MODXS_RECORD_PROFTPD)
  if(MODXS_PRXS)
    set(_prxs "${MODXS_PRXS}")
  else()
    find_program(_prxs NAMES prxs NO_CACHE)
  endif()
  find_program(_proftpd NAMES proftpd PATHS /usr/sbin /usr/local/sbin NO_CACHE)
  find_path(_proftpd_inc NAMES proftpd/conf.h NO_CACHE)
  if(_proftpd_inc AND (_prxs OR _proftpd))
    _proftpd_record("${_prxs}" "${_proftpd}" "${_proftpd_inc}")
  else()
    _hosts_forget(proftpd)
    message(STATUS "No ProFTPD headers with prxs or proftpd found: no 'proftpd' host profile")
  endif()
else()
  _hosts_forget(proftpd)
endif()

# ---------------------------------------------------------------- recipes

# Hosts whose profile is data: share/modxs/recipes/NAME.json is the profile,
# with a "record" object saying when and how to record it (see
# modxs-profile(5)): every file of "requires" must exist, and each variable
# of "run" takes the output of its command (its "match" group when one is
# given). Both are expanded against the recipe's own vars first.
option(MODXS_RECORD_RECIPES "Record the hosts of share/modxs/recipes found on this machine" ON)

# _recipe_expand(OUT TEXT JSON): TEXT with each $(NAME) replaced by the
# recipe's var NAME, repeatedly, as modxs would expand it.
function(_recipe_expand out text json)
  foreach(_pass RANGE 8)
    if(NOT text MATCHES "\\$\\(([A-Za-z0-9_]+)\\)")
      break()
    endif()
    set(_n "${CMAKE_MATCH_1}")
    string(JSON _v ERROR_VARIABLE _err GET "${json}" vars "${_n}")
    if(_err)
      set(_v "")
    endif()
    string(REPLACE "$(${_n})" "${_v}" text "${text}")
  endforeach()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

# _recipe_requires(OUT JSON): TRUE when every file "record.requires" names exists.
function(_recipe_requires out json)
  set(${out} FALSE PARENT_SCOPE)
  string(JSON _n ERROR_VARIABLE _err LENGTH "${json}" record requires)
  if(_err OR _n EQUAL 0)
    return()
  endif()
  math(EXPR _last "${_n} - 1")
  foreach(_i RANGE ${_last})
    string(JSON _f GET "${json}" record requires ${_i})
    _recipe_expand(_f "${_f}" "${json}")
    if(NOT EXISTS "${_f}")
      return()
    endif()
  endforeach()
  set(${out} TRUE PARENT_SCOPE)
endfunction()

# _recipe_run(JSON-VAR): set each var of "record.run" in the JSON text.
function(_recipe_run json_var)
  set(json "${${json_var}}")
  string(JSON _n ERROR_VARIABLE _err LENGTH "${json}" record run)
  if(_err OR _n EQUAL 0)
    return()
  endif()
  math(EXPR _last "${_n} - 1")
  foreach(_i RANGE ${_last})
    string(JSON _var MEMBER "${json}" record run ${_i})
    string(JSON _argc LENGTH "${json}" record run "${_var}")
    math(EXPR _alast "${_argc} - 1")
    set(_argv "")
    foreach(_a RANGE ${_alast})
      string(JSON _arg GET "${json}" record run "${_var}" ${_a})
      _recipe_expand(_arg "${_arg}" "${json}")
      list(APPEND _argv "${_arg}")
    endforeach()
    execute_process(COMMAND ${_argv} OUTPUT_VARIABLE _o ERROR_VARIABLE _o RESULT_VARIABLE _rc)
    string(JSON _re ERROR_VARIABLE _nomatch GET "${json}" record match "${_var}")
    if(NOT _nomatch AND _o MATCHES "${_re}")
      set(_o "${CMAKE_MATCH_1}")
    elseif(NOT _nomatch OR NOT _rc EQUAL 0)
      continue()
    endif()
    string(STRIP "${_o}" _o)
    json_quote(_q "${_o}")
    string(JSON json SET "${json}" vars "${_var}" "${_q}")
  endforeach()
  set(${json_var} "${json}" PARENT_SCOPE)
endfunction()

# _recipe_record(FILE): write hosts/NAME.json from the recipe FILE when its host is here.
function(_recipe_record file)
  get_filename_component(name "${file}" NAME_WE)
  file(READ "${file}" json)
  _recipe_requires(here "${json}")
  if(NOT here)
    _hosts_forget(${name})
    message(STATUS "No ${name} development files found: no '${name}' host profile")
    return()
  endif()
  _recipe_run(json)
  string(JSON desc GET "${json}" description)
  json_quote(qdesc "${desc}, recorded from ${file}")
  string(JSON json SET "${json}" description "${qdesc}")
  string(JSON json REMOVE "${json}" record)
  file(WRITE ${CMAKE_BINARY_DIR}/host-${name}.json.tmp "${json}\n")
  configure_file(${CMAKE_BINARY_DIR}/host-${name}.json.tmp
    ${MODXS_STAGE}/share/modxs/hosts/${name}.json COPYONLY)
  set_property(DIRECTORY ${CMAKE_SOURCE_DIR} APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
  message(STATUS "Recorded host profile '${name}' from ${file}")
endfunction()

file(GLOB _recipes ${CMAKE_SOURCE_DIR}/share/modxs/recipes/*.json)
foreach(_r ${_recipes})
  get_filename_component(_rn "${_r}" NAME_WE)
  configure_file(${_r} ${MODXS_STAGE}/share/modxs/recipes/${_rn}.json COPYONLY)
  if(MODXS_RECORD_RECIPES)
    _recipe_record("${_r}")
  else()
    _hosts_forget(${_rn})
  endif()
endforeach()
