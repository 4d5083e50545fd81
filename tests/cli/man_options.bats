#!/usr/bin/env bats
# modxs(1) documents every option the parser knows, and --help agrees with it.

load ../helper

setup_more() {
	page=$MODXS_SOURCE_DIR/man/modxs.1
	args=$MODXS_SOURCE_DIR/tool/args.c
	[ -f "$page" ] || skip "man/modxs.1 is not in this tree"
}

# documented OPT: the page names option OPT (e.g. --dry-run, written \-\-dry\-run
# in roff), as a whole word.
documented() {
	OPT=$1 perl -ne 'BEGIN { ($r = $ENV{OPT}) =~ s/-/\\-/g }
		$found = 1 if /(?<![A-Za-z\\-])\Q$r\E(?![A-Za-z]|\\-)/;
		END { exit !$found }' "$page"
}

@test "every long option in the option table is in modxs(1)" {
	names=$(sed -n 's/^\t{"\([a-z-]*\)", \(FLAG\|VALUE\), L_[A-Z_]*},$/\1/p' "$args")
	[ -n "$names" ]
	missing=""
	for n in $names; do
		documented "--$n" || missing="$missing --$n"
	done
	[ -z "$missing" ] || { echo "not in modxs(1):$missing"; return 1; }
}

@test "every short option of every persona is in modxs(1)" {
	shorts=$(grep -oE '"(noDILlWSj|nDILlWS|qgcieaApvh|cidhavqgep)"' "$args" | tr -d '"' | fold -w1 | sort -u)
	[ "$(printf '%s\n' "$shorts" | wc -l)" -ge 20 ]
	missing=""
	for c in $shorts; do
		case $c in
		W) documented -Wc, && documented -Wl, || missing="$missing -Wc,/-Wl," ;;
		*) documented "-$c" || missing="$missing -$c" ;;
		esac
	done
	[ -z "$missing" ] || { echo "not in modxs(1):$missing"; return 1; }
}

@test "every option --help shows is in modxs(1)" {
	run modxs --help
	assert_success
	missing=""
	for o in $(grep -oE '(^|[ [|(,])--?[A-Za-z][A-Za-z-]*' <<<"$output" | sed 's/^[ [|(,]//' | sort -u); do
		documented "$o" || missing="$missing $o"
	done
	[ -z "$missing" ] || { echo "in --help but not in modxs(1):$missing"; return 1; }
}

@test "every exit code in msg.h is in modxs(1)" {
	codes=$(sed -n 's/^\tRC_[A-Z]* = \([0-9]*\),.*/\1/p' "$MODXS_SOURCE_DIR/tool/msg.h")
	[ -n "$codes" ]
	section=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$page")
	for c in $codes; do
		grep -qx "\.B $c" <<<"$section" || { echo "exit code $c is not documented"; return 1; }
	done
}
