#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# The whole test suite, as `make test` and CI run it:
#   1. host unit tests       make -f mk/host.mk check   (gcc, then ASan/UBSan)
#   2. firmware build        make ARCH=<arch> firmware, one result per arch
#   3. QEMU scenarios        python3 tests/qemu/run.py --all
#   4. format check          make format-check          (one result)
# Results are TAP-like lines ("ok ..." / "not ok ..."); a part that errors
# without saying which test failed counts as one failure, never as skipped.
# Everything goes to build/test-logs/test.log too. The last line of output
# is "N passed, N failed"; the exit status is 1 when anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

LOG_DIR=build/test-logs
mkdir -p "$LOG_DIR"

PASSED=0
FAILED=0

# run_part NAME TIMEOUT MODE CMD...: run CMD, show its output, count its results.
# MODE tap: count its "ok"/"not ok" lines; an error or timeout without a
# "not ok" line, or a run with no result at all, adds one failure.
# MODE single: the part is one test, judged by its exit status.
run_part() {
	local name=$1 limit=$2 single=$3
	shift 3
	local out="$LOG_DIR/part-$name.log" rc p f t0=$SECONDS
	echo "# ---- $name: $*"
	timeout --kill-after=10 "$limit" "$@" >"$out" 2>&1 </dev/null
	rc=$?
	cat "$out"
	p=$(grep -cE '^[[:space:]]*ok([[:space:]]|$)' "$out")
	f=$(grep -cE '^[[:space:]]*not ok([[:space:]]|$)' "$out")
	if [[ "$single" == single ]]; then
		# The part is one test: judged by its exit status alone.
		if ((rc == 0)); then p=1 f=0; echo "ok - $name"; else p=0 f=1; echo "not ok - $name: exit status $rc"; fi
	elif ((rc == 124 || rc == 137)); then
		echo "not ok - $name: timed out after ${limit}s"
		f=$((f + 1))
	elif ((rc != 0 && f == 0)); then
		echo "not ok - $name: failed (exit status $rc) without reporting a failed test"
		f=$((f + 1))
	elif ((rc == 0 && p + f == 0)); then
		echo "not ok - $name: ran no tests"
		f=1
	fi
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	echo "# ---- $name: $p passed, $f failed, $((SECONDS - t0)) s"
}

main() {
	echo "# vmplat test suite, $(date -u '+%Y-%m-%d %H:%M:%S UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
	run_part unit 900 tap make --no-print-directory -f mk/host.mk check
	for arch in x86_64 aarch64; do
		# A failed build must not leave an older image for the QEMU scenarios to pass on.
		rm -f "build/$arch/vmplat.efi" "build/$arch/vmplat.bin"
		run_part "build-$arch" 1200 single make --no-print-directory ARCH="$arch" firmware
	done
	run_part qemu 1200 tap python3 tests/qemu/run.py --all
	run_part format-check 300 single make --no-print-directory format-check
	echo "$PASSED passed, $FAILED failed"
	((FAILED == 0))
}

main 2>&1 | tee "$LOG_DIR/test.log"
exit "${PIPESTATUS[0]}"
