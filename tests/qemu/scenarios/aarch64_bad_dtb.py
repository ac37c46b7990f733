# SPDX-License-Identifier: MIT
"""
A DTB that fails fdt_check_full(): QEMU's own tree for this machine, dumped with
-machine dumpdtb=, with one property name offset pointing past the strings block.
QEMU still accepts it for -dtb (it only edits /chosen and /memory by name), so the
firmware is the one to notice. Expect a clear error naming the dtb/fdt, then a
clean power-off with a nonzero "vmplat: exit status" line, well before the timeout.
"""
import os
import re

import fdt
import vmrunner
from vmrunner import Check

MACHINE = 'virt,gic-version=3,virtualization=on'
SCENARIO = dict(
    name='aarch64_bad_dtb',
    arch='aarch64',
    machine=MACHINE,
    cpu='cortex-a72',
    cmdline='selftest expect_cpus=4 expect_mem=512',
    timeout=60,
    description='corrupt -dtb (fails fdt_check_full): clear error, clean power-off',
)


def prepare(ctx):
    good = os.path.join(ctx.workdir, 'virt.dtb')
    ctx.run([vmrunner.QEMU['aarch64'], '-machine', MACHINE + ',dumpdtb=' + good,
             '-cpu', 'cortex-a72', '-smp', '4', '-m', '512', '-nographic', '-net', 'none'])
    with open(good, 'rb') as f:
        blob = f.read()
    ctx.dtb = os.path.join(ctx.workdir, 'bad.dtb')
    with open(ctx.dtb, 'wb') as f:
        f.write(fdt.corrupt_nameoff(blob, '/pl031'))


ERROR_RE = re.compile(r'(dtb|fdt)', re.IGNORECASE)


def check(log, result):
    lines = [l for l in log.splitlines() if ERROR_RE.search(l)
             and re.search(r'err|invalid|bad|corrupt|fail|reject|cannot|unable', l, re.IGNORECASE)]
    out = [Check('dtb_error_reported', bool(lines),
                 'no error line mentioning dtb/fdt in %s' % result.scenario['log'])]
    if result.status is None:
        out.append(Check('clean_poweroff', False, 'no "vmplat: exit status" line'))
    elif result.status == 0:
        out.append(Check('clean_poweroff', False, 'exit status 0 for a corrupt DTB'))
    else:
        out.append(Check('clean_poweroff', True))
    return out
