# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The changelog: antsibull-changelog lint, and CHANGELOG.md / changelog.yaml up to date.

`make changelog` (scripts/changelog.py) folds the fragments into the section of galaxy.yml's
version. These tests run it on a copy and require the committed files to be what it writes, so a
fragment, plugin or fragment edit that was not folded in fails `make test`.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from lane_helpers import COLLECTION_ROOT, tool

CHANGELOG_SCRIPT = os.path.join(COLLECTION_ROOT, 'scripts', 'changelog.py')
# What antsibull-changelog reads: the metadata, the fragments and the plugins.
SOURCES = ('galaxy.yml', 'changelogs', 'plugins', 'meta', 'roles', 'CHANGELOG.md')


def read(path):
    with open(path, encoding='utf-8') as handle:
        return handle.read()


@pytest.fixture
def copy(tmp_path):
    """The changelog sources in a collection tree of their own, without the plugin cache."""
    target = tmp_path / 'ansible_collections' / 'alicloud' / 'fc'
    target.mkdir(parents=True)
    for name in SOURCES:
        source = os.path.join(COLLECTION_ROOT, name)
        if os.path.isdir(source):
            shutil.copytree(source, str(target / name), ignore=shutil.ignore_patterns('.plugin-cache.yaml'))
        elif os.path.exists(source):
            shutil.copy(source, str(target / name))
    return str(target)


def fold(root):
    result = subprocess.run(
        [sys.executable, CHANGELOG_SCRIPT, root],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    with open(os.path.join(root, 'changelogs', 'changelog.yaml'), encoding='utf-8') as handle:
        return yaml.safe_load(handle)


def test_antsibull_changelog_lint():
    result = subprocess.run(
        [tool('antsibull-changelog'), 'lint'],
        cwd=COLLECTION_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == ''


def test_changelog_is_up_to_date_with_the_fragments(copy):  # pylint: disable=redefined-outer-name
    fold(copy)
    for name in ('changelogs/changelog.yaml', 'CHANGELOG.md'):
        assert read(os.path.join(copy, name)) == read(os.path.join(COLLECTION_ROOT, name)), (
            '%s is stale: run `make changelog` and commit the result' % name
        )


def test_every_fragment_and_module_is_in_a_release():
    with open(os.path.join(COLLECTION_ROOT, 'changelogs', 'changelog.yaml'), encoding='utf-8') as handle:
        releases = yaml.safe_load(handle)['releases']
    with open(os.path.join(COLLECTION_ROOT, 'galaxy.yml'), encoding='utf-8') as handle:
        assert yaml.safe_load(handle)['version'] in releases
    released = set(fragment for release in releases.values() for fragment in release.get('fragments', []))
    assert released == set(os.listdir(os.path.join(COLLECTION_ROOT, 'changelogs', 'fragments')))
    modules = set(module['name'] for release in releases.values() for module in release.get('modules', []))
    assert modules == set(
        name[:-3]
        for name in os.listdir(os.path.join(COLLECTION_ROOT, 'plugins', 'modules'))
        if name.endswith('.py') and name != '__init__.py'
    )


def test_make_changelog_folds_new_fragments_and_modules_into_the_current_version(copy):  # pylint: disable=redefined-outer-name
    with open(os.path.join(copy, 'changelogs', 'fragments', '6-new-thing.yml'), 'w', encoding='utf-8') as handle:
        handle.write('---\nminor_changes:\n  - fcv3_async_invoke_config - a change made on another branch.\n')
    modules = os.path.join(copy, 'plugins', 'modules')
    shutil.copy(os.path.join(modules, 'fcv3_async_invoke_config.py'), os.path.join(modules, 'fcv3_copy_for_test.py'))
    source = read(os.path.join(modules, 'fcv3_copy_for_test.py'))
    with open(os.path.join(modules, 'fcv3_copy_for_test.py'), 'w', encoding='utf-8') as handle:
        handle.write(source.replace('module: fcv3_async_invoke_config\n', 'module: fcv3_copy_for_test\n', 1))
    before = fold(copy)
    with open(os.path.join(copy, 'galaxy.yml'), encoding='utf-8') as handle:
        version = yaml.safe_load(handle)['version']
    release = before['releases'][version]
    assert '6-new-thing.yml' in release['fragments']
    assert 'fcv3_async_invoke_config - a change made on another branch.' in release['changes']['minor_changes']
    assert 'fcv3_copy_for_test' in [module['name'] for module in release['modules']]
    assert 'a change made on another branch' in read(os.path.join(copy, 'CHANGELOG.md'))
    # A second run changes nothing.
    assert fold(copy) == before
