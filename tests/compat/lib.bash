# tests/compat/lib.bash: what the harness (run) and the module projects
# (projects/run) share: snapshots of a scratch root and the delta between two.
# shellcheck shell=bash

# snapshot DIR: one line per file and link under DIR, sorted by path:
# path, type, mode, and a content hash or the link target. modxs's
# incremental-build records (.d and .hash in .deps or .libs) are its own
# bookkeeping and left out, as the side-by-side tests do.
snapshot() {
	(
		cd "$1" || exit 1
		find . -mindepth 1 \( -type f -o -type l \) -printf '%y %m %P\t%l\n'
		echo '#hashes'
		find . -type f -exec md5sum {} + 2>/dev/null
	) | awk -F'\t' '
		$0 == "#hashes" { h = 1; next }
		!h { split($1, a, " "); p = substr($1, length(a[1]) + length(a[2]) + 3)
		     if (p ~ /(^|\/)\.(libs|deps)\/[^\/]*\.(d|hash)$/) next
		     t[p] = a[1] " " a[2]; l[p] = $2; next }
		{ hash = substr($0, 1, 12); p = substr($0, 37); sum[p] = hash }
		END { for (p in t) print p "\t" t[p] "\t" (t[p] ~ /^l/ ? "-> " l[p] : sum[p]) }' |
		LC_ALL=C sort
}

# delta BEFORE AFTER: the files created (+), changed (~) and removed (-),
# with type and mode; a link shows its target.
delta() {
	awk -F'\t' '
		FNR == NR { old[$1] = $2 "\t" $3; next }
		{ seen[$1] = 1
		  link = ($3 ~ /^-> /) ? " " $3 : ""
		  if (!($1 in old)) print "+ " $2 " " $1 link
		  else if (old[$1] != $2 "\t" $3) print "~ " $2 " " $1 link }
		END { for (p in old) if (!(p in seen)) print "- " p }' "$1" "$2" | LC_ALL=C sort -k4
}
