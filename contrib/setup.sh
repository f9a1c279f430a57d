#!/bin/sh
# SPDX-License-Identifier: ISC
# Set up a fresh Debian 12 machine (as root) and build gavel; then run the
# demo ("demo") or the whole test suite ("test").
set -eu

what=${1:-demo}
case $what in
demo|test) ;;
*) echo "usage: contrib/setup.sh demo|test" >&2; exit 2 ;;
esac

if [ "$(id -u)" != 0 ]; then
	echo "setup.sh: run as root (it installs Debian packages)" >&2
	exit 1
fi

# Build and test dependencies, all from Debian's archive. The language
# packages are what programs inside the sandbox use (never /root's).
PKGS="build-essential autoconf automake libtool pkg-config
	libseccomp-dev libcap-dev libarchive-dev libcmocka-dev libpcre2-dev
	libsqlite3-dev libyaml-dev sqlite3 procps iproute2 runsc apparmor
	python3 nodejs openjdk-17-jdk-headless rustc golang-go"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing
fi

# Debian's toolchain and python3 first, whatever the caller's PATH says.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

autoreconf -fi >/dev/null
if [ ! -f Makefile ]; then
	./configure --quiet
fi
make -j"$(nproc)" >/dev/null

case $what in
demo)
	sh contrib/demo.sh
	;;
test)
	rc=0
	# Serially: several tests measure CPU and wall time.
	make -j1 check || rc=$?
	if [ "$rc" != 0 ] && [ -f test-suite.log ]; then
		cat test-suite.log
	fi
	# One closing line for whoever reads the end of the output.
	pass=$(sed -n 's/^# PASS: *//p' test-suite.log 2>/dev/null | head -1)
	fail=$(sed -n 's/^# FAIL: *//p' test-suite.log 2>/dev/null | head -1)
	skip=$(sed -n 's/^# SKIP: *//p' test-suite.log 2>/dev/null | head -1)
	echo "${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
	exit "$rc"
	;;
esac
