#!/bin/sh
# SPDX-License-Identifier: ISC
# t-201-examples: every example package imported, every solution in its
# submissions/<verdict>/ folders judged (two workers), each with the
# folder's verdict; the scoring problem's partial solutions with the
# points their first comment line announces ("NN points").
. "$(dirname "$0")/lib.sh"
. "$top_srcdir/judge/e2e.sh"

run()
{
	fresh_db
	g_ok problem import "$EXAMPLES"/*/
	: >"$T/expect"
	for _d in "$EXAMPLES"/*/submissions/*/; do
		_folder=$(basename "$_d")
		_want=$(folder_verdict "$_folder")
		[ -n "$_want" ] || fail "unknown submissions folder $_d"
		_prob=$(basename "$(dirname "$(dirname "$_d")")")
		for _f in "$_d"*; do
			_id=$(submit "u-$(basename "$_f" | tr -c 'a-zA-Z0-9\n' -)" \
			    "$_prob" "$_f")
			_pts=$(head -n 3 "$_f" | sed -n 's/.* \([0-9][0-9]*\) points.*/\1/p' |
			    head -n 1)
			echo "$_id $_want ${_pts:--} $_prob/$_folder/$(basename "$_f")" \
			    >>"$T/expect"
		done
	done
	judge_once --workers 2
	_n=0
	while read -r _id _want _pts _what; do
		assert_verdict "$_id" "$_want" "$_what"
		if [ "$_pts" != - ]; then
			_s=$(score_of "$_id")
			awk -v s="$_s" -v p="$_pts" 'BEGIN { exit !(s == p) }' ||
			    fail "$_what: score $_s, expected $_pts"
		fi
		_n=$((_n + 1))
	done <"$T/expect"
	[ "$_n" -ge 20 ] || fail "only $_n example submissions"
	# Every submission judged exactly once, on every test (or SK).
	_bad=$(sql "SELECT s.id FROM submissions s WHERE s.status <> 'done' OR
	    (SELECT count(*) FROM judgings j WHERE j.submission_id = s.id) <> 1;")
	[ -z "$_bad" ] || fail "not judged exactly once: $_bad"
	_ac=$(sql "SELECT count(*) FROM submissions WHERE verdict = 'AC';")
	g_ok scoreboard
	assert_integrity
	note "$_n submissions, $_ac AC, verdicts as their folders"
}

for_runtimes run
pass
