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

import pytest

from lane_helpers import COLLECTION_ROOT, markdown_shell_blocks, read, rst_shell_blocks, run_as_written

README = os.path.join(COLLECTION_ROOT, 'README.md')
GUIDE = os.path.join(COLLECTION_ROOT, 'docs', 'docsite', 'rst', 'guide_getting_started.rst')
REPOSITORY_FILES = 'https://github.com/alicloud-fc/alicloud.fc/blob/main/'


def markdown_links(text):
    return re.findall(r'\]\(([^)\s]+)\)', text)


def test_readme_links_are_absolute():
    links = markdown_links(read(README))
    assert links
    assert [link for link in links if not link.startswith(('https://', '#'))] == []


def test_readme_links_into_the_repository_name_files_that_exist():
    for link in markdown_links(read(README)):
        if link.startswith(REPOSITORY_FILES):
            assert os.path.isfile(os.path.join(COLLECTION_ROOT, link[len(REPOSITORY_FILES) :].split('#')[0])), link


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
