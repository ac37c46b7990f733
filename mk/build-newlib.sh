#!/usr/bin/env bash
# Build newlib 3.3 from Debian's newlib-source for one firmware target and
# install it under build/newlib-<arch>/ (include/ and lib/libc.a, libm.a).
# Usage: mk/build-newlib.sh <x86_64|aarch64> <outdir>
set -euo pipefail
arch=$1
out=$(realpath -m "$2")
src_tar=$(ls /usr/src/newlib/newlib-*.tar.xz | head -n1)
[ -f "$out/lib/libc.a" ] && exit 0

case $arch in
x86_64)
	target=x86_64-elf
	cc=gcc ar=ar ranlib=ranlib
	# UEFI applications are PIC, run with interrupts that may not save the
	# red zone, and have no stack-protector guard yet (DESIGN.md 5).
	cflags="-O2 -g -fpic -mno-red-zone -fno-stack-protector -ffreestanding -ffunction-sections -fdata-sections"
	;;
aarch64)
	target=aarch64-none-elf
	cc=aarch64-linux-gnu-gcc ar=aarch64-linux-gnu-ar ranlib=aarch64-linux-gnu-ranlib
	cflags="-O2 -g -fpie -fno-stack-protector -ffreestanding -ffunction-sections -fdata-sections"
	;;
*) echo "build-newlib: unknown arch $arch" >&2; exit 1 ;;
esac

work=$(mktemp -d "${TMPDIR:-/tmp}/newlib-$arch.XXXXXX")
trap 'rm -rf "$work"' EXIT
tar -C "$work" -xf "$src_tar"
srcdir=$(find "$work" -maxdepth 2 -name configure -path '*newlib*' -printf '%h\n' | head -n1)
mkdir -p "$work/build"
cd "$work/build"
echo "  NEWLIB  $arch (first build only, about a minute)"
"$srcdir/configure" --target="$target" --prefix="$work/install" \
	--disable-newlib-supplied-syscalls --enable-newlib-nano-malloc \
	--disable-newlib-fvwrite-in-streamio --disable-multilib \
	--disable-nls --enable-newlib-io-long-long \
	CC_FOR_TARGET="$cc" AR_FOR_TARGET="$ar" RANLIB_FOR_TARGET="$ranlib" \
	CFLAGS_FOR_TARGET="$cflags" >configure.log 2>&1 ||
	{ tail -n 30 configure.log >&2; exit 1; }
make -j"$(nproc)" all-target-newlib >make.log 2>&1 || { tail -n 40 make.log >&2; exit 1; }
make install-target-newlib >install.log 2>&1 || { tail -n 20 install.log >&2; exit 1; }
mkdir -p "$out"
cp -r "$work/install/$target/include" "$out/include"
mkdir -p "$out/lib"
cp "$work/install/$target/lib/libc.a" "$work/install/$target/lib/libm.a" "$out/lib/"
