# SPDX-License-Identifier: MIT
"""
Debian's x86_64 kernel booted by vmplat from an ISO (issue 6 acceptance).
The harness (tests/qemu/linux/harness.py) fetches linux-image-<ver>-cloud-amd64
and busybox-static with apt-get download (version from apt-cache), builds an
initramfs with a random payload and an ISO with BLS entries whose options
carry a random token; vmplat (OVMF, ISO on virtio-blk, `boot=linux-x64`)
loads the bzImage and hands off through the 64-bit boot protocol. Checks,
all on what the kernel's /init reported: the marker, /proc/cmdline equal to
the entry's options, the payload's sha256 equal to the host's, EFI visible
to the kernel (efi_info), the Boot Loader Interface variables vmplat set
through runtime SetVariable (read back through efivarfs), a clean power-off.
No kernel (offline): the scenario fails with the fetch error.
"""
import os
import random
import re
import sys

import vmrunner
from vmrunner import Check

sys.path.insert(0, os.path.join(vmrunner.ROOT, 'tests', 'qemu', 'linux'))
import harness  # noqa: E402

SCENARIO = dict(
    name='boot_linux_x86_64',
    arch='x86_64',
    cmdline='boot=linux-x64',
    timeout=120,
    description='Debian cloud-amd64 kernel from a BLS ISO to an initramfs marker',
)
STATE = {}


def prepare(ctx):
    harness.fetch()  # RuntimeError with the reason: a failed run, never a skip
    want = harness.make_set(os.path.abspath(ctx.workdir), random.Random(os.urandom(16)))
    STATE.clear()
    STATE.update(want)
    with open(want['x86_64']['kernel'], 'rb') as f:
        hdr = f.read(0x270)
    STATE['kernel_alignment'] = int.from_bytes(hdr[0x230:0x234], 'little')
    STATE['pref_address'] = int.from_bytes(hdr[0x258:0x260], 'little')
    ctx.extra_args += ['-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % want['iso'],
                       '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on']


def interact(vm):
    # The kernel's /init powers the machine off; wait for that or the timeout.
    vm.serial.wait_for(harness.MARKER + ' done', vm.time_left())
    return {}


def var_checks(got):
    v = got['vars']
    out = []
    nums = {}
    for name in ('LoaderTimeInitUSec', 'LoaderTimeExecUSec'):
        s = v.get(name, '')
        ok = s.isdigit()
        out.append(Check('var_' + name, ok, 'efivarfs shows %r' % (s or None)))
        nums[name] = int(s) if ok else None
    i, e = nums['LoaderTimeInitUSec'], nums['LoaderTimeExecUSec']
    out.append(Check('var_times_ordered', i is not None and e is not None and 0 < i < e,
                     'init %s us, exec %s us' % (i, e)))
    out.append(Check('var_LoaderInfo', v.get('LoaderInfo', '').startswith('vmplat'),
                     'LoaderInfo %r' % v.get('LoaderInfo')))
    return out


def check(log, res):
    want = STATE['x86_64']
    got = harness.parse(log)
    out = res.run_failures()
    out.append(Check('marker', got['seen'] and got.get('arch') == 'x86_64',
                     'no "%s arch=x86_64" line from the kernel\'s /init' % harness.MARKER))
    out.append(Check('cmdline', got.get('cmdline') == want['options'],
                     '/proc/cmdline %r, entry options %r' % (got.get('cmdline'),
                                                            want['options'])))
    out.append(Check('sha256', got.get('sha256') == want['sha256'],
                     'kernel %s, host %s' % (got.get('sha256'), want['sha256'])))
    out.append(Check('efi', (got.get('efi') or '').startswith('yes'),
                     'kernel sees no EFI (/sys/firmware/efi): efi=%r' % got.get('efi')))
    out += var_checks(got)
    m = re.search(r'linux: bzImage protocol \S+, kernel \d+ bytes at (0x[0-9a-f]+)', log)
    load = int(m.group(1), 16) if m else None
    out.append(Check('load_address', load is not None and
                     (load == STATE['pref_address'] or load % STATE['kernel_alignment'] == 0),
                     'kernel at %s, pref_address %#x, alignment %#x'
                     % (hex(load) if load is not None else None, STATE['pref_address'],
                        STATE['kernel_alignment'])))
    out.append(Check('timeline', 'boot timeline:' in log, 'no timeline before the handoff'))
    out.append(Check('poweroff', got['done'] and res.exit_code == 0,
                     'kernel did not power off cleanly (QEMU exit %s)' % res.exit_code))
    return out
