#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
x86_64 Linux boot benchmark (make bench, issue 6): wall time from QEMU start
to the initramfs marker of Debian's cloud-amd64 kernel under the same OVMF
(TCG, q35, 4 CPUs, 512 MiB), alternating
  vmplat  BOOTX64.EFI on an ESP, the BLS ISO on virtio-blk, boot=linux-x64
  grub    grub-mkrescue ISO (CD) holding the same kernel, initrd and options
at least 5 runs each; prints the medians, the ratio vmplat/grub, and
vmplat's own firmware-entry-to-handoff time from its boot timeline.

  python3 bench/boot_x86_64.py [--runs N] [--image build/x86_64/vmplat.efi]
"""
import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu', 'linux'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import harness  # noqa: E402
import vmrunner  # noqa: E402

WORK = os.path.join(ROOT, 'build', 'bench-boot-x86_64')
HANDOFF = re.compile(r'^\s*handoff\s+(\d+\.\d+) s', re.M)


def grub_iso(want):
    """The same kernel, initrd and options behind GRUB (timeout 0)."""
    tree = os.path.join(WORK, 'grub-tree')
    shutil.rmtree(tree, ignore_errors=True)
    os.makedirs(os.path.join(tree, 'boot', 'grub'))
    shutil.copyfile(want['kernel'], os.path.join(tree, 'vmlinuz'))
    shutil.copyfile(want['initrd'], os.path.join(tree, 'initrd.img'))
    with open(os.path.join(tree, 'boot', 'grub', 'grub.cfg'), 'w') as f:
        f.write('set timeout=0\nset default=0\nmenuentry "linux" {\n'
                '  linux /vmlinuz %s\n  initrd /initrd.img\n}\n' % want['options'])
    iso = os.path.join(WORK, 'grub.iso')
    subprocess.run(['grub-mkrescue', '-o', iso, tree], check=True, capture_output=True)
    return iso


def ovmf(tag):
    vars_copy = os.path.join(WORK, 'vars-%s.fd' % tag)
    shutil.copyfile(vmrunner.OVMF_VARS, vars_copy)
    return ['qemu-system-x86_64', '-accel', 'tcg', '-machine', 'q35', '-smp', '4', '-m', '512',
            '-nographic', '-no-reboot', '-net', 'none', '-monitor', 'none', '-serial', 'stdio',
            '-drive', 'if=pflash,format=raw,readonly=on,file=' + vmrunner.OVMF_CODE,
            '-drive', 'if=pflash,format=raw,file=' + vars_copy]


def argv_vmplat(image, iso):
    esp = os.path.join(WORK, 'esp')
    shutil.rmtree(esp, ignore_errors=True)
    os.makedirs(os.path.join(esp, 'EFI', 'BOOT'))
    shutil.copyfile(image, os.path.join(esp, 'EFI', 'BOOT', 'BOOTX64.EFI'))
    return ovmf('vmplat') + [
        '-drive', 'format=raw,file=fat:rw:' + esp,
        '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
        '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on',
        '-fw_cfg', 'name=opt/vmplat/cmdline,string=boot=linux-x64']


def argv_grub(iso):
    return ovmf('grub') + ['-drive', 'file=%s,format=raw,media=cdrom,readonly=on' % iso]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--image', default=os.path.join(ROOT, vmrunner.IMAGES['x86_64']))
    args = ap.parse_args()
    try:
        harness.fetch()
    except RuntimeError as e:
        print('boot bench x86_64: FAILED: %s' % e)
        return 1
    os.makedirs(WORK, exist_ok=True)
    want = harness.make_set(WORK, random.Random(6), arches=('x86_64',))
    peers = {'vmplat': lambda: argv_vmplat(args.image, want['iso']),
             'grub': lambda: argv_grub(grub_iso_path)}
    grub_iso_path = grub_iso(want['x86_64'])
    times = {k: [] for k in peers}
    handoff = []
    for i in range(max(args.runs, 5)):
        for name in (('vmplat', 'grub') if i % 2 == 0 else ('grub', 'vmplat')):
            t, out = harness.time_to_marker(peers[name]())
            got = harness.parse(out)
            if t is None or got.get('sha256') != want['x86_64']['sha256']:
                print('boot bench x86_64: %s run %d reached no good marker (see %s)'
                      % (name, i + 1, os.path.join(WORK, name + '.log')))
                with open(os.path.join(WORK, name + '.log'), 'w') as f:
                    f.write(out)
                return 1
            times[name].append(t)
            m = HANDOFF.search(out) if name == 'vmplat' else None
            if m:
                handoff.append(float(m.group(1)))
    mv, mg = statistics.median(times['vmplat']), statistics.median(times['grub'])
    print('boot x86_64: QEMU start -> Linux marker, %d runs each (OVMF, TCG): vmplat %.2f s, '
          'GRUB %.2f s, vmplat/GRUB %.3f' % (len(times['vmplat']), mv, mg, mv / mg))
    print('boot x86_64: runs vmplat %s; GRUB %s' % (
        ' '.join('%.2f' % t for t in times['vmplat']),
        ' '.join('%.2f' % t for t in times['grub'])))
    if handoff:
        print('boot x86_64: vmplat firmware entry -> handoff (its timeline): median %.3f s'
              % statistics.median(handoff))
    return 0


if __name__ == '__main__':
    sys.exit(main())
