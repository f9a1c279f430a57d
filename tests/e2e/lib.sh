# SPDX-License-Identifier: ISC
# lib.sh: sourced by every end-to-end test: a temp dir removed on exit, the
# gavel-box under test, the runtimes to loop over, and report assertions.
#
# A test: `. "$(dirname "$0")/lib.sh"`, define a function that runs the
# scenario once for runtime $RT, `for_runtimes that_function`, `pass`.
# Exit 0 pass, 1 fail, 77 skip (and why). POSIX sh: make check runs us
# with $(SHELL), dash on Debian.

set -eu

TEST_NAME=$(basename "$0" .sh)
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$E2E_DIR/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
BOX=${GAVEL_BOX:-$top_builddir/gavel-box}
PROGS=${PROGS:-$top_builddir/tests/e2e/progs}
: "${GAVEL_POLICY_DIR:=$top_srcdir/sandbox/policies}"
export GAVEL_POLICY_DIR
# Not the PATH's python3: a pyenv shim or a venv may sit in front of it.
PYTHON=/usr/bin/python3
# Programs run as 60000 + slot (DESIGN: per-worker uids).
SBX_UID_MIN=60000
SBX_UID_MAX=60999

RT=native
BOX_EXIT=
SUMMARY=
_bg_pids=

T=$(mktemp -d "${TMPDIR:-/tmp}/gavel-e2e.XXXXXX")
W=$T/w
REPORT=$T/report.json

_cleanup()
{
	for _p in $_bg_pids; do
		kill -9 "$_p" 2>/dev/null || true
	done
	rm -rf "$T"
}
trap _cleanup EXIT
trap 'exit 1' HUP INT TERM

# ------------------------------------------------------------ outcomes

_dump()
{
	{
		[ -s "$T/box.err" ] && { echo "--- gavel-box stderr:"; \
		    head -c 2000 "$T/box.err"; echo; }
		[ -s "$REPORT" ] && { echo "--- report:"; cat "$REPORT"; }
		[ -s "$T/prog.out" ] && { echo "--- program stdout (head):"; \
		    head -c 1500 "$T/prog.out" | cut -c1-300; echo; }
		[ -s "$T/prog.err" ] && { echo "--- program stderr (head):"; \
		    head -c 1500 "$T/prog.err" | cut -c1-300; echo; }
	} >&2 || true
}

fail()
{
	echo "FAIL $TEST_NAME [$RT]: $*"
	_dump
	exit 1
}

# Exit 77 with the reason. GAVEL_TEST_NO_SKIP=1 (CI on machines that have
# everything) turns a skip into a failure.
skip()
{
	if [ "${GAVEL_TEST_NO_SKIP:-0}" = 1 ]; then
		fail "would skip (GAVEL_TEST_NO_SKIP=1): $*"
	fi
	echo "SKIP $TEST_NAME: $*"
	exit 77
}

# Add "what" to the one-line summary printed by pass.
note()
{
	SUMMARY="${SUMMARY:+$SUMMARY; }[$RT] $*"
}

pass()
{
	echo "PASS $TEST_NAME: ${SUMMARY:-ok}"
	exit 0
}

# ------------------------------------------------------------ environment

[ "$(id -u)" = 0 ] || skip "needs root (cgroups, per-slot uids); uid $(id -u)"
[ -x "$BOX" ] || fail "no gavel-box at $BOX (make, or set GAVEL_BOX)"
[ -x "$PROGS/probe" ] || fail "no probe at $PROGS/probe (make check builds it)"
[ -x "$PYTHON" ] || skip "no $PYTHON to read JSON reports"
# `gavel-box check` exits 1 ("safe: no (why)") when the host lacks
# something a safe sandbox needs: that, and only that, is a reason to skip.
set +e
"$BOX" check >"$T/check.out" 2>&1
_check=$?
set -e
case $_check in
0)	;;
1)	skip "gavel-box check: $(grep '^safe:' "$T/check.out" || \
	    tail -n 1 "$T/check.out")" ;;
*)	cat "$T/check.out" >&2
	fail "gavel-box check exited $_check" ;;
esac

ncpus()
{
	getconf _NPROCESSORS_ONLN
}

