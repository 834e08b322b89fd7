# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""README.md is what Galaxy shows: its links must work there, and its commands as written.

The offline try-out of the README and of the getting-started guide is run here literally, with
two substitutions only: the collection's install directory and a free port for 8080.
"""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import os
import re
import signal
import socket
import subprocess
import time

import pytest

from lane_helpers import COLLECTION_ROOT, installed_collections

README = os.path.join(COLLECTION_ROOT, 'README.md')
GUIDE = os.path.join(COLLECTION_ROOT, 'docs', 'docsite', 'rst', 'guide_getting_started.rst')
REPOSITORY_FILES = 'https://github.com/alicloud-fc/alicloud.fc/blob/main/'
DEFAULT_COLLECTIONS = '~/.ansible/collections'


def read(path):
    with open(path, encoding='utf-8') as handle:
        return handle.read()


def markdown_links(text):
    return re.findall(r'\]\(([^)\s]+)\)', text)


def test_readme_links_are_absolute():
    links = markdown_links(read(README))
    assert links
    assert [link for link in links if not link.startswith(('https://', '#'))] == []


def test_readme_links_into_the_repository_name_files_that_exist():
    for link in markdown_links(read(README)):
        if link.startswith(REPOSITORY_FILES):
            assert os.path.isfile(os.path.join(COLLECTION_ROOT, link[len(REPOSITORY_FILES):].split('#')[0])), link


def test_readme_shows_the_development_commands_only_in_its_development_section():
    text = read(README)
    before, development = text.split('\n## Development\n', 1)
    development = development.split('\n## ', 1)[0]
    for command in ('make demo', 'make test'):
        assert command in development
        assert command not in before
    # Nothing that does not ship: no virtualenv paths, no scripts.
    assert '.venv' not in text
    assert 'scripts/' not in text


def markdown_shell_blocks(text, section):
    body = text.split('\n## %s\n' % section, 1)[1].split('\n## ', 1)[0]
    return re.findall(r'```shell\n(.*?)```', body, re.S)


def rst_shell_blocks(text, section):
    lines = text.split('\n')
    start = lines.index(section) + 2
    end = next((index for index in range(start, len(lines) - 1)
                if lines[index] and lines[index + 1] == '-' * len(lines[index])), len(lines))
    body = lines[start:end]
    blocks = []
    for index, line in enumerate(body):
        if line.strip() == '.. code-block:: shell':
            code = []
            for following in body[index + 2:]:
                if following and not following.startswith('   '):
                    break
                code.append(following[3:])
            blocks.append('\n'.join(code).strip() + '\n')
    return blocks


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def run_as_written(emulator_block, example_block, tmp_path):
    """Start the emulator block in the background, run the example block, stop the emulator."""
    installed = installed_collections()
    port = str(free_port())

    def adapt(block):
        assert DEFAULT_COLLECTIONS in block and '8080' in block
        return block.replace(DEFAULT_COLLECTIONS, installed).replace('8080', port)

    env = dict((name, value) for name, value in os.environ.items()
               if not name.startswith(('ALIBABA_CLOUD_', 'ALICLOUD_', 'ANSIBLE_PYTHON')))
    env.update({'ALIBABA_CLOUD_ECS_METADATA_DISABLED': 'true', 'ALIBABA_CLOUD_CLI_PROFILE_DISABLED': 'true',
                'ANSIBLE_NOCOLOR': '1', 'HOME': str(tmp_path)})
    emulator = subprocess.Popen(['bash', '-ec', adapt(emulator_block)], env=env, start_new_session=True,  # pylint: disable=consider-using-with
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.time() + 20
        while True:
            try:
                socket.create_connection(('127.0.0.1', int(port)), timeout=1).close()
                break
            except OSError:
                assert emulator.poll() is None and time.time() < deadline, 'the emulator did not start as written'
                time.sleep(0.1)
        return subprocess.run(['bash', '-ec', adapt(example_block)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, universal_newlines=True, check=False)
    finally:
        os.killpg(emulator.pid, signal.SIGTERM)
        emulator.wait(timeout=10)


def recaps(output):
    return re.findall(r'localhost\s+: ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=0', output)


@pytest.mark.parametrize('source', ['README.md', 'guide_getting_started.rst'])
def test_offline_try_out_works_as_written(source, tmp_path):
    if source == 'README.md':
        blocks = markdown_shell_blocks(read(README), 'Try it offline')
        expected = ['1']
    else:
        text = read(GUIDE)
        blocks = rst_shell_blocks(text, 'Start the emulator') + rst_shell_blocks(text, 'Run the example')
        # The guide sets FC_DIR in the terminal of the install step, which is not run here.
        blocks[1] = blocks[0].split('\n', 1)[0] + '\n' + blocks[1]
        expected = ['1', '0', '0']
    assert len(blocks) == 2, blocks
    result = run_as_written(blocks[0], blocks[1], tmp_path)
    assert result.returncode == 0, result.stdout
    assert recaps(result.stdout) == expected, result.stdout
