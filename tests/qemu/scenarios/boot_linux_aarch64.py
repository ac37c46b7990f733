# SPDX-License-Identifier: MIT
"""
arm64 Linux from an ISO (issue 6, booting.rst): Debian's own arm64 kernel
and a busybox initramfs (tests/qemu/linux/harness.py) on a virtio-blk ISO
with a BLS entry; vmplat at EL2 autoboots it (loader.conf timeout 0).

What must hold, from what the kernel itself reports:
  - /init ran: the marker, arch aarch64, /proc/cmdline equal to the entry's
    options (a random token in them), sha256 of /payload.bin equal to the
    random payload packed into the initramfs
  - the kernel was entered at EL2 ("CPU: All CPU(s) started at EL2") and
    brought all 4 CPUs up through PSCI CPU_ON, which only works because
    vmplat gave the secondaries back with CPU_OFF ("SMP: Total of 4
    processors activated", no "failed to come online")
  - vmplat's side: the Image placed 2 MiB aligned, the quiesce ran
    (secondaries off per AFFINITY_INFO, block devices stopped)
"""
import os
import random
import re
import shutil
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'linux'))
import harness  # noqa: E402
from vmrunner import Check  # noqa: E402

ARCH = 'aarch64'
SCENARIO = dict(
    name='boot_linux_aarch64',
    arch=ARCH,
    cmdline='',
    timeout=120,
    mem=512,
    description='Debian arm64 Linux + busybox initramfs from a BLS ISO at EL2: marker, '
                'cmdline, payload sha256, 4 CPUs via PSCI',
)

STATE = {}


def prepare(ctx):
    wd = os.path.abspath(ctx.workdir)
    try:
        harness.fetch()
    except Exception as e:  # the scenario fails with the reason, it does not skip
        STATE['error'] = str(e)
        return
    rng = random.Random(os.urandom(16))
    tree = os.path.join(wd, 'iso-tree')
    if os.path.isdir(tree):
        shutil.rmtree(tree)
    os.makedirs(os.path.join(tree, ARCH))
    harness.stage_kernels(tree)
    sha = harness.initramfs(ARCH, os.path.join(tree, ARCH, 'initrd.img'),
                            rng.randbytes(harness.PAYLOAD_BYTES))
    # loglevel=7 after the harness's loglevel: the kernel's pr_info SMP and EL lines
    # reach the console.
    opts = harness.default_options(ARCH, '%016x' % rng.getrandbits(64)) + ' loglevel=7'
    iso = os.path.join(wd, 'boot.iso')
    harness.make_iso(iso, tree, {ARCH: opts})
    with open(os.path.join(tree, harness.ARCHES[ARCH][3].lstrip('/')), 'rb') as f:
        hdr = f.read(64)
    STATE.update(sha256=sha, options=opts, image_size=int.from_bytes(hdr[16:24], 'little'),
                 text_offset=int.from_bytes(hdr[8:16], 'little'))
    ctx.extra_args += [
        '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
        '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on',
    ]


PLACED = re.compile(r'linux: Image at (0x[0-9a-f]+) \(text_offset (0x[0-9a-f]+|0), '
                    r'image_size (0x[0-9a-f]+)')
CPUS_OFF = re.compile(r'handoff: (\d+) secondary CPU\(s\) returned to PSCI')


def check(log, result):
    text = log.replace('\r', '')
    if 'error' in STATE:
        return [Check('kernels-available', False, STATE['error'])]
    got = harness.parse(text)
    checks = [
        Check('marker', got['seen'] and (harness.MARKER + ' done') in text,
              'no "%s ... done" from /init' % harness.MARKER),
        Check('arch', got.get('arch') == 'aarch64', 'uname -m says %r' % got.get('arch')),
        Check('cmdline', got.get('cmdline') == STATE['options'],
              'got %r, entry says %r' % (got.get('cmdline'), STATE['options'])),
        Check('payload-sha256', got.get('sha256') == STATE['sha256'],
              'got %r, packed %s' % (got.get('sha256'), STATE['sha256'])),
        Check('entered-at-el2', 'CPU: All CPU(s) started at EL2' in text,
              'the kernel did not report starting at EL2'),
        Check('smp-4-via-psci', 'SMP: Total of 4 processors activated' in text and
              'failed to come online' not in text,
              'the kernel could not CPU_ON all secondaries'),
    ]
    m = PLACED.search(text)
    ok = bool(m) and int(m.group(1), 16) % (2 << 20) == int(m.group(2), 16) and \
        int(m.group(3), 16) == STATE['image_size']
    checks.append(Check('image-placement', ok,
                        'no 2 MiB aligned base + text_offset with the header\'s image_size'
                        ' in the loader line: %s' % (m.group(0) if m else 'missing')))
    m = CPUS_OFF.search(text)
    checks.append(Check('secondaries-off', bool(m) and int(m.group(1)) == 3,
                        'vmplat did not return 3 secondaries to PSCI: %s' %
                        (m.group(0) if m else 'no line')))
    checks.append(Check('blk-stopped', re.search(r'handoff: [1-9]\d* block device\(s\) stopped',
                                                 text) is not None,
                        'no block device stopped before the handoff'))
    return checks
