#!/usr/bin/env bash
# Fetch Debian's own kernels and busybox-static for both arches with apt-get
# download, cache them under build/linux-cache/, and build the boot ISO
# (BLS entries, initramfs per arch) that `make run` and the boot benchmarks use.
# The version is chosen from apt-cache at run time, never hard-coded:
#   x86_64:  apt-cache depends linux-image-cloud-amd64 -> linux-image-<ver>-cloud-amd64
#   aarch64: the same for linux-image-arm64, with an arm64 architecture override
#            and a private package-list folder (QEMU.md "Real payloads").
# Usage: scripts/fetch-kernels.sh [--no-iso]      (exit 1 with a reason when offline)
# Output: build/linux-cache/{x86_64,aarch64}/{vmlinuz,busybox,version}, build/linux-cache/boot.iso
set -euo pipefail
cd "$(dirname "$0")/.."
cache=$(realpath -m build/linux-cache)
mkdir -p "$cache/debs" "$cache/apt-arm64/lists/partial" "$cache/apt-arm64/cache/archives/partial"

arm_opts=(-oAPT::Architecture=arm64 -oAPT::Architectures=arm64
	-oDir::State::Lists="$cache/apt-arm64/lists" -oDir::Cache="$cache/apt-arm64/cache"
	-oDebug::NoLocking=1 -oAPT::Sandbox::User=root -oAcquire::Retries=3 -qq)
amd_opts=(-oDebug::NoLocking=1 -oAPT::Sandbox::User=root -oAcquire::Retries=3 -qq)

fail() {
	echo "error: fetch-kernels: $*" >&2
	exit 1
}

# The concrete image package a metapackage depends on (linux-image-<ver>-<flavour>).
resolve() { # <meta> <apt options...>
	local meta=$1
	shift
	apt-cache "$@" depends "$meta" 2>/dev/null |
		sed -nE 's/^ *Depends: (linux-image-[0-9][^ ]*)$/\1/p' | head -n1
}

# apt-get download into debs/ unless a .deb of that package is already there.
download() { # <pkg> <arch> <apt options...>
	local pkg=$1 arch=$2 n
	shift 2
	ls "$cache/debs/${pkg%%:*}"_*_"$arch".deb >/dev/null 2>&1 && return 0
	for n in 1 2 3; do
		(cd "$cache/debs" && apt-get "$@" download "$pkg" >/dev/null) && return 0
		sleep $((n * 2))
	done
	return 1
}

# Unpack vmlinuz (+ config) and busybox into <dir>; record the version.
unpack() { # <arch-dir> <kernel pkg> <deb arch>
	local dir=$cache/$1 kpkg=$2 arch=$3 root
	local kdeb bdeb
	kdeb=$(ls "$cache/debs/${kpkg}"_*_"$arch".deb | head -n1)
	bdeb=$(ls "$cache/debs/busybox-static"_*_"$arch".deb | head -n1)
	if [ -f "$dir/version" ] && [ "$(cat "$dir/version")" = "$(basename "$kdeb")" ]; then
		return 0
	fi
	root=$(mktemp -d "$cache/unpack.XXXXXX")
	dpkg-deb -x "$kdeb" "$root"
	dpkg-deb -x "$bdeb" "$root"
	mkdir -p "$dir"
	cp "$(ls "$root"/boot/vmlinuz-* | head -n1)" "$dir/vmlinuz"
	cp "$(ls "$root"/boot/config-* | head -n1)" "$dir/config" 2>/dev/null || true
	cp "$root/bin/busybox" "$dir/busybox"
	# efivarfs is a module in Debian's config: the initramfs loads it to read
	# the Boot Loader Interface variables the loader set.
	rm -f "$dir/efivarfs.ko"
	find "$root/lib/modules" -name 'efivarfs.ko*' -exec cp {} "$dir/" \; 2>/dev/null || true
	rm -rf "$root"
	basename "$kdeb" >"$dir/version"
	echo "  LINUX   $1: $(cat "$dir/version"), $(stat -c %s "$dir/vmlinuz") bytes"
}

# x86_64: the host's own package lists.
kx=$(resolve linux-image-cloud-amd64 "${amd_opts[@]}")
[ -n "$kx" ] || fail "apt-cache knows no linux-image-cloud-amd64 (run apt-get update?)"
download "$kx" amd64 "${amd_opts[@]}" && download busybox-static amd64 "${amd_opts[@]}" ||
	fail "apt-get download $kx busybox-static failed (no network or no apt source)"
unpack x86_64 "$kx" amd64

# aarch64: a private arm64 package list, refreshed once a day.
stamp=$cache/apt-arm64/updated
if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
	apt-get "${arm_opts[@]}" update >/dev/null 2>&1 ||
		fail "apt-get update for arm64 failed (no network or no apt source)"
	touch "$stamp"
fi
ka=$(resolve linux-image-arm64 "${arm_opts[@]}")
[ -n "$ka" ] || fail "the arm64 package lists know no linux-image-arm64"
download "$ka" arm64 "${arm_opts[@]}" && download busybox-static:arm64 arm64 "${arm_opts[@]}" ||
	fail "apt-get download $ka busybox-static:arm64 failed (no network?)"
unpack aarch64 "$ka" arm64

[ "${1:-}" = --no-iso ] && exit 0
iso=$cache/boot.iso
if [ -f "$iso" ] && [ -z "$(find "$cache"/x86_64/version "$cache"/aarch64/version \
	tests/qemu/linux/harness.py -newer "$iso" 2>/dev/null)" ]; then
	exit 0 # up to date
fi
python3 tests/qemu/linux/harness.py iso "$iso"
