#!/usr/bin/env bats
# -q: asking modxs what it recorded.

load ../helper
bats_require_minimum_version 1.5.0

# json EXPR: evaluate the Python expression EXPR with d bound to the JSON
# document on stdin; strings print raw, anything else as compact JSON.
json() {
	python3 -c 'import json, os, sys
d = json.load(sys.stdin)
r = eval(sys.argv[1])
print(r if isinstance(r, (str, int)) else json.dumps(r, separators=(",", ":")))' "$1"
}

@test "-q VAR prints the value of one variable" {
	run modxs -q TARGET
	assert_success
	assert_output "modxs-demo"
}

@test "-q VAR VAR joins the values with ;; like apxs" {
	run modxs -q TARGET PIC_FLAG
	assert_success
	assert_output "modxs-demo;;-fPIC"
}

@test "-q with an unknown variable fails with exit 1 and names it" {
	run modxs -q NO_SUCH_VAR
	assert_failure 1
	assert_output "modxs: error: invalid query string 'NO_SUCH_VAR'"
}

@test "-S overrides a variable for the run" {
	run modxs -S LIBEXECDIR=/opt/mods -q LIBEXECDIR
	assert_success
	assert_output "/opt/mods"
}

@test "-S without = is an error" {
	run modxs -S LIBEXECDIR -q CC
	assert_failure 1
	assert_output --partial "malformed -S 'LIBEXECDIR'"
}

@test "-S with an unknown variable is an error" {
	run modxs -S NOT_A_VAR=1 -q CC
	assert_failure 1
	assert_output "modxs: error: no config variable 'NOT_A_VAR'"
}

@test "-q with a known and an unknown variable prints nothing on stdout" {
	run --separate-stderr modxs -q TARGET NO_SUCH_VAR
	assert_failure 1
	assert_output ""
	[ "$stderr" = "modxs: error: invalid query string 'NO_SUCH_VAR'" ]
}

@test "-q alone lists every variable as NAME=value" {
	run modxs -q
	assert_success
	assert_line "TARGET=modxs-demo"
	assert_line "PIC_FLAG=-fPIC"
	assert_line --regexp '^CC=.+'
	# Every line is one assignment, and each name appears once.
	run bash -c '"$MODXS" -q | grep -vc "^[A-Za-z_][A-Za-z0-9_]*="'
	assert_output "0"
	run bash -c '"$MODXS" -q | cut -d= -f1 | sort | uniq -d'
	assert_output ""
}

@test "-q alone shows expanded values" {
	run modxs -q
	assert_success
	assert_line "LIBEXECDIR=$MODXS_BUILD_DIR/lib/modxs-demo/modules"
	refute_output --partial '$('
}

@test "-q -v sorts the names and aligns the values" {
	run modxs -q -v
	assert_success
	assert_line --regexp '^TARGET +  = modxs-demo$'
	# Sorted the way apxs sorts: by uppercased name.
	names=$("$MODXS" -q -v | cut -d' ' -f1)
	[ "$names" = "$(printf '%s\n' "$names" | LC_ALL=C sort -f)" ]
	# One column for '=': every line has it at the same offset.
	cols=$("$MODXS" -q -v | awk '{ print index($0, " = ") }' | sort -u)
	[ "$(printf '%s\n' "$cols" | wc -l)" -eq 1 ]
	[ "$cols" -gt 1 ]
}

@test "-q --json prints one valid JSON object of every variable" {
	skip_unless python3 "python3 is not installed to check the JSON"
	run modxs -q --json
	assert_success
	[ "${#lines[@]}" -eq 1 ]
	run json 'd["TARGET"]' <<<"$output"
	assert_success
	assert_output "modxs-demo"
	[ "$("$MODXS" -q --json | json 'len(d)')" -eq "$("$MODXS" -q | wc -l)" ]
}

@test "-q --json VAR VAR prints an object of just those" {
	skip_unless python3 "python3 is not installed to check the JSON"
	run modxs -q --json TARGET PIC_FLAG
	assert_success
	run json 'd' <<<"$output"
	assert_output '{"TARGET":"modxs-demo","PIC_FLAG":"-fPIC"}'
}

@test "-q --json escapes values so the document stays valid" {
	skip_unless python3 "python3 is not installed to check the JSON"
	run modxs -S 'CFLAGS=-DMSG="a\b"	tab' -q --json CFLAGS
	assert_success
	run json 'd["CFLAGS"]' <<<"$output"
	assert_output "$(printf '%s' '-DMSG="a\b"	tab')"
}

@test "-S changes what -q lists, and what refers to the variable" {
	run modxs -S PREFIX=/opt/demo -q
	assert_success
	assert_line "PREFIX=/opt/demo"
	assert_line "LIBEXECDIR=/opt/demo/lib/modxs-demo/modules"
	run modxs -S PREFIX=/opt/demo -q SBINDIR
	assert_output "/opt/demo/bin"
}

@test "-S takes the value literally and may be given more than once" {
	run modxs -S 'CC=my cc $(CFLAGS)' -S PIC_FLAG=-fpic -q CC PIC_FLAG
	assert_success
	assert_output 'my cc $(CFLAGS);;-fpic'
}

@test "-S with an empty value empties the variable" {
	run modxs -S PIC_FLAG= -q PIC_FLAG TARGET
	assert_success
	assert_output ";;modxs-demo"
}

@test "-S works the same under --json" {
	skip_unless python3 "python3 is not installed to check the JSON"
	out=$("$MODXS" -S LIBEXECDIR=/x -q --json | json 'd["LIBEXECDIR"]')
	[ "$out" = "/x" ]
}
