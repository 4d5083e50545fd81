#!/usr/bin/env bats
# Shell completion: options, host names and -q variables, in bash and zsh.

load ../helper

BASH_COMPLETION=$MODXS_BUILD_DIR/share/bash-completion/completions/modxs
ZSH_COMPLETION=$MODXS_BUILD_DIR/share/zsh/site-functions/_modxs

# complete WORD...: what bash completion offers for the last word, one a line.
complete_bash() {
	bash --norc --noprofile -c '
		source "$1" || exit 1
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_modxs
		printf "%s\n" "${COMPREPLY[@]}"
	' complete "$BASH_COMPLETION" "$MODXS" "$@"
}

# complete_zsh FUNCTION WORD...: what a zsh helper adds for the words.
complete_zsh() {
	skip_unless zsh "zsh is not installed"
	zsh -f -c '
		setopt extendedglob
		_arguments() { :; }
		_files() { print -r -- "_files $*"; }
		compadd() {
			while [[ $1 == -* && $1 != -a ]]; do shift 2; done
			[[ $1 == -a ]] && print -rl -- ${(P)2}
		}
		source "$1" || exit 1
		fn=$2
		shift 2
		words=("$@")
		CURRENT=${#words}
		$fn
	' complete "$ZSH_COMPLETION" "$@"
}

@test "the bash completion sources cleanly and registers for modxs" {
	run bash --norc --noprofile -c 'source "$1" && complete -p modxs' x "$BASH_COMPLETION"
	assert_success
	assert_output "complete -F _modxs modxs"
}

@test "bash completes options" {
	run complete_bash --ho
	assert_success
	assert_output "--host"
	run complete_bash --no-
	assert_line "--no-check"
	assert_line "--no-config-test"
	run complete_bash -
	assert_line "-q"
	assert_line "-g"
	assert_line "--persona"
}

@test "bash completes host names from the data dir" {
	run complete_bash --host ""
	assert_success
	assert_line demo
	private_datadir
	cp "$MODXS_DATADIR/hosts/demo.json" "$MODXS_DATADIR/hosts/extra.json"
	run complete_bash --host ""
	assert_line demo
	assert_line extra
	run complete_bash --host e
	assert_output extra
}

@test "bash completes --host=NAME split at the =" {
	run complete_bash --host = d
	assert_success
	assert_output demo
}

@test "bash completes the variables of -q by asking modxs" {
	run complete_bash -q TARG
	assert_success
	assert_line TARGET
	assert_line TARGET_TRIPLE
	refute_line CC
	run complete_bash -q CC ""
	assert_line LIBEXECDIR
	assert_line MODXS_VERSION
}

@test "bash completes the variables of the host named on the line" {
	[ -f "$MODXS_BUILD_DIR/share/modxs/hosts/apache.json" ] ||
		skip "the apache host is not recorded in this build"
	run complete_bash --host apache -q installbuild
	assert_success
	assert_output installbuilddir
	run complete_bash -q installbuild
	assert_output ""
}

@test "bash completes -S with VAR=" {
	run complete_bash -S LIBEXEC
	assert_success
	assert_output "LIBEXECDIR="
}

@test "bash completes fixed choices for --persona and --layout" {
	run complete_bash --persona ""
	assert_output "modxs
apxs
prxs"
	run complete_bash --layout de
	assert_output "debian
demo"
}

@test "bash offers sources after -c and modules after -i" {
	touch mod_a.c mod_b.cpp notes.txt mod_a.la mod_a.so
	mkdir sub
	run complete_bash -c ""
	assert_line mod_a.c
	assert_line mod_b.cpp
	assert_line mod_a.la
	assert_line sub
	refute_line notes.txt
	run complete_bash -i ""
	assert_line mod_a.la
	assert_line mod_a.so
	refute_line mod_a.c
}

@test "the zsh completion parses cleanly" {
	skip_unless zsh "zsh is not installed"
	run zsh -n "$ZSH_COMPLETION"
	assert_success
	assert_output ""
	run head -1 "$ZSH_COMPLETION"
	assert_output "#compdef modxs"
}

@test "zsh completes host names from the data dir" {
	private_datadir
	cp "$MODXS_DATADIR/hosts/demo.json" "$MODXS_DATADIR/hosts/extra.json"
	run complete_zsh _modxs_hosts "$MODXS" --host ""
	assert_success
	assert_line demo
	assert_line extra
}

@test "zsh completes the variables of -q by asking modxs" {
	run complete_zsh _modxs_operands "$MODXS" -q ""
	assert_success
	assert_line TARGET
	assert_line LIBEXECDIR
	run complete_zsh _modxs_operands "$MODXS" -c ""
	assert_output --partial "_files -g"
}
