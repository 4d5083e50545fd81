# abi_lib.bash: rewriting a member of a built module's record, as a module
# built with another server's headers would carry it. Load with `load abi_lib`
# (or `load ../cli/abi_lib`).

# set_int FILE SYMBOL OFFSET VALUE: write VALUE as a little-endian 32-bit int
# OFFSET bytes into SYMBOL's data in FILE, as a record built with another
# header would hold it. The address becomes a file offset through the
# section that holds it (readelf's section table).
set_int() {
	local file=$1 sym=$2 off=$3 val=$4 addr pos="" type start foff size
	addr=$(readelf -sW "$file" | awk -v s="$sym" '$8 == s && $7 != "UND" { print $2; exit }')
	[ -n "$addr" ] || { echo "no symbol $sym in $file" >&2; return 1; }
	while read -r type start foff size; do
		# Sections not loaded (debug info) have address 0.
		if [ "$type" != NOBITS ] && ((16#$start && 16#$addr >= 16#$start && 16#$addr < 16#$start + 16#$size)); then
			pos=$((16#$foff + 16#$addr - 16#$start))
			break
		fi
	done < <(readelf -SW "$file" | sed -n 's/^ *\[ *[0-9]*\] *[^ ]* *\([A-Z_]*\) *\([0-9a-f]*\) \([0-9a-f]*\) \([0-9a-f]*\) .*/\1 \2 \3 \4/p')
	[ -n "$pos" ] || { echo "no section holds $sym in $file" >&2; return 1; }
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((val & 255)) $((val >> 8 & 255)) \
		$((val >> 16 & 255)) $((val >> 24 & 255)))" |
		dd of="$file" bs=1 seek=$((pos + off)) conv=notrunc status=none
}
