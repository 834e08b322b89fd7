# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Paths and helpers of the docs and packaging tests (`make test`, docs lane).

The tests run in the staged copy of the collection (build/src/ansible_collections/alicloud/fc);
BUILD_DIR names the build directory that holds the built artifact (dist/) and the collection
installed from it (collections/, also in ANSIBLE_COLLECTIONS_PATH).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time

from clean_env import clean_environment

COLLECTION_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EMULATOR = os.path.join(COLLECTION_ROOT, 'tests', 'emulator', 'fc3_emulator.py')
if os.path.dirname(EMULATOR) not in sys.path:
    sys.path.insert(0, os.path.dirname(EMULATOR))
import fc3_launcher  # noqa: E402  pylint: disable=wrong-import-position

# Where the docs say the collection is installed; tests put the install directory of this run there.
DEFAULT_COLLECTIONS = '~/.ansible/collections'


def installed_collections():
    """The collections root (of ANSIBLE_COLLECTIONS_PATH) where this run installed the artifact."""
    return [
        path
        for path in os.environ['ANSIBLE_COLLECTIONS_PATH'].split(os.pathsep)
        if os.path.isdir(os.path.join(path, 'ansible_collections', 'alicloud', 'fc'))
    ][0]


def read(path):
    with open(path, encoding='utf-8') as handle:
        return handle.read()


def tool(name):
    """A command of the Python environment running the tests (the docs lane's venv)."""
    return os.path.join(os.path.dirname(sys.executable), name)


def admin(url, path, body=None):
    """GET an admin API path of the emulator at ``url``, or POST ``body`` to it (no proxy: only loopback
    is reachable)."""
    from urllib.request import ProxyHandler, Request, build_opener  # pylint: disable=import-outside-toplevel

    data = None if body is None else json.dumps(body).encode('utf-8')
    request = Request(url + '/_emulator/' + path, data=data, method='GET' if body is None else 'POST')
    with build_opener(ProxyHandler({})).open(request, timeout=10) as answer:
        return json.loads(answer.read().decode('utf-8'))


class EmulatorProcess(object):
    """The FC3 emulator as its own process, the way a service runs: started on a free loopback port
    by the project's launcher (tests/emulator/fc3_launcher.py), ending with this process at the latest."""

    def __init__(self, *args):
        self._launched = fc3_launcher.start(args, exit_with=os.getpid())
        self.process = self._launched.process
        self.url = self._launched.url

    def admin(self, path, body=None):
        return admin(self.url, path, body)

    def stop(self):
        self._launched.stop()


def markdown_shell_blocks(text, section):
    body = text.split('\n## %s\n' % section, 1)[1].split('\n## ', 1)[0]
    return re.findall(r'```shell\n(.*?)```', body, re.S)


def rst_shell_blocks(text, section):
    lines = text.split('\n')
    start = lines.index(section) + 2
    end = next(
        (
            index
            for index in range(start, len(lines) - 1)
            if lines[index] and lines[index + 1] == '-' * len(lines[index])
        ),
        len(lines),
    )
    body = lines[start:end]
    blocks = []
    for index, line in enumerate(body):
        if line.strip() == '.. code-block:: shell':
            code = []
            for following in body[index + 2 :]:
                if following and not following.startswith('   '):
                    break
                code.append(following[3:])
            blocks.append('\n'.join(code).strip() + '\n')
    return blocks


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def run_bash(script, env, cwd=None):
    """``script`` in ``bash -e``, its output (stdout and stderr) in the result's stdout."""
    return subprocess.run(
        ['bash', '-ec', script],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        timeout=300,
        check=False,
    )


def run_as_written(emulator_block, example_block, tmp_path):
    """Start the emulator block in the background, run the example block, stop the emulator.
    Returns the example block's completed process and the requests the emulator recorded."""
    installed = installed_collections()
    port = str(free_port())

    def adapt(block):
        assert DEFAULT_COLLECTIONS in block and '8080' in block
        return block.replace(DEFAULT_COLLECTIONS, installed).replace('8080', port)

    env = clean_environment(tmp_path, drop_prefixes=('ANSIBLE_PYTHON',))
    emulator = subprocess.Popen(
        ['bash', '-ec', adapt(emulator_block)],
        env=env,
        start_new_session=True,  # pylint: disable=consider-using-with
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 20
        while True:
            try:
                socket.create_connection(('127.0.0.1', int(port)), timeout=1).close()
                break
            except OSError:
                assert emulator.poll() is None and time.time() < deadline, 'the emulator did not start as written'
                time.sleep(0.1)
        result = run_bash(adapt(example_block), env)
        return result, admin('http://127.0.0.1:%s' % port, 'requests')['requests']
    finally:
        os.killpg(emulator.pid, signal.SIGTERM)
        emulator.wait(timeout=10)
