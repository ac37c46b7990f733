# SPDX-License-Identifier: MIT
"""
`boot=<id>` on the vmplat command line (aarch64, QEMU virt at EL2): the ISO
has the demo payload as the default entry (loader.conf timeout 30) and
`big`, the payload with a 3 MiB initrd of random bytes. boot=big must boot
big at once: no countdown, no menu before the handoff; its initrd (over
BOOT_PROGRESS_BYTES) loads with the progress bar, whose byte counts and
percentages the runner checks against the file it wrote; the payload
prints the command line it received (big's options) and powers off.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boot_opts_x86_64 as common  # noqa: E402

from vmrunner import Check  # noqa: E402

SCENARIO = dict(
    name='boot_opts_direct_aarch64',
    arch='aarch64',
    cmdline='boot=big',
    timeout=60,
    description='boot=<id> boots that entry directly; progress bar for a 3 MiB initrd',
)

BIG = 3 << 20
OPTIONS = 'direct=big initrd-bytes=%d' % BIG


def prepare(ctx):
    entries = {
        'demo-aa64': common.demo_entry('demo aa64', 'aarch64', 'a', 'demo=1'),
        'big': common.demo_entry('Big initrd', 'aarch64', 'b', OPTIONS,
                                 'initrd /demo/big.img\n'),
    }
    common.make_iso(ctx, entries, 'default demo-aa64\ntimeout 30\n',
                    files={'/demo/big.img': os.urandom(BIG)})


def check(log, result):
    bars = re.findall(r'/demo/big\.img \[([#.]{32})\] (\d+)/(\d+) bytes\s+(\d+)%', log)
    want = [(n << 20, n * 100 // 3) for n in (1, 2, 3)]
    got = [(int(done), int(pct)) for _, done, total, pct in bars if int(total) == BIG]
    fills = [bar.count('#') for bar, *_ in bars]
    hello = log.find('vmplat demo payload: hello')
    menu = log.find('vmplat boot menu')
    chose = re.search(r'boot: (\S+) \(([^)]*)\) from \S+ with the (\S+) loader', log)
    return [
        Check('boot_direct', chose is not None and chose.group(1) == 'big' and
              chose.group(3) == 'elf', 'boot line %r' % (chose.group(0) if chose else None)),
        Check('no_countdown', 'any key stops' not in log, 'a countdown ran'),
        Check('no_menu_first', hello > 0 and (menu < 0 or menu > hello),
              'menu at %d, payload hello at %d' % (menu, hello)),
        Check('progress_bytes_percent', got == want, 'progress %r, want %r' % (got, want)),
        Check('progress_bar_fill', fills == [p * 32 // 100 for _, p in want],
              'bar fill %r' % fills),
        Check('payload_cmdline', common.payload_cmdline(log) == OPTIONS,
              'payload got %r' % common.payload_cmdline(log)),
        Check('payload_exit', result.exit_code == 0 and result.status is None,
              'QEMU exit %s, vmplat status %s' % (result.exit_code, result.status)),
    ]
