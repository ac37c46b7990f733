# SPDX-License-Identifier: MIT
"""
arm64 Linux from an ISO (issue 6, booting.rst): Debian's own arm64 kernel
and a busybox initramfs (tests/qemu/linux/harness.py) on a virtio-blk ISO
with a BLS entry; vmplat at EL2 autoboots it (loader.conf timeout 0).

What must hold, from what the kernel itself reports:
  - /init ran: the marker, arch aarch64, /proc/cmdline equal to the entry's
    options (a random token in them), sha256 of /payload.bin equal to the
    random payload packed into the initramfs
  - the kernel was entered at vmplat's EL ("CPU: All CPU(s) started at EL2";
    EL1 for a variant with virtualization=off in SCENARIO['machine']) and
    brought all 4 CPUs up through PSCI CPU_ON, which only works because
    vmplat gave the secondaries back with CPU_OFF ("SMP: Total of 4
    processors activated", no "failed to come online")
  - vmplat's side: the Image placed 2 MiB aligned, the quiesce ran
    (secondaries off per AFFINITY_INFO, block devices stopped)
  - the default entry is the same Image gzip'd: vmplat inflates it
    (boot/inflate.c) to exactly the Image's size; the plain-Image entry is
    ready; an x86 bzImage labelled aa64 is refused as the wrong architecture
    in the menu (timeout 1 draws it) and never booted
"""
import os
import random
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'linux'))
import harness  # noqa: E402
import vmrunner  # noqa: E402
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
GZ_LEVEL = 1
DEFAULT_ENTRY = 'gz-aa64'


def prepare(ctx):
    wd = os.path.abspath(ctx.workdir)
    try:
        harness.fetch()
    except Exception as e:  # the scenario fails with the reason, it does not skip
        STATE['error'] = str(e)
        return
    rng = random.Random(os.urandom(16))
    tree = harness.fresh_tree(wd)
    harness.stage_kernels(tree)  # both: the x86 one is the mislabelled entry's
    sha = harness.initramfs(ARCH, os.path.join(tree, ARCH, 'initrd.img'),
                            rng.randbytes(harness.PAYLOAD_BYTES))
    # loglevel=7 after the harness's loglevel: the kernel's pr_info SMP and EL lines
    # reach the console.
    opts = harness.default_options(ARCH, '%016x' % rng.getrandbits(64)) + ' loglevel=7'
    # Two more entries for the menu: Debian's Image gzip'd (the loader inflates it:
    # older Debian and other distributions ship it so), and an x86 bzImage
    # mislabelled aa64, which must be refused as the wrong architecture.
    image = os.path.join(tree, harness.ARCHES[ARCH][3].lstrip('/'))
    harness.gzip_file(image, image + '.gz', GZ_LEVEL)
    for eid, kernel in (('gz-aa64', harness.ARCHES[ARCH][3] + '.gz'),
                        ('bad-x86-as-aa64', harness.ARCHES['x86_64'][3])):
        harness.write_entry(tree, eid, ARCH, opts, title=eid, kernel=kernel)
    iso = os.path.join(wd, 'boot.iso')
    # timeout 1: the menu (with each entry's status) is drawn before the autoboot.
    harness.make_iso(iso, tree, {ARCH: opts}, timeout=1, default=DEFAULT_ENTRY)
    with open(os.path.join(tree, harness.ARCHES[ARCH][3].lstrip('/')), 'rb') as f:
        hdr = f.read(64)
    STATE.update(sha256=sha, options=opts, image_bytes=os.path.getsize(image),
                 gz_bytes=os.path.getsize(image + '.gz'), image_size=int.from_bytes(hdr[16:24], 'little'),
                 text_offset=int.from_bytes(hdr[8:16], 'little'))
    ctx.extra_args += [
        '-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
        '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on',
    ]


PLACED = re.compile(r'linux: Image at (0x[0-9a-f]+) \(text_offset (0x[0-9a-f]+|0), '
                    r'image_size (0x[0-9a-f]+)')
GUNZIP = re.compile(r"linux: /aarch64/Image\.gz gunzip'd: (\d+) -> (\d+) bytes")
READY = re.compile(r'^\W*\d+\. Debian Linux \(aarch64\) +\[ready\]', re.M)
WRONG_ARCH = re.compile(r'^\W*\d+\. bad-x86-as-aa64 +\[bad image\] .*wrong architecture', re.M)
CPUS_OFF = re.compile(r'handoff: (\d+) secondary CPU\(s\) returned to PSCI')


def check(log, result):
    text = log.replace('\r', '')
    if 'error' in STATE:
        return [Check('kernels-available', False, STATE['error'])]
    got = harness.parse(text)
    # vmplat enters Linux at its own EL: EL2 with virtualization=on, else EL1.
    machine = SCENARIO.get('machine') or vmrunner.MACHINE_DEFAULT[ARCH]
    want_el = 2 if 'virtualization=on' in machine else 1
    checks = [
        Check('marker', got['seen'] and (harness.MARKER + ' done') in text,
              'no "%s ... done" from /init' % harness.MARKER),
        Check('arch', got.get('arch') == 'aarch64', 'uname -m says %r' % got.get('arch')),
        Check('cmdline', got.get('cmdline') == STATE['options'],
              'got %r, entry says %r' % (got.get('cmdline'), STATE['options'])),
        Check('payload-sha256', got.get('sha256') == STATE['sha256'],
              'got %r, packed %s' % (got.get('sha256'), STATE['sha256'])),
        Check('entered-at-el%d' % want_el, 'CPU: All CPU(s) started at EL%d' % want_el in text,
              'the kernel did not report starting at EL%d (vmplat\'s EL)' % want_el),
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
    # The default entry is the gzip'd Image: inflated by vmplat to the exact Image.
    m = GUNZIP.search(text)
    checks.append(Check('gzip-image-inflated', bool(m) and
                        (int(m.group(1)), int(m.group(2))) ==
                        (STATE['gz_bytes'], STATE['image_bytes']),
                        'want "%d -> %d bytes": %s' % (STATE['gz_bytes'], STATE['image_bytes'],
                                                       m.group(0) if m else 'no gunzip line')))
    checks.append(Check('plain-image-ready', READY.search(text) is not None,
                        'the plain Image entry is not [ready] in the menu'))
    checks.append(Check('x86-image-refused', WRONG_ARCH.search(text) is not None,
                        'the bzImage entry is not [bad image] ... wrong architecture'))
    return checks
