# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The docs: antsibull-docs lint, and the HTML build with warnings as errors.

Nothing generated from the module docs is kept in the repository: every build renders the
collection as installed from this run's artifact, so the pages cannot lag behind the module docs.
A doc change that breaks the markup, a reference or the RST fails these tests; the mutation tests
below prove they can fail.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import glob
import os
import shutil
import subprocess

import pytest
import yaml

from lane_helpers import COLLECTION_ROOT, installed_collections, tool

BUILD_DOCSITE = os.path.join(COLLECTION_ROOT, 'scripts', 'build_docsite.sh')
LINT = [
    'lint-collection-docs',
    '--plugin-docs',
    '--check-extra-docs-refs',
    '--validate-collection-refs',
    'all',
    '--disallow-unknown-collection-refs',
]


def run(command, env=None):
    return subprocess.run(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, universal_newlines=True, env=env, check=False
    )


def build(dest, collections_path=None):
    env = dict(os.environ)
    if collections_path:
        env['ANSIBLE_COLLECTIONS_PATH'] = collections_path
    return run(['bash', BUILD_DOCSITE, dest], env=env)


def lint(collection_dir, collections_path=None):
    env = dict(os.environ)
    if collections_path:
        env['ANSIBLE_COLLECTIONS_PATH'] = collections_path
    return run([tool('antsibull-docs')] + LINT + [collection_dir], env=env)


def names(pattern):
    return sorted(
        os.path.splitext(os.path.basename(path))[0] for path in glob.glob(os.path.join(COLLECTION_ROOT, pattern))
    )


@pytest.fixture(scope='session')
def docsite(build_dir):  # pylint: disable=redefined-outer-name
    dest = os.path.join(build_dir, 'docs')
    result = build(dest)
    assert result.returncode == 0, result.stdout
    return os.path.join(dest, 'html')


def test_lint_collection_docs():
    result = lint(COLLECTION_ROOT)
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip() == ''


def test_every_module_has_a_page_from_its_current_docs(docsite):  # pylint: disable=redefined-outer-name
    modules = [name for name in names('plugins/modules/*.py') if name != '__init__']
    assert 'fcv3_async_invoke_config' in modules
    for name in modules:
        with open(os.path.join(COLLECTION_ROOT, 'plugins', 'modules', name + '.py'), encoding='utf-8') as handle:
            source = handle.read()
        # Whichever quotes the module uses for its DOCUMENTATION string.
        documentation = yaml.safe_load(
            next(
                node.value.value
                for node in ast.parse(source).body
                if isinstance(node, ast.Assign) and getattr(node.targets[0], 'id', None) == 'DOCUMENTATION'
            )
        )
        page = os.path.join(docsite, name + '_module.html')
        assert os.path.isfile(page), name
        with open(page, encoding='utf-8') as handle:
            html = handle.read()
        assert documentation['short_description'] in html, name
        for option in documentation['options']:
            assert 'parameter-%s' % option in html, (name, option)


def test_every_role_has_a_page(docsite):  # pylint: disable=redefined-outer-name
    roles = [os.path.basename(path) for path in glob.glob(os.path.join(COLLECTION_ROOT, 'roles', '*'))]
    for role in roles:
        assert os.path.isfile(os.path.join(docsite, role + '_role.html')), role


def test_every_guide_is_built_and_listed(docsite):  # pylint: disable=redefined-outer-name
    with open(os.path.join(COLLECTION_ROOT, 'docs', 'docsite', 'extra-docs.yml'), encoding='utf-8') as handle:
        listed = [entry for section in yaml.safe_load(handle)['sections'] for entry in section['toctree']]
    guides = names('docs/docsite/rst/*.rst')
    assert sorted(listed) == guides
    with open(os.path.join(docsite, 'index.html'), encoding='utf-8') as handle:
        index = handle.read()
    for guide in guides:
        assert os.path.isfile(os.path.join(docsite, 'docsite', guide + '.html')), guide
        assert 'docsite/%s.html' % guide in index, guide


@pytest.fixture
def collection_copy(tmp_path):
    """A copy of the installed collection to break, in a collections tree of its own."""
    root = tmp_path / 'collections'
    installed = installed_collections()
    target = root / 'ansible_collections' / 'alicloud' / 'fc'
    shutil.copytree(os.path.join(installed, 'ansible_collections', 'alicloud', 'fc'), str(target))
    shutil.copy(os.path.join(COLLECTION_ROOT, 'galaxy.yml'), str(target / 'galaxy.yml'))
    return str(root), str(target)


def replace_in(path, old, new):
    with open(path, encoding='utf-8') as handle:
        text = handle.read()
    assert old in text
    with open(path, 'w', encoding='utf-8') as handle:
        handle.write(text.replace(old, new, 1))


def test_module_doc_with_a_broken_reference_fails_the_lint(collection_copy):  # pylint: disable=redefined-outer-name
    root, target = collection_copy
    replace_in(
        os.path.join(target, 'plugins', 'modules', 'fcv3_async_invoke_config.py'),
        '      - The function.\n',
        '      - The function. See O(no_such_option).\n',
    )
    result = lint(target, collections_path=root)
    assert result.returncode != 0
    assert 'no_such_option' in result.stdout


def test_guide_with_a_broken_link_fails_the_build(collection_copy, tmp_path):  # pylint: disable=redefined-outer-name
    root, target = collection_copy
    replace_in(
        os.path.join(target, 'docs', 'docsite', 'rst', 'guide_fleets.rst'),
        'A loop over',
        'See :ref:`no_such_label`. A loop over',
    )
    result = build(str(tmp_path / 'docs'), collections_path=root)
    assert result.returncode != 0
    assert 'no_such_label' in result.stdout


def test_guide_with_an_rst_error_fails_the_lint(collection_copy):  # pylint: disable=redefined-outer-name
    root, target = collection_copy
    replace_in(
        os.path.join(target, 'docs', 'docsite', 'rst', 'guide_fleets.rst'),
        'A loop over',
        '.. list-table::\n   :header-rows: x\n\nA loop over',
    )
    result = lint(target, collections_path=root)
    assert result.returncode != 0
    assert 'guide_fleets.rst' in result.stdout
