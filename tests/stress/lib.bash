# lib.bash: what tests/stress/signals and the trust_*.bats files share: when
# an install is consistent, a snapshot of the files a run may change, and
# waiting for a run to reach a failpoint pause. Source it; it sets no options.

# receipts_in STATEDIR NAME [MODS]: NAME's receipts in the state dir, one a
# line. Given MODS, a receipt where builds from before the state dir kept it
# (beside the modules dir) counts too, as in `consistent` below.
receipts_in() {
	local found
	found=$(find "$1/receipts" -name "$2.json" 2>/dev/null || true)
	if [ -z "$found" ] && [ -n "${3:-}" ] && [ -f "$(dirname "$3")/modxs-receipts/$2.json" ]; then
		found="$(dirname "$3")/modxs-receipts/$2.json"
	fi
	[ -z "$found" ] || printf '%s\n' "$found"
}

# consistent STATEDIR MODS ETC CONF LAYOUT NAME: exit 0 when the config, the
# module and the receipt of module NAME agree; otherwise print why, exit 1.
#   With a receipt: every file it lists exists with the sha256 it records, and
#   each config file it records an edit of is active or inactive as that edit
#   says (activate/enable: active; add-commented/deactivate/disable/write: not).
#   Without one: neither MODS/mod_NAME.so nor an active line for NAME exists.
# Active means an uncommented "LoadModule KEY" line (KEY is NAME_module, or
# mod_NAME.c for ProFTPD); on Debian, also linked from mods-enabled/.
# Either way, no lock or temp file is left under ETC or MODS.
consistent() {
	python3 - "$@" <<'PY'
import glob, hashlib, json, os, re, sys

statedir, mods, etc, conf, layout, name = sys.argv[1:7]
key = f"mod_{name}.c" if layout == "proftpd" else f"{name}_module"
active_line = re.compile(r"^[ \t]*LoadModule[ \t]+" + re.escape(key) + r"([ \t]|$)")


def has_active_line(path):
    try:
        with open(path, errors="replace") as f:
            return any(active_line.match(line) for line in f)
    except (FileNotFoundError, NotADirectoryError):
        return False


def active(path):
    if layout == "debian" and os.path.basename(os.path.dirname(path)) == "mods-available":
        link = os.path.join(etc, "mods-enabled", os.path.basename(path))
        if not os.path.islink(link) or os.path.realpath(link) != os.path.realpath(path):
            return False
    return has_active_line(path)


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(65536), b""):
            h.update(chunk)
    return h.hexdigest()


problems = []
receipts = sorted(glob.glob(os.path.join(statedir, "receipts", "**", name + ".json"),
                            recursive=True))
# Builds from before the state dir kept receipts beside the modules dir;
# looking there too makes a crash against them show as what it did to the
# files, not as a receipt in another place (trust_receipts.bats checks where).
legacy = os.path.join(os.path.dirname(mods.rstrip("/")), "modxs-receipts", name + ".json")
if not receipts and os.path.isfile(legacy):
    receipts = [legacy]
if len(receipts) > 1:
    problems.append("more than one receipt: " + " ".join(receipts))
if receipts:
    try:
        with open(receipts[0]) as f:
            r = json.load(f)
    except (OSError, ValueError) as e:
        print(f"{receipts[0]}: unreadable receipt: {e}")
        sys.exit(1)
    for entry in r.get("files", []):
        p = entry.get("path", "")
        if not os.path.isfile(p):
            problems.append(f"the receipt lists '{p}', which does not exist")
        elif sha256(p) != entry.get("sha256"):
            problems.append(f"'{p}' is not the file the receipt records (sha256 differs)")
    want_of = {"activate": True, "enable": True,
               "add-commented": False, "deactivate": False, "disable": False, "write": False}
    for e in r.get("edits", []):
        want = want_of.get(e.get("action"))
        f = e.get("file", "")
        if want is not None and active(f) != want:
            problems.append(f"the receipt says '{e.get('action')}' for '{f}', but it is "
                            f"{'active' if not want else 'not active'}")
else:
    module = os.path.join(mods, f"mod_{name}.so")
    if os.path.lexists(module):
        problems.append(f"no receipt, but '{module}' exists")
    configs = [conf]
    if layout == "debian":
        configs.append(os.path.join(etc, "mods-available", name + ".load"))
    if layout == "fedora":
        configs += glob.glob(os.path.join(etc, "conf.modules.d", f"*-{name}.conf"))
    for c in configs:
        if active(c):
            problems.append(f"no receipt, but '{c}' loads {key}")
# Recovery takes the dead run's locks and sweeps its temp files.
for top in (etc, mods):
    for d, _, files in os.walk(top):
        for f in files:
            if f.endswith(".lock") or ".modxs-" in f:
                problems.append(f"'{os.path.join(d, f)}' is left behind")
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
}

# snapshot DIR...: every regular file (with a hash) and symlink (with its
# target) under the DIRs, sorted. Backups (*.bak) are left out: a run may
# refresh a backup of the same text. Directories are left out too.
snapshot() {
	{
		find "$@" -type f ! -name '*.bak' -exec sha256sum {} + | awk '{ print $2, substr($1, 1, 16) }'
		find "$@" -type l -printf '%p -> %l\n'
	} 2>/dev/null | LC_ALL=C sort
}

# wait_paused PID: wait until process PID sleeps in a failpoint pause
# (MODXS_FAILPOINT=pause:N sleeps 10 s); 1 when it ended first. A run takes
# milliseconds, so where the kernel does not show that a process waits in
# nanosleep, one still there after 2 seconds counts as paused.
wait_paused() {
	local pid=$1 state wchan
	for _ in $(seq 1 200); do
		state=$(awk '{ print $3 }' "/proc/$pid/stat" 2>/dev/null) || return 1
		case $state in Z | X | '') return 1 ;; esac
		wchan=$(cat "/proc/$pid/wchan" 2>/dev/null) || wchan=0
		case $wchan in *nanosleep*) return 0 ;; esac
		sleep 0.01
	done
	return 0
}
