# SPDX-License-Identifier: MIT
"""
An unhandled fault, on purpose (`crash read` from the command line): the
firmware must print the fault class and address, the registers and a
frame-pointer backtrace, then power off with status 2 — never hang.
Shared by the x86_64 and aarch64 variants (fault_unhandled_<arch>.py).
"""
import re

from vmrunner import Check


def make_check(arch):
    reg_re = re.compile(r'\brip\b|\brsp\b' if arch == 'x86_64' else r'\bx29\b.*|\belr\b|\bpc\b')

    def check(log, result):
        head = re.search(r'\*\*\* unhandled data abort on cpu \d+ at pc (0x[0-9a-f]+), read address 0x8\b', log)
        frames = re.findall(r'^\s+#\d+\s+0x[0-9a-f]+', log, re.MULTILINE)
        return [
            Check('fault_line', bool(head), 'no "unhandled data abort ... read address 0x8" line'),
            Check('registers', bool(reg_re.search(log)), 'no register dump'),
            Check('backtrace', len(frames) >= 3, '%d backtrace frames' % len(frames)),
            Check('status_2', result.status == 2, 'exit status %r, want 2' % result.status),
        ]
    return check
