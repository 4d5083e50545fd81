#!/usr/bin/env bats
# -q: asking modxs what it recorded.

load ../helper

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
