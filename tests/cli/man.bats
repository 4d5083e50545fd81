#!/usr/bin/env bats
# The man pages render cleanly with groff and man, with every warning on.

load ../helper
bats_require_minimum_version 1.5.0

MAN_DIR=$MODXS_SOURCE_DIR/man

# need_page NAME.N: skip visibly when the page is not in this source tree.
need_page() {
	[ -f "$MAN_DIR/$1" ] || skip "man/$1 is not in this source tree"
}

# render_clean PAGE: groff -ww prints nothing on stderr and the text is there.
render_clean() {
	skip_unless groff "groff is not installed (groff-base)"
	run --separate-stderr groff -ww -man -Tutf8 "$1"
	assert_success
	[ -z "$stderr" ] || {
		echo "groff warnings for $1:" >&2
		echo "$stderr" >&2
		return 1
	}
	[ -n "$output" ]
}

@test "every page in man/ renders with groff -ww and no warnings" {
	shopt -s nullglob
	pages=("$MAN_DIR"/*.[1-8])
	[ ${#pages[@]} -gt 0 ] || skip "man/ has no pages in this source tree"
	for page in "${pages[@]}"; do
		render_clean "$page"
	done
}

@test "modxs(1) renders with groff -ww and no warnings" {
	need_page modxs.1
	render_clean "$MAN_DIR/modxs.1"
	assert_output --partial "NAME"
	assert_output --partial "modxs"
}

@test "modxs-profile(5) renders with groff -ww and no warnings" {
	need_page modxs-profile.5
	render_clean "$MAN_DIR/modxs-profile.5"
	assert_output --partial "NAME"
}

@test "man -l renders each page without a warning" {
	skip_unless man "man is not installed (man-db)"
	shopt -s nullglob
	pages=("$MAN_DIR"/*.[1-8])
	[ ${#pages[@]} -gt 0 ] || skip "man/ has no pages in this source tree"
	for page in "${pages[@]}"; do
		run --separate-stderr env MANWIDTH=80 MANROFFOPT=-ww man -l "$page"
		assert_success
		[ -z "$stderr" ] || {
			echo "man -l warnings for $page:" >&2
			echo "$stderr" >&2
			return 1
		}
	done
}

@test "modxs(1) names every long option modxs knows" {
	need_page modxs.1
	skip_unless groff "groff is not installed (groff-base)"
	text=$(groff -man -Tutf8 -P-cbou "$MAN_DIR/modxs.1" 2>/dev/null)
	opts=$(grep -o '{"[a-z-]*", \(FLAG\|VALUE\)' "$MODXS_SOURCE_DIR/tool/args.c" | cut -d'"' -f2)
	# The option table must still be where this looks for it.
	[ "$(wc -w <<<"$opts")" -gt 10 ]
	for opt in $opts; do
		grep -q -- "--$opt" <<<"$text" || {
			echo "modxs(1) does not mention --$opt" >&2
			return 1
		}
	done
}

@test "cmake --install puts the pages where man finds them" {
	need_page modxs.1
	need_page modxs-profile.5
	skip_unless cmake "cmake is not installed"
	run cmake --install "$MODXS_BUILD_DIR" --prefix "$PWD/prefix"
	assert_success
	[ -f prefix/share/man/man1/modxs.1 ]
	[ -f prefix/share/man/man5/modxs-profile.5 ]
	skip_unless man "man is not installed (man-db)"
	run env MANPATH="$PWD/prefix/share/man" MANWIDTH=80 man -w modxs-profile
	assert_success
	assert_output "$PWD/prefix/share/man/man5/modxs-profile.5"
}
