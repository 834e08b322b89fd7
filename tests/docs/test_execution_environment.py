# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The execution-environment definition: `ansible-builder create` and the build context it writes.

There is no container engine here, so the image is not built. What the build would do with the
collection is run instead: the context's own introspection script, over the collection installed
from this run's artifact, must find every Python requirement of requirements.txt.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import subprocess
import sys

import pytest
import yaml

from lane_helpers import COLLECTION_ROOT, installed_collections, tool

EE_DIR = os.path.join(COLLECTION_ROOT, 'extensions', 'ee')


@pytest.fixture(scope='module')
def context(tmp_path_factory):
    target = str(tmp_path_factory.mktemp('ee') / 'context')
    result = subprocess.run(
        [
            tool('ansible-builder'),
            'create',
            '--file',
            os.path.join(EE_DIR, 'execution-environment.yml'),
            '--context',
            target,
            '--output-filename',
            'Containerfile',
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    return target


def requirement_lines(path):
    with open(path, encoding='utf-8') as handle:
        return [line.split('#')[0].strip() for line in handle if line.split('#')[0].strip()]


def test_definition_is_version_3():
    with open(os.path.join(EE_DIR, 'execution-environment.yml'), encoding='utf-8') as handle:
        definition = yaml.safe_load(handle)
    assert definition['version'] == 3
    assert definition['dependencies']['ansible_core']['package_pip'].startswith('ansible-core>=')


def test_context_installs_the_collection(context):  # pylint: disable=redefined-outer-name
    with open(os.path.join(context, '_build', 'requirements.yml'), encoding='utf-8') as handle:
        collections = yaml.safe_load(handle)['collections']
    assert [entry['name'] for entry in collections] == ['alicloud.fc']
    with open(os.path.join(context, 'Containerfile'), encoding='utf-8') as handle:
        containerfile = handle.read()
    assert 'ansible-galaxy collection install $ANSIBLE_GALAXY_CLI_COLLECTION_OPTS -r requirements.yml' in containerfile
    assert 'ARG PYCMD="/usr/bin/python3.12"' in containerfile
    assert 'ansible-core>=2.16' in containerfile
    # The collection's Python requirements are found by introspection in the builder stage.
    assert 'introspect.py introspect' in containerfile
    assert os.path.isfile(os.path.join(context, '_build', 'scripts', 'introspect.py'))


def test_context_introspection_finds_the_python_requirements(context, tmp_path):  # pylint: disable=redefined-outer-name
    installed = installed_collections()
    pip_file = str(tmp_path / 'requirements.txt')
    result = subprocess.run(
        [
            sys.executable,
            os.path.join(context, '_build', 'scripts', 'introspect.py'),
            'introspect',
            installed,
            '--write-pip',
            pip_file,
            '--write-bindep',
            str(tmp_path / 'bindep.txt'),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        universal_newlines=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
    assert sorted(requirement_lines(pip_file)) == sorted(
        requirement_lines(os.path.join(COLLECTION_ROOT, 'requirements.txt'))
    )
