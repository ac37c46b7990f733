# SPDX-License-Identifier: MIT
"""
loader.conf `timeout 0` (aarch64, QEMU virt at EL2): the default entry
(glob `demo-*` over three entries; the first in BLS order that matches and
is ready is demo-b, since demo-a has a missing kernel) boots without a
countdown and without drawing the menu; the runner sends no key. Checked:
the payload's own UART output (its command line is demo-b's options), the
timeline (entry chosen within 100 ms of devices ready), its power-off.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import boot_opts_x86_64 as common  # noqa: E402

from vmrunner import Check  # noqa: E402

SCENARIO = dict(
    name='boot_opts_timeout0_aarch64',
    arch='aarch64',
    cmdline='',
    timeout=60,
    description='loader.conf timeout 0 boots the default entry without waiting',
)


def prepare(ctx):
    entries = {
        'demo-a': 'title demo a (missing)\nsort-key a\nelf /demo/nope.elf\narchitecture aa64\n',
        'demo-b': common.demo_entry('demo b', 'aarch64', 'b', 'picked=demo-b'),
        'demo-c': common.demo_entry('demo c', 'aarch64', 'c', 'picked=demo-c'),
        'other': common.demo_entry('other', 'aarch64', '0', 'picked=other'),
    }
    common.make_iso(ctx, entries, 'default demo-*\ntimeout 0\n')


def _secs(log, stage):
    m = re.search(r'^\s+%s\s+(\d+\.\d+) s' % stage, log, re.M)
    return float(m.group(1)) if m else None


def check(log, result):
    hello = log.find('vmplat demo payload: hello')
    ready, chosen = _secs(log, 'devices ready'), _secs(log, 'entry chosen')
    return [
        Check('default_booted', common.payload_cmdline(log) == 'picked=demo-b',
              'payload got %r' % common.payload_cmdline(log)),
        Check('no_countdown', 'any key stops' not in log, 'a countdown ran'),
        Check('no_menu', hello > 0 and 'vmplat boot menu' not in log[:hello],
              'menu drawn before the handoff'),
        Check('chosen_at_once', ready is not None and chosen is not None and
              0 <= chosen - ready < 0.1, 'devices ready %s s, entry chosen %s s'
              % (ready, chosen)),
        Check('payload_exit', result.exit_code == 0 and result.status is None,
              'QEMU exit %s, vmplat status %s' % (result.exit_code, result.status)),
    ]
