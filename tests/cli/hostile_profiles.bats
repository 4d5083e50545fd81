#!/usr/bin/env bats
# Hostile host profiles given with --profile: each is refused with one
# error line naming the file (and the line, where there is one), exit 2,
# and never a crash, a hang or a runaway allocation.

load ../helper

# profile FILE BODY...: write a profile whose lines are the arguments.
profile() {
	local f=$1
	shift
	printf '%s\n' "$@" >"$f"
}

@test "a variable that is not a string names the file and its line" {
	profile p.json '{' '  "modxs_profile": 1,' '  "name": "x",' '  "vars": {' \
		'    "CC": 5' '  }' '}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 5: 'CC' must be a string"
}

@test "build flags given as an array name the file and line" {
	profile p.json '{' '  "modxs_profile": 1,' '  "name": "x",' '  "vars": {},' \
		'  "build": {' '    "cflags": ["-O2"]' '  }' '}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 6: 'cflags' must be a string"
}

@test "a profile without a name is refused" {
	profile p.json '{"modxs_profile": 1, "vars": {}}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 1: missing key 'name'"
}

@test "a profile without vars is refused" {
	profile p.json '{"modxs_profile": 1, "name": "x"}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 1: missing key 'vars'"
}

@test "a format version of 1.5 or 1e400 is not taken for 1" {
	profile p.json '{"modxs_profile": 1.5, "name": "x", "vars": {}}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 1: 'modxs_profile' must be a version from 1 to 2"
	profile p.json '{"modxs_profile": 1e400, "name": "x", "vars": {}}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 1: 'modxs_profile' must be a version from 1 to 2"
}

@test "a 100 KB value names the file and line" {
	big=$(head -c 100000 /dev/zero | tr '\0' a)
	profile p.json '{' '  "modxs_profile": 1,' '  "name": "x",' '  "vars": {' \
		"    \"CC\": \"$big\"" '  }' '}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 5: 'CC' is longer than 65536 bytes"
}

@test "a 20 MB profile is refused without being parsed" {
	{
		printf '{"modxs_profile": 1, "name": "x", "vars": {"CC": "'
		head -c 20000000 /dev/zero | tr '\0' a
		printf '"}}\n'
	} >p.json
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: cannot read 'p.json': larger than 16 MiB"
}

@test "variables that double at each level stop at 1 MiB instead of exhausting memory" {
	vars='"V0": "$(V1)$(V1)"'
	for i in $(seq 1 39); do vars="$vars, \"V$i\": \"\$(V$((i + 1)))\$(V$((i + 1)))\""; done
	profile p.json "{\"modxs_profile\": 1, \"name\": \"x\", \"vars\": {$vars, \"V40\": \"xx\"}}"
	# 2^41 bytes if nothing stopped it: a runaway dies, aborts or times out.
	run timeout 20 "$MODXS" --profile p.json -q V0
	assert_failure 2
	assert_output --partial "modxs: error: 'p.json': "
	assert_output --partial "expansion grows beyond 1048576 bytes"
}

@test "a computed name that expands to more references is not expanded again" {
	profile p.json '{"modxs_profile": 1, "name": "x", "vars": {' \
		'"A": "$$(B)$", "B": "$(A)x$(A)x", "C": "$($A%b)", "D": "$(D$(B))"}}'
	run timeout 10 "$MODXS" --profile p.json -q C
	assert_success
	assert_output ""
}

@test "a duplicate key is refused at the line of the second one" {
	profile p.json '{' '  "modxs_profile": 1,' '  "name": "x",' '  "vars": {' \
		'    "CC": "gcc",' '    "CC": "sh -c reboot"' '  }' '}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 6: duplicate key 'CC'"
}

@test "a load_line with a conversion other than %s is refused" {
	profile p.json '{"modxs_profile": 1, "name": "x", "vars": {},' \
		'  "module": {"load_line": "LoadModule %n %s"}}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 2: 'load_line' may hold at most 2 %s conversions and no other"
}

@test "a format width of thousands of columns is refused" {
	profile p.json '{"modxs_profile": 1, "name": "x", "vars": {},' \
		'  "module": {"symbol": "%99999999s_module"}}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 2: 'symbol' may hold at most 1 %s conversion and no other"
}

@test "a module file format with no %s is refused: every module would get one file" {
	profile p.json '{"modxs_profile": 1, "name": "x", "vars": {},' \
		'  "module": {"file": "mod_all.so"}}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 2: 'file' must hold a %s conversion"
}

@test "a stray % at the end of a symbol format is refused" {
	profile p.json '{"modxs_profile": 1, "name": "x", "vars": {},' \
		'  "module": {' '    "symbol": "%s_module%"' '  }}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 3: 'symbol' may hold at most 1 %s conversion and no other"
}

@test "arrays nested 100,000 deep are malformed JSON, not a stack overflow" {
	head -c 100000 /dev/zero | tr '\0' '[' >p.json
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output --regexp "^modxs: error: 'p.json': line 1, column [0-9]+: malformed JSON$"
}

@test "a NUL byte in a profile is refused with its line" {
	printf '{"modxs_profile": 1,\n"name": "x\0",\n"vars": {}}\n' >p.json
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 2: NUL byte in JSON"
}

@test "binary garbage as a profile is malformed JSON" {
	head -c 4096 /dev/urandom >p.json
	printf '\x01' | dd of=p.json bs=1 count=1 conv=notrunc 2>/dev/null
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output --partial "modxs: error: 'p.json': line "
}

@test "a device or a directory as a profile is refused, not read forever" {
	run timeout 10 "$MODXS" --profile /dev/zero -q CC
	assert_failure 2
	assert_output "modxs: error: cannot read '/dev/zero': not a regular file"
	mkdir d
	run modxs --profile d -q CC
	assert_failure 2
	assert_output "modxs: error: cannot read 'd': not a regular file"
}

@test "a profile with text after the object is refused" {
	profile p.json '{"modxs_profile": 1, "name": "x", "vars": {}}' '{"more": 1}'
	run modxs --profile p.json -q CC
	assert_failure 2
	assert_output "modxs: error: 'p.json': line 2, column 1: trailing data after the JSON object"
}
