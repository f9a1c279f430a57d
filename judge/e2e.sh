# SPDX-License-Identifier: ISC
# judge/e2e.sh: sourced by the judge's end-to-end tests (tests/e2e/t-2*.sh)
# after tests/e2e/lib.sh: the gavel binary under test, a database and a
# cache in the test's temp dir, and assertions on submissions.

GAVEL=${GAVEL:-$top_builddir/gavel}
[ -x "$GAVEL" ] || fail "no gavel at $GAVEL (make, or set GAVEL)"
command -v sqlite3 >/dev/null 2>&1 || skip "no sqlite3 CLI"
export GAVEL_BOX="$BOX"
: "${GAVEL_LANGUAGES:=$top_srcdir/judge/languages.conf}"
export GAVEL_LANGUAGES
EXAMPLES=$top_srcdir/problems/examples
DB=$T/gavel.db
export GAVEL_DB="$DB"
export GAVEL_CACHE="$T/cache"
G_EXIT=

# g ARGS: gavel as given; stdout in $T/g.out, stderr in $T/g.err, exit
# code in G_EXIT.
g()
{
	set +e
	"$GAVEL" "$@" >"$T/g.out" 2>"$T/g.err"
	G_EXIT=$?
	set -e
}

# g_ok ARGS: gavel must succeed.
g_ok()
{
	g "$@"
	[ "$G_EXIT" = 0 ] || fail "gavel $* exited $G_EXIT: $(head -c 600 "$T/g.err")"
}

# g_fails CODE PATTERN ARGS: gavel must exit CODE with one line on stderr
# matching the extended regex PATTERN.
g_fails()
{
	_code=$1
	_pat=$2
	shift 2
	g "$@"
	[ "$G_EXIT" = "$_code" ] ||
	    fail "gavel $* exited $G_EXIT, expected $_code: $(cat "$T/g.err")"
	grep -Eq -- "$_pat" "$T/g.err" ||
	    fail "gavel $*: stderr \"$(cat "$T/g.err")\" lacks /$_pat/"
	if [ "$_code" = 1 ] && [ "$(wc -l <"$T/g.err")" != 1 ]; then
		fail "gavel $*: more than one line of error: $(cat "$T/g.err")"
	fi
}

fresh_db()
{
	rm -rf "$DB" "$DB-wal" "$DB-shm" "$T/cache"
	g_ok init
}

sql()
{
	sqlite3 -batch -noheader "$DB" "$1"
}

assert_integrity()
{
	_ic=$(sql 'PRAGMA integrity_check;')
	[ "$_ic" = ok ] || fail "integrity_check: $_ic"
	_fk=$(sql 'PRAGMA foreign_key_check;')
	[ -z "$_fk" ] || fail "foreign_key_check: $_fk"
}

# submit USER PROBLEM FILE [ARGS]: prints the new id.
submit()
{
	_u=$1
	_p=$2
	_f=$3
	shift 3
	g_ok submit --user "$_u" --problem "$_p" "$@" "$_f"
	cat "$T/g.out"
}

# judge_once: drain the queue on the runtime under test.
judge_once()
{
	g_ok judge --once --runtime "$RT" "$@"
}

verdict_of()
{
	sql "SELECT coalesce(verdict, status) FROM submissions WHERE id = $1;"
}

score_of()
{
	sql "SELECT score FROM submissions WHERE id = $1;"
}

assert_verdict()
{
	_v=$(verdict_of "$1")
	[ "$_v" = "$2" ] || {
		"$GAVEL" result "$1" >&2 || true
		fail "submission $1 ($3) is $_v, expected $2"
	}
}

# The verdict a submissions/<folder>/ stands for.
folder_verdict()
{
	case $1 in
	accepted)		echo AC ;;
	wrong_answer)		echo WA ;;
	time_limit_exceeded)	echo TLE ;;
	run_time_error)		echo RTE ;;
	memory_limit_exceeded)	echo MLE ;;
	output_limit_exceeded)	echo OLE ;;
	compile_error)		echo CE ;;
	*)			echo "" ;;
	esac
}
