# bash completion for modxs(1): options, host names and -q variables.
# Installed as PREFIX/share/bash-completion/completions/modxs.
#
# Host names and variables come from the modxs being completed (the
# command word itself), so a build tree's modxs completes its own data.

_modxs_options='-q -g -c -i -e -d -a -A -p -v -n -o -S -D -I -L -l -Wc, -Wl, -j
--compile --install --clean
--host --profile --json --dry-run --quiet --verbose --force --no-check
--no-config-test --libtool --compdb --pkg --sysroot --layout --destdir --receipt --list
--deactivate --uninstall --help --version --persona --jobs --name --launcher --target'

# _modxs_hosts PROG: the host profiles in PROG's data dir, one a line.
_modxs_hosts()
{
	local dir f
	dir=$("$1" -q MODXS_DATADIR 2>/dev/null) || return 0
	for f in "$dir"/hosts/*.json; do
		[[ -e $f ]] || continue
		f=${f##*/}
		printf '%s\n' "${f%.json}"
	done
}

# _modxs_vars PROG [--host H]: the names -q answers, one a line; also in
# upper case, as -q takes them either way, when the word typed so far has
# no lower-case letter.
_modxs_vars()
{
	local line
	"$@" -q 2>/dev/null | while IFS= read -r line; do
		[[ $line == *=* ]] || continue
		line=${line%%=*}
		[[ -n $cur && $cur != *[a-z]* ]] && line=${line^^}
		printf '%s\n' "$line"
	done
}

# _modxs_files [SUFFIX...]: dirs, and files ending in .SUFFIX (all files
# when none is given).
_modxs_files()
{
	local f s
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		if [[ -d $f || $# -eq 0 ]]; then
			COMPREPLY+=("$f")
			continue
		fi
		for s; do
			[[ $f == *."$s" ]] && COMPREPLY+=("$f") && break
		done
	done < <(compgen -f -- "$cur")
}

# _modxs_dirs: directories only.
_modxs_dirs()
{
	local f
	compopt -o filenames 2>/dev/null
	while IFS= read -r f; do
		COMPREPLY+=("$f")
	done < <(compgen -d -- "$cur")
}

# _modxs_words: fill COMPREPLY with the words of $1 that start with $cur.
_modxs_words()
{
	local IFS=$'\n'
	COMPREPLY+=($(compgen -W "$1" -- "$cur"))
}

_modxs()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD - 1]}
	local prog=${COMP_WORDS[0]} mode= i w
	local -a host=()
	COMPREPLY=()

	# "--host=x" reaches us as "--host" "=" "x" when = breaks words (the
	# default), else as one word whose replies keep the "--host=" part.
	local eq=
	if [[ $cur == = ]]; then
		cur=
	elif [[ $prev == = && COMP_CWORD -ge 2 ]]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	elif [[ $cur == --?*=* ]]; then
		prev=${cur%%=*}
		eq=$prev=
		cur=${cur#*=}
	fi
	[[ $prog == "~/"* ]] && prog=$HOME/${prog#"~/"}

	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		--host | --profile)
			[[ ${COMP_WORDS[i + 1]} == = ]] && host=("$w" "${COMP_WORDS[i + 2]}") ||
				host=("$w" "${COMP_WORDS[i + 1]}")
			;;
		--host=* | --profile=*) host=("$w") ;;
		--compile) [[ -z $mode ]] && mode=c ;;
		--install) [[ -z $mode ]] && mode=i ;;
		--*) ;;
		-[qgciedaApvh]*)
			[[ $w == *q* ]] && mode=q
			[[ -z $mode && $w == *c* ]] && mode=c
			[[ -z $mode && $w == *[ie]* ]] && mode=i
			;;
		esac
	done

	_modxs_reply
	[[ -z $eq ]] || COMPREPLY=("${COMPREPLY[@]/#/$eq}")
	return 0
}

# _modxs_reply: COMPREPLY for cur after prev, given prog, mode and host.
_modxs_reply()
{
	case $prev in
	--host)
		_modxs_words "$(_modxs_hosts "$prog")"
		return 0
		;;
	--persona)
		_modxs_words $'modxs\napxs\nprxs'
		return 0
		;;
	--layout)
		_modxs_words $'auto\nsingle\ndebian\nfedora\nproftpd\ndemo'
		return 0
		;;
	--launcher)
		_modxs_words $'ccache\nsccache\ndistcc\nicecc'
		return 0
		;;
	--profile)
		_modxs_files json
		return 0
		;;
	--target)
		_modxs_words x86_64-w64-mingw32
		return 0
		;;
	-o | --destdir)
		_modxs_files
		return 0
		;;
	-I | -L | --sysroot)
		_modxs_dirs
		return 0
		;;
	-S)
		compopt -o nospace 2>/dev/null
		local v
		for v in $(_modxs_vars "$prog" "${host[@]}"); do
			[[ $v == "$cur"* ]] && COMPREPLY+=("$v=")
		done
		return 0
		;;
	--pkg)
		_modxs_words "$(pkg-config --list-package-names 2>/dev/null)"
		return 0
		;;
	-n | --name | -D | -l | -j | --jobs | --deactivate | --uninstall)
		return 0
		;;
	esac

	if [[ $cur == -* ]]; then
		_modxs_words "$(printf '%s\n' $_modxs_options)"
		[[ ${#COMPREPLY[@]} -eq 1 && ${COMPREPLY[0]} == *, ]] &&
			compopt -o nospace 2>/dev/null
		return 0
	fi
	case $mode in
	q) _modxs_words "$(_modxs_vars "$prog" "${host[@]}")" ;;
	c) _modxs_files c cc cpp cxx C o lo la a so ;;
	i) _modxs_files la so ;;
	*) _modxs_files ;;
	esac
	return 0
}

complete -F _modxs modxs
