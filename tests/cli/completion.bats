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

# complete_zsh LINE: what an interactive zsh offers on TAB at the end of
# LINE, one a line. It runs a real zsh on a pseudo-terminal (zsh/zpty) with
# compinit and the _modxs function, and records what reaches compadd.
complete_zsh() {
	skip_unless zsh "zsh is not installed"
	local out=$BATS_TEST_TMPDIR/zsh-completions
	rm -f "$out"
	ZC_OUT=$out zsh -f -c '
		zmodload zsh/zpty || exit 1
		zpty z zsh -f -i
		zpty -w z "PROMPT=\"> \"; fpath=(${1:h} \$fpath); autoload -Uz compinit; compinit -u -D"
		zpty -w z "compadd() { builtin compadd -O __hits \"\$@\"; print -rl -- \$__hits >>$ZC_OUT; builtin compadd \"\$@\"; }"
		zpty -w z "print -r -- ready >$ZC_OUT.ready"
		for i in {1..100}; do [[ -e $ZC_OUT.ready ]] && break; sleep 0.05; done
		zpty -w -n z "$2"$'"'"'\t'"'"'
		# Wait for the first completions, then until no more arrive.
		for i in {1..100}; do [[ -s $ZC_OUT ]] && break; sleep 0.05; done
		integer size=-1 still=0
		for i in {1..50}; do
			sleep 0.1
			if (( $(wc -c <$ZC_OUT) == size )); then
				(( ++still >= 3 )) && break
			else
				size=$(wc -c <$ZC_OUT) still=0
			fi
		done
		zpty -w z $'"'"'\x03'"'"'
		zpty -d z
	' complete "$ZSH_COMPLETION" "$1"
	[ -f "$out" ] && sort -u "$out" | sed "/^$/d"
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

@test "bash completes --host=NAME as one word when = does not break words" {
	run complete_bash --host=d
	assert_success
	assert_output "--host=demo"
}

@test "bash completes file names with spaces as one word" {
	touch "mod x.c" other.txt
	mkdir "my dir"
	run complete_bash -c mod
	assert_output "mod x.c"
	run complete_bash -I my
	assert_output "my dir"
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

@test "zsh completes options" {
	run complete_zsh "$MODXS --ho"
	assert_success
	assert_output "--host"
}

@test "zsh completes host names from the data dir" {
	private_datadir
	cp "$MODXS_DATADIR/hosts/demo.json" "$MODXS_DATADIR/hosts/extra.json"
	run complete_zsh "$MODXS --host "
	assert_success
	assert_line demo
	assert_line extra
	run complete_zsh "$MODXS --host=ex"
	assert_output extra
}

@test "zsh completes the variables of -q by asking modxs" {
	run complete_zsh "$MODXS -q TARG"
	assert_success
	assert_output "TARGET
TARGET_TRIPLE"
	run complete_zsh "$MODXS -S LIBEX"
	assert_output LIBEXECDIR
}

@test "zsh offers sources after -c" {
	touch mod_a.c notes.txt
	run complete_zsh "$MODXS -c "
	assert_success
	assert_output mod_a.c
}
