#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
aarch64 Linux boot benchmark (make bench, issue 6): wall time from QEMU start
to the initramfs marker of Debian's arm64 kernel on QEMU virt at EL2 (TCG,
GICv3, cortex-a72, 4 CPUs, 512 MiB), alternating
  vmplat  -kernel vmplat.bin, the BLS ISO on virtio-blk, boot=linux-aa64
  direct  QEMU's own -kernel Image -initrd -append with the same options
at least 5 runs each; prints the medians, the ratio vmplat/direct, and
vmplat's own firmware-entry-to-handoff time from its boot timeline.

  python3 bench/boot_aarch64.py [--runs N] [--image build/aarch64/vmplat.bin]
"""
import argparse
import os
import random
import re
import statistics
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu', 'linux'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import harness  # noqa: E402
import vmrunner  # noqa: E402

WORK = os.path.join(ROOT, 'build', 'bench-boot-aarch64')
HANDOFF = re.compile(r'^\s*handoff\s+(\d+\.\d+) s', re.M)


def machine():
    return ['qemu-system-aarch64', '-accel', 'tcg', '-machine',
            'virt,gic-version=3,virtualization=on', '-cpu', 'cortex-a72', '-smp', '4',
            '-m', '512', '-nographic', '-no-reboot', '-net', 'none', '-monitor', 'none',
            '-serial', 'stdio']


def argv_vmplat(image, iso):
    return machine() + ['-kernel', image, '-append', 'boot=linux-aa64',
                        '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
                        '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on']


def argv_direct(want):
    return machine() + ['-kernel', want['kernel'], '-initrd', want['initrd'],
                        '-append', want['options']]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('--image', default=os.path.join(ROOT, vmrunner.IMAGES['aarch64']))
    args = ap.parse_args()
    try:
        harness.fetch()
    except RuntimeError as e:
        print('boot bench aarch64: FAILED: %s' % e)
        return 1
    os.makedirs(WORK, exist_ok=True)
    want = harness.make_set(WORK, random.Random(6), arches=('aarch64',))
    peers = {'vmplat': argv_vmplat(args.image, want['iso']),
             'direct': argv_direct(want['aarch64'])}
    times = {k: [] for k in peers}
    handoff = []
    for i in range(max(args.runs, 5)):
        for name in (('vmplat', 'direct') if i % 2 == 0 else ('direct', 'vmplat')):
            t, out = harness.time_to_marker(peers[name])
            if t is None or harness.parse(out).get('sha256') != want['aarch64']['sha256']:
                log = os.path.join(WORK, name + '.log')
                with open(log, 'w') as f:
                    f.write(out)
                print('boot bench aarch64: %s run %d reached no good marker (see %s)'
                      % (name, i + 1, log))
                return 1
            times[name].append(t)
            m = HANDOFF.search(out) if name == 'vmplat' else None
            if m:
                handoff.append(float(m.group(1)))
    mv, md = statistics.median(times['vmplat']), statistics.median(times['direct'])
    print('boot aarch64: QEMU start -> Linux marker, %d runs each (virt EL2, TCG): vmplat '
          '%.2f s, direct -kernel %.2f s, vmplat/direct %.3f' % (len(times['vmplat']), mv, md,
                                                                  mv / md))
    print('boot aarch64: runs vmplat %s; direct %s' % (
        ' '.join('%.2f' % t for t in times['vmplat']),
        ' '.join('%.2f' % t for t in times['direct'])))
    if handoff:
        print('boot aarch64: vmplat firmware entry -> handoff (its timeline): median %.3f s'
              % statistics.median(handoff))
    return 0


if __name__ == '__main__':
    sys.exit(main())
