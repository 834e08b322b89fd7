# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The built artifact: what it holds, and what galaxy-importer (Galaxy's and Automation Hub's
upload check) says of it, run locally with tests/docs/galaxy-importer.cfg."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tarfile

import pytest
import yaml

from lane_helpers import COLLECTION_ROOT, tool

# Never in an artifact: virtualenvs, build output, caches and what tools leave behind.
FORBIDDEN = (
    '.venv',
    '.venv/*',
    'build',
    'build/*',
    '.tmp',
    '.tmp/*',
    '.ansible',
    '.ansible/*',
    '.coverage',
    '.coverage.*',
    '.pytest_cache',
    '*/.pytest_cache',
    '*/.pytest_cache/*',
    '.pytest_cache/*',
    '__pycache__',
    '*/__pycache__',
    '*/__pycache__/*',
    '__pycache__/*',
    '*.pyc',
    'changelogs/.plugin-cache.yaml',
    'tests/output',
    'tests/output/*',
    '*.tar.gz',
    'importer_result.json',
    '.git',
    '.git/*',
    'scripts',
    'scripts/*',
    'Makefile',
    'DEVELOPMENT.md',
)
# Left behind by the tools in a working copy, for the build to keep out.
LEFTOVERS = (
    '.venv/bin/python',
    'build/dist/old.tar.gz',
    '.tmp/x',
    '.ansible/collections/x',
    '.coverage',
    '.coverage.host.1',
    '.pytest_cache/v/cache/lastfailed',
    'tests/.pytest_cache/README.md',
    '__pycache__/x.cpython-312.pyc',
    'plugins/modules/__pycache__/x.cpython-312.pyc',
    'changelogs/.plugin-cache.yaml',
    'tests/output/.tmp/x',
    'importer_result.json',
    'alicloud-fc-0.0.1.tar.gz',
)


def members(path):
    with tarfile.open(path) as archive:
        return sorted(name[2:] if name.startswith('./') else name for name in archive.getnames())


def forbidden(names):
    return [name for name in names if any(fnmatch.fnmatch(name, pattern) for pattern in FORBIDDEN)]


def test_artifact_of_this_run(artifact):
    names = members(artifact)
    assert forbidden(names) == []
    for expected in (
        'MANIFEST.json',
        'FILES.json',
        'README.md',
        'CHANGELOG.md',
        'changelogs/changelog.yaml',
        'meta/runtime.yml',
        'meta/execution-environment.yml',
        'requirements.txt',
        'docs/docsite/links.yml',
        'docs/docsite/extra-docs.yml',
        'extensions/awx/credential_type.yml',
        'extensions/audit/event_query.yml',
        'extensions/ee/execution-environment.yml',
        'examples/awx_job_template.yml',
    ):
        assert expected in names, expected


def test_build_keeps_out_what_the_tools_leave_behind(tmp_path):
    """Built straight from a working copy full of leftovers, as `ansible-galaxy collection build` is run."""
    source = tmp_path / 'src'
    shutil.copytree(COLLECTION_ROOT, str(source), ignore=shutil.ignore_patterns('.git'))
    for leftover in LEFTOVERS:
        path = source / leftover
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('leftover\n', encoding='utf-8')
    result = subprocess.run(
        [tool('ansible-galaxy'), 'collection', 'build', '--output-path', str(tmp_path / 'dist'), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    names = members(str(next((tmp_path / 'dist').glob('alicloud-fc-*.tar.gz'))))
    assert forbidden(names) == []
    assert 'plugins/modules/fcv3_async_invoke_config.py' in names


@pytest.fixture(scope='module')
def importer(artifact, tmp_path_factory):
    workdir = str(tmp_path_factory.mktemp('galaxy-importer'))
    env = dict(os.environ, GALAXY_IMPORTER_CONFIG=os.path.join(COLLECTION_ROOT, 'tests', 'docs', 'galaxy-importer.cfg'))
    result = subprocess.run(
        [sys.executable, '-m', 'galaxy_importer.main', artifact],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
    )
    with open(os.path.join(workdir, 'importer_result.json'), encoding='utf-8') as handle:
        return result, json.load(handle)


def test_galaxy_importer_flags_nothing(importer):  # pylint: disable=redefined-outer-name
    result, _data = importer
    assert result.returncode == 0, result.stdout
    assert 'Importer processing completed successfully' in result.stdout
    flagged = [line for line in result.stdout.splitlines() if line.startswith(('WARNING', 'ERROR', 'Traceback'))]
    assert flagged == [], result.stdout


def test_galaxy_importer_reads_docs_changelog_and_readme(importer):  # pylint: disable=redefined-outer-name
    _result, data = importer
    modules = sorted(
        name[:-3]
        for name in os.listdir(os.path.join(COLLECTION_ROOT, 'plugins', 'modules'))
        if name.endswith('.py') and name != '__init__.py'
    )
    documented = sorted(
        entry['content_name']
        for entry in data['docs_blob']['contents']
        if entry['content_type'] == 'module' and entry['doc_strings']
    )
    assert documented == modules
    with open(os.path.join(COLLECTION_ROOT, 'meta', 'runtime.yml'), encoding='utf-8') as handle:
        assert data['requires_ansible'] == yaml.safe_load(handle)['requires_ansible']
    assert data['docs_blob']['collection_readme']['name'] == 'README.md'
    assert 'alicloud.fc' in data['docs_blob']['collection_readme']['html']
