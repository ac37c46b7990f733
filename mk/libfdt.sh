#!/usr/bin/env bash
# Fetch Debian's arm64 libfdt-dev and install the static library and its three
# headers under build/libfdt-aarch64/ (DESIGN.md 5). Only libfdt.h, fdt.h and
# libfdt_env.h go on the firmware include path: /usr/include would pull glibc in.
# Usage: mk/libfdt.sh <outdir>
set -euo pipefail
out=$(realpath -m "${1:-build/libfdt-aarch64}")
[ -f "$out/lib/libfdt.a" ] && [ -f "$out/include/libfdt.h" ] && exit 0

work=$(mktemp -d "${TMPDIR:-/tmp}/libfdt-arm64.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
apt_opts=(-oAPT::Architecture=arm64 -oAPT::Architectures=arm64
	-oDir::State::Lists="$work/lists" -oDir::Cache="$work/cache"
	-oDebug::NoLocking=1 -oAPT::Sandbox::User=root -oAcquire::Retries=3 -qq)

retry() {
	local n
	for n in 1 2 3; do
		"$@" && return 0
		echo "  LIBFDT  attempt $n failed: $*" >&2
		sleep $((n * 2))
	done
	return 1
}

echo "  LIBFDT  fetching Debian arm64 libfdt-dev (first build only)"
cd "$work"
if ! retry apt-get "${apt_opts[@]}" update >/dev/null ||
	! retry apt-get "${apt_opts[@]}" download libfdt-dev:arm64 >/dev/null; then
	echo "error: could not download Debian's arm64 libfdt-dev with apt-get." >&2
	echo "       The aarch64 firmware needs it (no offline fallback: the" >&2
	echo "       device-tree-compiler source package is not available)." >&2
	echo "       Check network/apt sources, or place libfdt.a + libfdt.h fdt.h" >&2
	echo "       libfdt_env.h under $out/{lib,include}/ by hand." >&2
	exit 1
fi
deb=$(ls "$work"/libfdt-dev_*_arm64.deb | head -n1)
dpkg-deb -x "$deb" "$work/root"
lib=$(find "$work/root" -name libfdt.a | head -n1)
[ -n "$lib" ] || { echo "error: $deb holds no libfdt.a" >&2; exit 1; }
mkdir -p "$out/lib" "$out/include"
cp "$lib" "$out/lib/libfdt.a"
for h in libfdt.h fdt.h libfdt_env.h; do
	f=$(find "$work/root" -name "$h" | head -n1)
	[ -n "$f" ] || { echo "error: $deb holds no $h" >&2; exit 1; }
	cp "$f" "$out/include/$h"
done
echo "  LIBFDT  $out/lib/libfdt.a ($(basename "$deb"))"
