#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# Install the Debian 12 packages vmplat needs to build, test and run.
# Idempotent and silent when everything is already there; installs only
# what is missing (apt-get update first, once). As root it uses apt-get
# directly, otherwise sudo; without either it lists what is missing and fails.
#
#   bash scripts/deps.sh          install what is missing
#   bash scripts/deps.sh --check  only report; exit 1 when something is missing
set -euo pipefail

PKGS=(
	build-essential        # host gcc, make, binutils
	gcc-aarch64-linux-gnu  # cross compiler for the arm64 image
	gnu-efi                # crt0, linker script and relocator for the UEFI app
	newlib-source          # C library sources, built per arch under build/
	libfdt-dev             # libfdt headers (host tests; arm64 libfdt.a is fetched by mk/)
	device-tree-compiler   # dtc: inspect and build DTBs for tests
	libcmocka-dev          # host unit tests
	qemu-system-x86        # x86_64 scenarios
	qemu-system-arm        # aarch64 scenarios
	qemu-utils             # qemu-img for disk images
	ovmf                   # UEFI firmware for x86_64 (OVMF_CODE_4M.fd)
	qemu-efi-aarch64       # UEFI firmware for arm64 (AAVMF)
	xorriso                # ISO9660 images for boot tests
	mtools                 # FAT images (ESP) without mounting
	libiso9660-dev         # libcdio ISO9660 reader: test oracle
	clang                  # sanitizer and libFuzzer builds
	libclang-rt-14-dev     # clang runtime libraries (ASan, UBSan, libFuzzer)
	u-boot-qemu            # U-Boot for QEMU virt: the booti dev-board path
	python3                # QEMU scenario runner
	clang-format           # make format / format-check
	grub-efi-amd64-bin     # GRUB EFI modules: boot benchmark peer
	grub-common            # grub-mkstandalone and friends
	console-setup-linux    # PSF console fonts: the framebuffer console's glyphs (mk/font.py)
	genisoimage            # second ISO9660 mastering tool for the reader's tests
)

check_only=0
[[ "${1:-}" == "--check" ]] && check_only=1

missing=()
for p in "${PKGS[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[[ "$status" == "installed" ]] || missing+=("$p")
done

((${#missing[@]} == 0)) && exit 0

echo "deps: missing packages: ${missing[*]}" >&2
((check_only)) && exit 1

if [[ $(id -u) -eq 0 ]]; then
	SUDO=()
elif command -v sudo >/dev/null 2>&1; then
	echo "deps: not root, using sudo" >&2
	SUDO=(sudo)
else
	echo "deps: error: not root and sudo is not available." >&2
	echo "deps: as root run: apt-get update && apt-get install -y ${missing[*]}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt_opts=(-y -q -o Dpkg::Use-Pty=0 --no-install-recommends)
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null
if ! "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" \
	"${missing[@]}" >/tmp/vmplat-deps.$$.log 2>&1; then
	cat /tmp/vmplat-deps.$$.log >&2
	rm -f /tmp/vmplat-deps.$$.log
	echo "deps: error: apt-get install failed" >&2
	exit 1
fi
rm -f /tmp/vmplat-deps.$$.log

# Verify: a package apt silently skipped must not go unnoticed.
still=()
for p in "${missing[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
	[[ "$status" == "installed" ]] || still+=("$p")
done
if ((${#still[@]})); then
	echo "deps: error: still missing after install: ${still[*]}" >&2
	exit 1
fi
echo "deps: installed ${missing[*]}" >&2
