# SPDX-License-Identifier: MIT
"""
runfile=<path> (aarch64, QEMU virt): an xorriso ISO over virtio-blk holds
/cmds/run.txt, whose lines the platform runs through the shell once the
devices are ready: a comment and a blank line (skipped), `sha256` of a
random 200 KiB file, an unknown command (error reported, next line runs),
`cat` of a random token, `source` of a nested file (its own `cat`), a
`source` of a missing file (reported), then `poweroff`. The runner checks
the hash and tokens against the files it wrote (read from the disk by the
platform), the error lines with file:line, the order, and the clean exit.
No key is typed: the prompt must never be needed.
"""
import hashlib
import os
import re
import secrets
import subprocess

from vmrunner import Check

SCENARIO = dict(
    name='runfile_aarch64',
    arch='aarch64',
    cmdline='runfile=/cmds/run.txt',
    timeout=60,
    description='runfile=: shell commands from a file on the ISO, errors reported, poweroff',
)

TOKENS = {}


def prepare(ctx):
    tree = os.path.abspath(os.path.join(ctx.workdir, 'tree'))
    os.makedirs(os.path.join(tree, 'cmds'))
    os.makedirs(os.path.join(tree, 'data'))
    blob = os.urandom(200 << 10)
    TOKENS.update(sha=hashlib.sha256(blob).hexdigest(), hello=secrets.token_hex(12),
                  inner=secrets.token_hex(12))
    files = {
        'data/blob.bin': blob,
        'data/hello.txt': (TOKENS['hello'] + '\n').encode(),
        'data/inner.txt': (TOKENS['inner'] + '\n').encode(),
        'cmds/run.txt': b'# vmplat runfile test\r\n\r\nsha256 /data/blob.bin\n'
                        b'nosuchcommand arg\n  cat /data/hello.txt\nsource /cmds/inner.txt\n'
                        b'source /cmds/missing.txt\npoweroff\n',
        'cmds/inner.txt': b'cat /data/inner.txt\n',
    }
    for name, data in files.items():
        with open(os.path.join(tree, name), 'wb') as f:
            f.write(data)
    iso = os.path.abspath(os.path.join(ctx.workdir, 'cmds.iso'))
    subprocess.run(['xorriso', '-as', 'mkisofs', '-quiet', '-R', '-J', '-V', 'RUNFILE',
                    '-o', iso, tree], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    ctx.extra_args += ['-drive', 'file=%s,if=none,id=cd,format=raw,readonly=on' % iso,
                       '-device', 'virtio-blk-pci,drive=cd,disable-legacy=on']


def check(log, result):
    ran = re.findall(r'^source: (\S+):(\d+): (.*?)\r?$', log, re.M)
    cmds = [(f, int(n), c) for f, n, c in ran if not c.startswith('error ')]
    want = [('/cmds/run.txt', 3, 'sha256 /data/blob.bin'),
            ('/cmds/run.txt', 4, 'nosuchcommand arg'),
            ('/cmds/run.txt', 5, 'cat /data/hello.txt'),
            ('/cmds/run.txt', 6, 'source /cmds/inner.txt'),
            ('/cmds/inner.txt', 1, 'cat /data/inner.txt'),
            ('/cmds/run.txt', 7, 'source /cmds/missing.txt'),
            ('/cmds/run.txt', 8, 'poweroff')]
    hello = log.find(TOKENS.get('hello', '?'))
    inner = log.find(TOKENS.get('inner', '?'))
    return [
        Check('lines_in_order', cmds == want, 'ran %r' % cmds),
        Check('sha256_of_disk_file', TOKENS.get('sha', '?') in log,
              'sha256 %s not printed' % TOKENS.get('sha')),
        Check('unknown_reported', "unknown command 'nosuchcommand'" in log and
              'source: /cmds/run.txt:4: error -2, continuing' in log, 'no error line for line 4'),
        Check('continued_after_error', hello > log.find('run.txt:4: error'), 'cat after it missing'),
        Check('nested_source', inner > hello and 'source: /cmds/inner.txt: 1 commands, 0 failed'
              in log, 'nested file not run'),
        Check('missing_reported', 'source: /cmds/missing.txt: no such file (-2)' in log and
              'source: /cmds/run.txt:7: error -2, continuing' in log, 'missing file not reported'),
        Check('no_prompt_needed', 'vmplat> ' not in log, 'the interactive prompt came up'),
        Check('poweroff', result.status == 0 and result.exit_code == 0,
              'QEMU exit %s, vmplat status %s' % (result.exit_code, result.status)),
    ]
