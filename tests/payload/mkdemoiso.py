#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
The demo ISO: BLS type #1 entries for the vmplat demo payloads, made with
xorriso (Rock Ridge + Joliet).

  mkdemoiso.py OUT.iso DEMO_X64.elf DEMO_AA64.elf [--timeout N] [--broken]

/loader/entries holds demo-x64 and demo-aa64 (`elf` key, each with its
`architecture`: the other arch's entry is hidden on each machine). With
--broken it also holds the bad cases the menu must mark and refuse:
missing (kernel not on the volume), broken (an `options` line without a
value), badimage (`elf` naming a file that is not ELF).
"""
import argparse
import os
import shutil
import subprocess
import tempfile

OPTIONS = 'demo=1 console=serial'


def entries(broken):
    e = {
        'demo-x64': 'title vmplat demo payload (x86_64)\nversion 1.0\n'
                    'elf /demo/demo-x64.elf\noptions %s\narchitecture x64\n' % OPTIONS,
        'demo-aa64': 'title vmplat demo payload (aarch64)\nversion 1.0\n'
                     'elf /demo/demo-aa64.elf\noptions %s\narchitecture aa64\n' % OPTIONS,
    }
    if broken:
        e['missing'] = 'title Missing kernel\nlinux /boot/vmlinuz-nope\noptions quiet\n'
        e['broken'] = '# an options line with no value\ntitle Broken entry\n' \
                      'linux /demo/demo-x64.elf\noptions\n'
        e['badimage'] = 'title Not an ELF file\nelf /demo/garbage.bin\n'
    return e


def make(out, x64, aa64, timeout, broken):
    tree = tempfile.mkdtemp(prefix='demoiso-')
    try:
        os.makedirs(os.path.join(tree, 'loader', 'entries'))
        os.makedirs(os.path.join(tree, 'demo'))
        shutil.copyfile(x64, os.path.join(tree, 'demo', 'demo-x64.elf'))
        shutil.copyfile(aa64, os.path.join(tree, 'demo', 'demo-aa64.elf'))
        with open(os.path.join(tree, 'demo', 'garbage.bin'), 'wb') as f:
            f.write(b'this is not an ELF file\n' * 64)
        with open(os.path.join(tree, 'loader', 'loader.conf'), 'w') as f:
            f.write('# vmplat demo\ndefault demo-*\ntimeout %d\n' % timeout)
        for name, text in entries(broken).items():
            with open(os.path.join(tree, 'loader', 'entries', name + '.conf'), 'w') as f:
                f.write(text)
        os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
        subprocess.run(['xorriso', '-as', 'mkisofs', '-quiet', '-R', '-J', '-V', 'VMPLAT_DEMO',
                        '-o', out, tree], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(tree)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('x64')
    ap.add_argument('aa64')
    ap.add_argument('--timeout', type=int, default=5)
    ap.add_argument('--broken', action='store_true')
    a = ap.parse_args()
    make(a.out, a.x64, a.aa64, a.timeout, a.broken)


if __name__ == '__main__':
    main()
