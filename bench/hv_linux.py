#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""
EL2 hypervisor benchmark (make bench, issue 8): Debian's arm64 kernel with
the busybox initramfs of tests/qemu/linux/harness.py, 2 CPUs, 256 MiB, the
same Image, initrd and options, alternating in the same run (TCG,
cortex-a72, GICv3):
  guest   vmplat at EL2 (virt,virtualization=on, 4 CPUs), `vm start linux-aa64`
          from the BLS ISO: time from "vm: ... running" to the guest's marker
  direct  QEMU's own -kernel Image at EL1 (virtualization off, 2 CPUs):
          time from QEMU start to the marker
Prints the medians and the ratio guest/direct (the virtualisation overhead;
QEMU's start-up, a few tens of ms, counts against direct), the load time
of the entry (ISO read, inflate, DTB), and from `vm stats` the exits per
second of guest run time (running -> PSCI SYSTEM_OFF) by class.

  python3 bench/hv_linux.py [--runs N] [--image build/aarch64/vmplat.bin]
"""
import argparse
import os
import random
import re
import select
import statistics
import subprocess
import sys
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu', 'linux'))
sys.path.insert(0, os.path.join(ROOT, 'tests', 'qemu'))
import harness  # noqa: E402
import vmrunner  # noqa: E402

WORK = os.path.join(ROOT, 'build', 'bench-hv-linux')
ENTRY = 'linux-aa64'
TIMEOUT = 180
EXITS = re.compile(r'exits: (.*)$', re.M)


def qemu(machine, smp, mem):
    return ['qemu-system-aarch64', '-accel', 'tcg', '-machine', machine, '-cpu', 'cortex-a72',
            '-smp', str(smp), '-m', str(mem), '-nographic', '-no-reboot', '-net', 'none',
            '-monitor', 'none', '-serial', 'stdio']


class Console:
    """QEMU with the serial on a pipe: wait for text, type lines."""

    def __init__(self, argv):
        self.t0 = time.monotonic()
        self.p = subprocess.Popen(argv, cwd=ROOT, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.out = bytearray()

    def wait(self, text, start=0, timeout=TIMEOUT):
        """Time (monotonic) when text appeared after offset start, or None."""
        deadline = time.monotonic() + timeout
        needle = text.encode()
        while time.monotonic() < deadline:
            if self.out.find(needle, start) >= 0:
                return time.monotonic()
            r, _, _ = select.select([self.p.stdout], [], [], 0.05)
            if r:
                chunk = os.read(self.p.stdout.fileno(), 65536)
                if not chunk:
                    return None
                self.out += chunk
        return None

    def type(self, line):
        for c in (line + '\r').encode():
            self.p.stdin.write(bytes([c]))
            self.p.stdin.flush()
            time.sleep(0.002)

    def close(self):
        self.p.kill()
        self.p.wait()
        return self.out.decode('utf-8', 'replace').replace('\r', '')


def run_guest(image, iso, sha):
    """(load s, boot s to the marker, run s to SYSTEM_OFF, exits dict) or a str error."""
    c = Console(qemu('virt,gic-version=3,virtualization=on', 4, 1024) +
                ['-kernel', image, '-append', 'noboot',
                 '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
                 '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on'])
    try:
        if c.wait(vmrunner.SHELL_PROMPT) is None:
            return 'no vmplat shell'
        start = len(c.out)
        t_cmd = time.monotonic()
        c.type('vm start %s' % ENTRY)
        t_run = c.wait('vm: %s running' % ENTRY, start)
        t_mark = t_run and c.wait(harness.MARKER + ' arch=', start)
        t_off = t_mark and c.wait('PSCI SYSTEM_OFF', start)
        if not t_off:
            return 'the guest did not run to its marker and SYSTEM_OFF'
        c.wait(vmrunner.SHELL_PROMPT, len(c.out) - 1, 10)
        at = len(c.out)
        c.type('vm stats')
        c.wait('uart_bytes=', at, 20)
        text = c.out.decode('utf-8', 'replace')
    finally:
        log = c.close()
    if harness.parse(log).get('sha256') != sha:
        return 'the guest printed a wrong payload sha256'
    m = EXITS.search(text[start:].replace('\r', ''))
    if not m:
        return 'no exits line in vm stats'
    exits = {k: int(v) for k, v in (kv.split('=') for kv in m.group(1).split())}
    return t_run - t_cmd, t_mark - t_run, t_off - t_run, exits


def run_direct(want):
    t, out = harness.time_to_marker(
        qemu('virt,gic-version=3', 2, 256) +
        ['-kernel', want['kernel'], '-initrd', want['initrd'], '-append', want['options']],
        timeout=TIMEOUT)
    if t is None or harness.parse(out).get('sha256') != want['sha256']:
        return 'direct -kernel boot reached no good marker'
    return t


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--runs', type=int, default=3)
    ap.add_argument('--image', default=os.path.join(ROOT, vmrunner.IMAGES['aarch64']))
    args = ap.parse_args()
    try:
        harness.fetch()
    except RuntimeError as e:
        print('hv bench: FAILED: %s' % e)
        return 1
    os.makedirs(WORK, exist_ok=True)
    want = harness.make_set(WORK, random.Random(8), arches=('aarch64',))
    a = want['aarch64']
    guest, direct, loads, runs, exits = [], [], [], [], {}
    for i in range(max(args.runs, 1)):
        for name in (('guest', 'direct') if i % 2 == 0 else ('direct', 'guest')):
            r = run_guest(args.image, want['iso'], a['sha256']) if name == 'guest' else \
                run_direct(a)
            if isinstance(r, str):
                print('hv bench: %s run %d: FAILED: %s' % (name, i + 1, r))
                return 1
            if name == 'direct':
                direct.append(r)
                continue
            loads.append(r[0])
            guest.append(r[1])
            runs.append(r[2])
            for k, v in r[3].items():
                exits[k] = exits.get(k, 0) + v
    mg, md = statistics.median(guest), statistics.median(direct)
    print('hv linux: boot to the initramfs marker, %d runs each (TCG, 2 CPUs, 256 MiB): '
          'EL2 guest %.2f s, direct -kernel at EL1 %.2f s, overhead guest/direct %.2f'
          % (len(guest), mg, md, mg / md))
    print('hv linux: runs guest %s; direct %s; vm start load (ISO read, gunzip, DTB) median '
          '%.2f s' % (' '.join('%.2f' % t for t in guest),
                      ' '.join('%.2f' % t for t in direct), statistics.median(loads)))
    total = sum(runs)
    print('hv linux: exits per second of guest run (%.1f s over %d runs): %s' % (
        total, len(runs), ' '.join('%s=%.0f' % (k, v / total) for k, v in exits.items())))
    return 0


if __name__ == '__main__':
    sys.exit(main())
