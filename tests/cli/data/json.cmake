# json.cmake: just enough JSON writing for recipe-record.cmake, the build's former recipe code.

# json_quote(OUT VALUE): VALUE as a JSON string literal.
function(json_quote out value)
  string(REPLACE "\\" "\\\\" value "${value}")
  string(REPLACE "\"" "\\\"" value "${value}")
  string(REPLACE "\n" "\\n" value "${value}")
  string(REPLACE "\t" "\\t" value "${value}")
  string(REPLACE "\r" "\\r" value "${value}")
  set(${out} "\"${value}\"" PARENT_SCOPE)
endfunction()

# json_object_add(OBJ KEY VALUE): append "KEY": "VALUE" to the member list OBJ.
# The list is joined by json_object_text(); values are strings.
function(json_object_add obj key value)
  json_quote(k "${key}")
  json_quote(v "${value}")
  set(members "${${obj}}")
  string(APPEND members "    ${k}: ${v}\n")
  set(${obj} "${members}" PARENT_SCOPE)
endfunction()

# json_object_text(OUT MEMBERS INDENT): the members as an object body.
function(json_object_text out members)
  string(REGEX REPLACE "\n$" "" members "${members}")
  string(REPLACE "\n" ",\n" members "${members}")
  set(${out} "{\n${members}\n  }" PARENT_SCOPE)
endfunction()
