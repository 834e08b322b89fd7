# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""README.md is what Galaxy shows: its links must work there, and its commands as written (its
offline try-out runs in test_examples.py, test_walk_through_runs_as_written). The docs that ship
name only what the installed collection has, or say where it is.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import json
import os
import re
import shutil

import yaml

from clean_env import clean_environment
from lane_helpers import COLLECTION_ROOT, installed_collections, markdown_shell_blocks, read, run_bash

README = os.path.join(COLLECTION_ROOT, 'README.md')
REPOSITORY_FILES = 'https://github.com/alicloud-fc/alicloud.fc/blob/main/'
INSTALLED = os.path.join('ansible_collections', 'alicloud', 'fc')


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


def run_lines(lines, cwd, scratch):
    """Shell lines in bash, in ``cwd``, with home (and so Ansible's default collections path) in ``scratch``."""
    result = run_bash(
        '\n'.join(lines), clean_environment(str(scratch), drop_prefixes=('ANSIBLE_COLLECTIONS',)), str(cwd)
    )
    assert result.returncode == 0, result.stdout
    with open(
        os.path.join(str(scratch), '.ansible', 'collections', INSTALLED, 'MANIFEST.json'), encoding='utf-8'
    ) as handle:
        return json.load(handle)['collection_info']


def test_install_from_a_built_artifact_and_offline_works_as_written(tmp_path):
    """The README's install from a clone and its offline install, literally, except what needs a
    server: the clone is a copy of this tree, the Galaxy download the artifact just built (its own
    comment says so), and pip is not run. Each installs into a home of its own."""
    blocks = markdown_shell_blocks(read(README), 'Install')
    assert len(blocks) == 3, blocks
    build = blocks[1].strip().split('\n')
    assert build[:2] == ['git clone https://github.com/alicloud-fc/alicloud.fc.git', 'cd alicloud.fc'], build
    clone = tmp_path / 'alicloud.fc'
    shutil.copytree(COLLECTION_ROOT, str(clone), ignore=shutil.ignore_patterns('tests/output', '__pycache__'))
    with open(os.path.join(COLLECTION_ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        version = yaml.safe_load(handle)['version']
    assert run_lines(build[2:], clone, tmp_path / 'built')['version'] == version
    [artifact] = [name for name in os.listdir(str(clone)) if name.endswith('.tar.gz')]

    offline = [line for line in blocks[2].strip().split('\n') if not line.startswith('#')]
    with_access, without = offline[:3], offline[3:]
    assert with_access[0] == 'ansible-galaxy collection download alicloud.fc -p alicloud-fc', offline
    assert with_access[2].startswith('python3 -m pip download ') and without[1].startswith('python3 -m pip install ')
    (tmp_path / 'alicloud-fc').mkdir()
    shutil.copy(str(clone / artifact), str(tmp_path / 'alicloud-fc' / artifact))
    assert run_lines([with_access[1], without[0]], tmp_path, tmp_path / 'offline')['version'] == version
    assert read(str(tmp_path / 'alicloud-fc' / 'requirements.txt')) == read(
        os.path.join(COLLECTION_ROOT, 'requirements.txt')
    )


# Paths of the collection that docs name: each must be in the installed collection, but for the
# benchmarks, which are in the source repository only.
COLLECTION_PATH = re.compile(
    r'(?<![\w./$-])((?:bench|changelogs|docs|examples|extensions|meta|plugins|roles|scripts|tests)/[\w./-]*[\w/])'
)
# A path in the installed collection, as the docs name it in shell commands.
IN_FC_DIR = re.compile(r'\$FC_DIR/([\w./-]*[\w/])')
CLONE = 'git clone https://github.com/alicloud-fc/alicloud.fc.git\ncd alicloud.fc\n'


def makefile_targets():
    with open(os.path.join(COLLECTION_ROOT, 'Makefile'), encoding='utf-8') as handle:
        return re.search(r'^\.PHONY: (.*)$', handle.read(), re.M).group(1).split()


def shipped_docs(installed):
    """{path in the collection: text} of what users read in the installed collection (the README up to its
    Development section, which is about a clone)."""
    docs = {}
    for pattern in (
        'README.md',
        'roles/*/README.md',
        'docs/docsite/rst/*.rst',
        'examples/*.yml',
        'examples/*/*.yml',
        'plugins/modules/*.py',
    ):
        for path in glob.glob(os.path.join(installed, pattern)):
            docs[os.path.relpath(path, installed)] = read(path)
    docs['README.md'] = docs['README.md'].split('\n## Development\n', 1)[0]
    return docs


def test_docs_send_users_only_to_what_the_installed_collection_has():
    """Every path a doc names is in the installed collection, and the benchmarks, which are not, are named
    with where they are; a make target comes with the clone it runs in."""
    installed = os.path.join(installed_collections(), INSTALLED)
    make = re.compile(r'(?:^|[\s`])make (?:%s)\b' % '|'.join(makefile_targets()), re.M)
    checked = set()
    for path, text in sorted(shipped_docs(installed).items()):
        # A code block's lines, without the indentation of RST.
        flat = re.sub(r'(?m)^ +', '', text)
        for name in COLLECTION_PATH.findall(text) + IN_FC_DIR.findall(text):
            checked.add(name)
            if name.startswith('bench/'):
                assert os.path.exists(os.path.join(COLLECTION_ROOT, name)), (path, name)
                assert not os.path.exists(os.path.join(installed, name)), (path, name)
                assert 'source repository' in flat, '%s names %s without saying where it is' % (path, name)
            else:
                assert os.path.exists(os.path.join(installed, name.rstrip('/'))), (path, name)
        if make.search(text):
            assert CLONE in flat, '%s names a make target without the clone it runs in' % path
    # The paths users are sent to.
    assert {'tests/emulator/fc3_emulator.py', 'examples/demo-seed.json', 'bench/in_process.py'} <= checked
