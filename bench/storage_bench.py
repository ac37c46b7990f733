#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
QEMU storage benchmark (make bench): an ISO holding a 64 MiB file of random
bytes on virtio-blk and on NVMe (aarch64 virt, TCG). The firmware's
`iso bench <path>` reads the file through iso/ and then the same bytes as
raw sequential sectors of the device; printed per device as MB/s and the
ratio iso/raw (1.0 = the reader adds nothing over raw sector reads).

  python3 bench/storage_bench.py [--arch aarch64|x86_64]
"""
import argparse
import os
import re
import subprocess
import sys
import types

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import vmrunner  # noqa: E402

FILE_BYTES = 64 * 1024 * 1024
LINE = re.compile(r'iso bench (\S+) (\S+): (\d+) bytes, iso (\d+) MB/s, raw (\d+) MB/s, '
                  r'iso/raw (\d+\.\d+)')


def make_iso(workdir):
    tree = os.path.join(workdir, 'tree')
    os.makedirs(tree, exist_ok=True)
    with open(os.path.join(tree, 'big.bin'), 'wb') as f:
        for _ in range(FILE_BYTES // (1 << 20)):
            f.write(os.urandom(1 << 20))
    iso = os.path.join(workdir, 'bench.iso')
    subprocess.run(['xorriso', '-as', 'mkisofs', '-R', '-J', '-o', iso, tree], check=True,
                   capture_output=True)
    os.unlink(os.path.join(tree, 'big.bin'))
    return iso


def shell(vm, command, timeout=120):
    s = vm.serial
    start = len(s.data)
    s.write(command + '\r', char_delay=0.001)
    end = s.wait_for(r'\nvmplat> ', min(timeout, vm.time_left()), start)
    return bytes(s.data[start:end or len(s.data)]).decode('utf-8', 'replace')


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument('--arch', default='aarch64', choices=sorted(vmrunner.QEMU))
    args = ap.parse_args()
    got = {}

    def prepare(ctx):
        iso = make_iso(os.path.abspath(ctx.workdir))
        ctx.extra_args += [
            '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
            '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on',
            '-device', 'nvme,serial=bench,id=nv',
            '-drive', 'file=%s,if=none,id=n1,format=raw,readonly=on' % iso,
            '-device', 'nvme-ns,drive=n1,bus=nv,nsid=1']

    def interact(vm):
        if vm.serial.wait_for(vmrunner.SHELL_PROMPT, vm.time_left()) is None:
            raise RuntimeError('no shell prompt')
        for dev in ('vblk0', 'nvme0n1'):
            shell(vm, 'iso ' + dev)
            got[dev] = shell(vm, 'iso bench /big.bin')
        vm.serial.write('poweroff\r', char_delay=0.001)

    def check(log, result):
        return [vmrunner.Check('bench', True)]

    mod = types.SimpleNamespace(
        __name__='storage_bench', prepare=prepare, interact=interact, check=check,
        SCENARIO=dict(name='bench_storage_' + args.arch, arch=args.arch, timeout=300,
                      description='storage benchmark'))
    os.chdir(ROOT)
    # The image under test, built (or found up to date) first.
    subprocess.run(['make', '--no-print-directory', 'ARCH=' + args.arch, 'firmware'],
                   check=True, stdout=subprocess.DEVNULL)
    res, _ = vmrunner.run_scenario(mod)
    if res.error or res.timed_out:
        print('storage bench: run failed: %s' % (res.error or 'timeout'))
        return 1
    rc = 0
    for dev in ('vblk0', 'nvme0n1'):
        m = LINE.search(got.get(dev, '').replace('\r', ''))
        if not m or int(m.group(3)) != FILE_BYTES:
            print('storage bench %s: no result (%r)' % (dev, got.get(dev, '')[-200:]))
            rc = 1
            continue
        print('storage %-8s %s: %d MiB through iso/ %s MB/s, raw sectors %s MB/s, '
              'ratio iso/raw %s' % (args.arch, dev, FILE_BYTES >> 20, m.group(4), m.group(5),
                                     m.group(6)))
    return rc


if __name__ == '__main__':
    sys.exit(main())