# A fresh writable /workspace with the probes in it, readable by the
# sandbox uid.
setup_workdir()
{
	rm -rf "$W"
	mkdir "$W"
	cp "$PROGS/probe" "$W/probe"
	[ -x "$PROGS/static-true" ] && cp "$PROGS/static-true" "$W/static-true"
	chmod 0755 "$W"/*
	chmod 0777 "$W"
}

# Remember a background process of ours, killed (by pid) on exit.
bg_add()
{
	_bg_pids="$_bg_pids $1"
}

# The precision the issues ask of each runtime: the CPU kill within 20 ms
# of the limit natively, 50 ms under gVisor; accuracy 20 and 30 ms.
cpu_slack()
{
	if [ "$RT" = runsc ]; then echo 50; else echo 20; fi
}

# runsc_or NATIVE RUNSC: the value for this runtime.
runsc_or()
{
	if [ "$RT" = runsc ]; then echo "$2"; else echo "$1"; fi
}

accuracy_slack()
{
	if [ "$RT" = runsc ]; then echo 30; else echo 20; fi
}

# assert_blocked_call NAME: the message names the blocked call. Natively
# the seccomp listener reads it; gVisor has no seccomp user notification,
# so there the filter kills and the message can only say that it did.
assert_blocked_call()
{
	if [ "$RT" = runsc ]; then
		assert_report_match message '^blocked system call$'
	else
		assert_report_match message "$1"
	fi
}

# for_runtimes FUNCTION: run it once per runtime in GAVEL_TEST_RUNTIMES
# (default: native, and runsc where it is installed), with $RT set.
for_runtimes()
{
	_ran=0
	for RT in ${GAVEL_TEST_RUNTIMES:-native runsc}; do
		case $RT in
		native) ;;
		runsc)
			if ! command -v runsc >/dev/null 2>&1 &&
			    [ -z "${GAVEL_RUNSC:-}" ]; then
				[ "${GAVEL_TEST_NO_SKIP:-0}" = 1 ] &&
				    fail "no runsc (GAVEL_TEST_NO_SKIP=1)"
				note "skipped: no runsc"
				continue
			fi
			;;
		*)	fail "unknown runtime in GAVEL_TEST_RUNTIMES: $RT" ;;
		esac
		"$@"
		_ran=$((_ran + 1))
	done
	[ "$_ran" -gt 0 ] || skip "no runtime available: $SUMMARY"
}

# ------------------------------------------------------------ running

# box_raw ARGS: gavel-box as given; its stdout/stderr in $T/box.out and
# $T/box.err, its exit code in BOX_EXIT.
box_raw()
{
	set +e
	"$BOX" "$@" >"$T/box.out" 2>"$T/box.err"
	BOX_EXIT=$?
	set -e
}

# box_run [OPTIONS] -- PROGRAM [ARG...]: a run with a report, the runtime
# under test, and the program's stdout/stderr in $T/prog.out, prog.err.
# gavel-box must exit 0 (the sandbox did its job) and the report must be
# well formed; the test then checks what it is about.
box_run()
{
	rm -f "$REPORT" "$T/prog.out" "$T/prog.err"
	box_raw run --report "$REPORT" --runtime "$RT" \
	    --stdout "$T/prog.out" --stderr "$T/prog.err" "$@"
	[ "$BOX_EXIT" = 0 ] || fail "gavel-box exited $BOX_EXIT for: $*"
	check_report "$REPORT"
}

# check_report FILE: the report is one JSON object with the contract's
# fields, types and internal consistency.
check_report()
{
	[ -s "$1" ] || fail "no report written to $1"
	_err=$("$PYTHON" - "$1" "$RT" <<'EOF'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except Exception as e:
    print("report is not JSON: %s" % e); sys.exit(0)
if not isinstance(d, dict):
    print("report is not an object"); sys.exit(0)
errs = []
statuses = ("ok", "runtime-error", "signaled", "time-limit",
    "wall-time-limit", "memory-limit", "output-limit",
    "security-violation", "internal-error")
N = type(None)
types = {"status": (str,), "exit_code": (int, N), "signal": (int, N),
    "cpu_ms": (int,), "wall_ms": (int,), "memory_kb": (int,),
    "output_bytes": (int,), "runtime": (str,), "message": (str, N)}
for k, t in types.items():
    if k not in d:
        errs.append("missing %s" % k)
    elif isinstance(d[k], bool) or not isinstance(d[k], t):
        errs.append("%s has type %s" % (k, type(d[k]).__name__))
    elif isinstance(d[k], int) and d[k] < 0 and k != "exit_code":
        errs.append("%s is negative" % k)
if not errs:
    s = d["status"]
    if s not in statuses:
        errs.append("unknown status %r" % s)
    if s == "ok" and (d["exit_code"] != 0 or d["signal"] is not None):
        errs.append("ok with exit_code %r signal %r" %
            (d["exit_code"], d["signal"]))
    if s == "runtime-error" and d["exit_code"] in (None, 0):
        errs.append("runtime-error with exit_code %r" % d["exit_code"])
    if s == "signaled" and (d["signal"] is None or
        d["exit_code"] is not None):
        errs.append("signaled with exit_code %r signal %r" %
            (d["exit_code"], d["signal"]))
    if d["runtime"] != sys.argv[2]:
        errs.append("runtime %r, asked for %r" % (d["runtime"], sys.argv[2]))
print("; ".join(errs))
EOF
)
	[ -z "$_err" ] || fail "bad report: $_err"
}

# report KEY: the value of KEY in the last report ("null" for null).
report()
{
	"$PYTHON" -c '
import json, sys
v = json.load(open(sys.argv[1])).get(sys.argv[2], "<missing>")
print("null" if v is None else v)' "$REPORT" "$1"
}

assert_exit()
{
	[ "$BOX_EXIT" = "$1" ] || fail "gavel-box exited $BOX_EXIT, expected $1"
}

assert_report()
{
	_v=$(report "$1")
	[ "$_v" = "$2" ] || fail "report $1 is $_v, expected $2"
}

# assert_report_in KEY VALUE...: one of the values.
assert_report_in()
{
	_k=$1
	shift
	_v=$(report "$_k")
	for _want in "$@"; do
		[ "$_v" = "$_want" ] && return 0
	done
	fail "report $_k is $_v, expected one of: $*"
}

# assert_report_range KEY MIN MAX: an integer in [MIN, MAX].
assert_report_range()
{
	_v=$(report "$1")
	case $_v in
	''|*[!0-9]*) fail "report $1 is $_v, not a count" ;;
	esac
	[ "$_v" -ge "$2" ] && [ "$_v" -le "$3" ] ||
	    fail "report $1 is $_v, expected $2..$3"
}

# assert_report_match KEY ERE: case-insensitive extended regex.
assert_report_match()
{
	_v=$(report "$1")
	printf '%s\n' "$_v" | grep -Eqi -- "$2" ||
	    fail "report $1 is \"$_v\", expected to match /$2/"
}

# The program's stdout holds / lacks a fixed string.
assert_output_has()
{
	grep -Fq -- "$1" "$T/prog.out" 2>/dev/null ||
	    fail "program output lacks \"$1\""
}

assert_output_lacks()
{
	! grep -Fq -- "$1" "$T/prog.out" 2>/dev/null ||
	    fail "program output has \"$1\""
}

# ------------------------------------------------------------ processes

# procs_with MARK: "pid uid args" of every process whose argv holds MARK
# (the marker comes through the environment so awk's argv lacks it).
procs_with()
{
	ps -eo pid=,uid=,args= | M="$1" awk 'index($0, ENVIRON["M"])'
}

# procs_sandbox_uid: "pid uid args" of processes owned by a sandbox uid.
procs_sandbox_uid()
{
	ps -eo pid=,uid=,args= |
	    awk -v lo="$SBX_UID_MIN" -v hi="$SBX_UID_MAX" '$2 >= lo && $2 <= hi'
}

# assert_no_leftovers MARK: nothing of the run is alive once gavel-box has
# returned. On failure, say whether it was only slow, then kill them (by
# pid: they are ours).
assert_no_leftovers()
{
	_left=$(procs_with "$1")
	[ -z "$_left" ] && return 0
	sleep 1
	_later=$(procs_with "$1")
	for _p in $(echo "$_left" | awk '{ print $1 }'); do
		kill -9 "$_p" 2>/dev/null || true
	done
	fail "processes left after gavel-box returned:
$_left
(one second later: ${_later:-gone})"
}
