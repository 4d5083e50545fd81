# abi_lib.bash: rewriting a member of a built module's record, as a module
# built with another server's headers would carry it. Load with `load abi_lib`
# (or `load ../cli/abi_lib`); stamp_demo_profile needs private_datadir first.

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
	write_int "$file" $((pos + off)) "$val"
}

# write_int FILE POS VALUE: VALUE as a little-endian 32-bit int at byte POS of FILE.
write_int() {
	local val=$3
	printf "$(printf '\\%03o\\%03o\\%03o\\%03o' $((val & 255)) $((val >> 8 & 255)) \
		$((val >> 16 & 255)) $((val >> 24 & 255)))" |
		dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# set_pe_int TRIPLE FILE SYMBOL OFFSET VALUE: set_int for a PE DLL, read with
# TRIPLE's nm (the symbol's address) and objdump (the section that holds it).
set_pe_int() {
	local tool=$1 file=$2 sym=$3 off=$4 val=$5 addr pos="" name size vma foff
	addr=$("$tool-nm" "$file" | awk -v s="$sym" '$3 == s && $2 != "U" { print $1; exit }')
	[ -n "$addr" ] || { echo "no symbol $sym in $file" >&2; return 1; }
	while read -r name size vma foff; do
		if ((16#$addr >= 16#$vma && 16#$addr < 16#$vma + 16#$size)); then
			pos=$((16#$foff + 16#$addr - 16#$vma))
			break
		fi
	done < <("$tool-objdump" -h "$file" | awk '$1 ~ /^[0-9]+$/ { print $2, $3, $4, $6 }')
	[ -n "$pos" ] || { echo "no section holds $sym in $file" >&2; return 1; }
	write_int "$file" $((pos + off)) "$val"
}

# stamp_demo_profile: the private demo profile with the stamp of modxs-demo.h.
stamp_demo_profile() {
	local p="$MODXS_DATADIR/hosts/demo.json" magic api
	magic=$(sed -n 's/^#define MODXS_DEMO_MAGIC \(0x[0-9a-f]*\)UL$/\1/p' \
		"$MODXS_SOURCE_DIR/examples/demo-host/modxs-demo.h")
	api=$(sed -n 's/^#define MODXS_DEMO_API_VERSION \([0-9]*\)$/\1/p' \
		"$MODXS_SOURCE_DIR/examples/demo-host/modxs-demo.h")
	[ -n "$magic" ] && [ -n "$api" ]
	awk -v magic="$magic" -v api="$api" '
	/^  "config": \{/ {
		print "  \"abi\": {"
		print "    \"record\": [\"unsigned long\", \"int\"],"
		print "    \"stamp\": ["
		print "      {\"field\": 0, \"name\": \"modxs-demo magic\", \"equals\": \"" magic "\"},"
		print "      {\"field\": 1, \"name\": \"modxs-demo API\", \"equals\": \"" api "\"}"
		print "    ]"
		print "  },"
	}
	{ print }' "$p" >"$p.new"
	mv "$p.new" "$p"
	grep -q '"abi"' "$p"
}
