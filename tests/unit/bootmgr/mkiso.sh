#!/bin/bash
# The boot-manager test volume (tests/unit/bootmgr): BLS entries covering
# every status, loader.conf, kernels in the fake loader's format ("VMPLATK"
# magic, then the pattern byte i = (i * 31 + (i >> 12)) & 0xff), a 3 MiB
# kernel for the progress bar and a 5 MiB initrd larger than the test's
# 4 MiB page pool. Usage: mkiso.sh <out.iso>
set -euo pipefail
out=$1
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/loader/entries" "$tree/k/dir"

python3 - "$tree/k" <<'PY'
import sys
d = sys.argv[1]
def pattern(n):
    b = bytearray((i * 31 + (i >> 12)) & 0xff for i in range(n))
    b[0:8] = b"VMPLATK1"
    return bytes(b)
open(d + "/good", "wb").write(pattern(20000))
open(d + "/big", "wb").write(pattern(3 << 20))
open(d + "/junk", "wb").write(b"MZ not a kernel" + bytes(100))
open(d + "/initrd", "wb").write(b"I0" * 3000)
open(d + "/i1", "wb").write(b"first-initrd\n" * 500)
open(d + "/i2", "wb").write(b"second-initrd\n" * 300)
open(d + "/huge", "wb").write(bytes(5 << 20))
PY

e=$tree/loader/entries
printf 'default good*\ntimeout 5\n' >"$tree/loader/loader.conf"
printf 'title Good\nsort-key a\nlinux /k/good\ninitrd /k/initrd\noptions console=ttyS0\noptions quiet\narchitecture x64\n' >"$e/good.conf"
printf 'title Big\nsort-key b\nlinux /k/big\n' >"$e/big.conf"
printf 'title Arm\nsort-key c\nlinux /k/good\narchitecture aa64\n' >"$e/arm.conf"
printf 'title No kernel\nsort-key d\nlinux /k/missing\n' >"$e/nokernel.conf"
printf 'title No initrd\nsort-key e\nlinux /k/good\ninitrd /k/nothere\n' >"$e/noinitrd.conf"
printf 'title Bad image\nsort-key f\nlinux /k/junk\n' >"$e/badimg.conf"
printf 'title Huge initrd\nsort-key g\nlinux /k/good\ninitrd /k/huge\n' >"$e/hugeinitrd.conf"
printf 'title ELF not\nsort-key h\nelf /k/good\n' >"$e/elfbad.conf"
printf 'title Two initrds\nsort-key i\nlinux /k/good\ninitrd /k/i1\ninitrd /k/i2\noptions two\n' >"$e/two.conf"
printf 'title Dir kernel\nsort-key j\nlinux /k/dir\n' >"$e/dirkernel.conf"
printf 'sort-key k\ntitle\n' >"$e/malformed.conf"
printf 'not an entry\n' >"$e/readme.txt"
# for core/shell_source.c (source / runfile=)
mkdir -p "$tree/cmds"
printf '# comment\r\n\r\n  one a b\nfail x\nsource /cmds/inner.txt\nlast' >"$tree/cmds/run.txt"
printf 'inner 1\nsource /cmds/inner.txt\n' >"$tree/cmds/inner.txt"
head -c 70000 /dev/zero | tr '\0' 'x' >"$tree/cmds/big.txt"

mkdir -p "$(dirname "$out")"
xorriso -report_about SORRY -as mkisofs -R -J -V BOOTMGR -o "$out.tmp" "$tree"
mv "$out.tmp" "$out"
