#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# clang-format (Debian 12: clang-format 14) over every first-party .c/.h file.
#   bash scripts/format.sh          rewrite files in place
#   bash scripts/format.sh --check  report files that differ; exit 1 if any
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
DIRS=(core arch drivers iso boot hv snapshot libc-shim include tests bench)

command -v "$CLANG_FORMAT" >/dev/null || { echo "format: $CLANG_FORMAT not found (bash scripts/deps.sh)" >&2; exit 1; }

existing=()
for d in "${DIRS[@]}"; do
	[[ -d "$d" ]] && existing+=("$d")
done
files=()
if ((${#existing[@]})); then
	mapfile -t files < <(find "${existing[@]}" -path build -prune -o -path '*/build/*' -prune -o \
		-type f \( -name '*.c' -o -name '*.h' \) -print | LC_ALL=C sort)
fi

if [[ "${1:-}" == "--check" ]]; then
	bad=()
	for f in "${files[@]}"; do
		"$CLANG_FORMAT" --dry-run -Werror "$f" >/dev/null 2>&1 || bad+=("$f")
	done
	if ((${#bad[@]})); then
		echo "format: ${#bad[@]} of ${#files[@]} files need clang-format (run: make format):" >&2
		for f in "${bad[@]}"; do
			echo "  $f" >&2
			"$CLANG_FORMAT" "$f" | diff -u "$f" - | sed -n '3,12p' | sed 's/^/    /' >&2 || true
		done
		echo "format: FAILED: ${#bad[@]} files differ"
		exit 1
	fi
	echo "format: ${#files[@]} files clean"
	exit 0
fi

if ((${#files[@]})); then
	"$CLANG_FORMAT" -i "${files[@]}"
fi
echo "format: ${#files[@]} files formatted"
