#!/bin/sh
# SPDX-License-Identifier: ISC
# t-100-oci-seccomp: the contrib/ files that other tools consume match what
# they are made from and parse with those tools: the committed OCI seccomp
# profiles are exactly what the built seccomp-export writes from today's
# policies, the AppArmor profile passes apparmor_parser, and the systemd
# unit of contrib/cgroup-delegation.md passes systemd-analyze verify.
#
# Not built on lib.sh: nothing here needs root, cgroups or a safe sandbox,
# and a stale profile must fail on every machine that builds gavel.

set -eu

TEST_NAME=$(basename "$0" .sh)
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
EXPORT=$top_builddir/contrib/seccomp-export
POLICIES=$top_srcdir/sandbox/policies
SUMMARY=

T=$(mktemp -d "${TMPDIR:-/tmp}/gavel-t100.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'exit 1' HUP INT TERM

fail()
{
	echo "FAIL $TEST_NAME: $*"
	exit 1
}

note()
{
	SUMMARY="${SUMMARY:+$SUMMARY; }$*"
}

[ -x "$EXPORT" ] || fail "no $EXPORT (make builds it)"

# ------------------------------------------------------------ seccomp JSON

# Every policy a run can name has its profile; base is only included.
stale=
n=0
for p in "$POLICIES"/*.policy; do
	name=$(basename "$p" .policy)
	[ "$name" = base ] && continue
	json=$top_srcdir/contrib/seccomp/$name.json
	[ -f "$json" ] || fail "no contrib/seccomp/$name.json for $name.policy"
	"$EXPORT" "$POLICIES" "$name" >"$T/$name.json" 2>"$T/err" ||
	    fail "seccomp-export $name: $(cat "$T/err")"
	if ! cmp -s "$T/$name.json" "$json"; then
		diff -u "$json" "$T/$name.json" | head -40
		stale="$stale $name"
	fi
	n=$((n + 1))
done
[ -z "$stale" ] ||
    fail "contrib/seccomp/ is stale for:$stale (run: make seccomp-json)"
# No profile left behind by a policy that is gone.
for json in "$top_srcdir"/contrib/seccomp/*.json; do
	name=$(basename "$json" .json)
	[ -f "$POLICIES/$name.policy" ] ||
	    fail "contrib/seccomp/$name.json has no $name.policy"
done
# The check itself can fail: a changed byte is seen.
sed 's/SCMP_ACT_KILL_PROCESS/SCMP_ACT_KILL/' "$T/default.json" >"$T/edited"
! cmp -s "$T/edited" "$top_srcdir/contrib/seccomp/default.json" ||
    fail "an edited profile compares equal"
note "$n profiles up to date"

# ------------------------------------------------------------ systemd unit

# The unit is the one ```ini block of the note.
awk '/^```ini$/ { on = 1; next } /^```$/ { on = 0 } on' \
    "$top_srcdir/contrib/cgroup-delegation.md" >"$T/gavel-judge.service"
grep -q '^Delegate=yes$' "$T/gavel-judge.service" ||
    fail "contrib/cgroup-delegation.md: no unit with Delegate=yes"
if command -v systemd-analyze >/dev/null 2>&1; then
	(cd "$T" && systemd-analyze verify --man=no ./gavel-judge.service) \
	    >"$T/verify" 2>&1 || { cat "$T/verify"; fail "systemd-analyze"; }
	# verify exits 0 on unknown keys: those are errors here.
	! grep -i -E "unknown|ignoring|invalid|failed" "$T/verify" ||
	    fail "systemd-analyze verify complains about the unit"
	note "unit verified by systemd-analyze"
else
	note "no systemd-analyze: unit not verified"
fi

# ------------------------------------------------------------ AppArmor

AA=$(command -v apparmor_parser || echo /usr/sbin/apparmor_parser)
if [ ! -x "$AA" ]; then
	echo "SKIP $TEST_NAME: $SUMMARY; no apparmor_parser (Debian:" \
	    "apparmor) to check contrib/apparmor/usr.bin.gavel"
	[ "${GAVEL_TEST_NO_SKIP:-0}" = 1 ] && exit 1
	exit 77
fi
"$AA" -Q -K "$top_srcdir/contrib/apparmor/usr.bin.gavel" >"$T/aa" 2>&1 ||
    { cat "$T/aa"; fail "apparmor_parser refuses the profile"; }
# It can fail: a rule it does not know is refused.
sed 's/^\(profile gavel .*{\)$/\1\n  no_such_rule,/' \
    "$top_srcdir/contrib/apparmor/usr.bin.gavel" >"$T/bad.aa"
! "$AA" -Q -K "$T/bad.aa" >/dev/null 2>&1 ||
    fail "apparmor_parser accepts a broken profile"
note "AppArmor profile parses"

echo "PASS $TEST_NAME: $SUMMARY"
exit 0
