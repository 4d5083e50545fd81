#!/bin/sh
# apxs.sh: run the first apxs found: $APXS, then apxs2, then apxs, as some
# modules ship for systems that name it differently.
for a in "$APXS" apxs2 apxs; do
	[ -n "$a" ] || continue
	if command -v "$a" >/dev/null 2>&1; then
		exec "$a" "$@"
	fi
done
echo "apxs.sh: no apxs found" >&2
exit 1
