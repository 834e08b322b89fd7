# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' documentation agrees with itself: every module returns configs in one shape, so the
documented shape must be the same everywhere (ansible-doc has no fragments for return values), and every
returned key says when it is returned. ansible-doc and antsibull-docs list options alphabetically, so the
shared connection options sit among each module's own: each says that it is one, and each module names
its own options."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import re

import pytest
import yaml

from ansible_collections.alicloud.fc.plugins.doc_fragments.connection import ModuleDocFragment

MODULES = 'ansible_collections.alicloud.fc.plugins.modules.'

# Where each module documents the returned shape of one config.
SHAPE_PATHS = {
    'fcv3_async_invoke_config': ('async_invoke_config',),
    'fcv3_async_invoke_config_info': ('async_invoke_configs',),
    'fcv3_async_invoke_configs': ('results', 'async_invoke_config'),
}


def return_doc(module_name):
    return yaml.safe_load(importlib.import_module(MODULES + module_name).RETURN)


def shape_of(module_name):
    node = return_doc(module_name)[SHAPE_PATHS[module_name][0]]
    for key in SHAPE_PATHS[module_name][1:]:
        node = node['contains'][key]
    return node['contains']


def test_every_module_documents_the_same_returned_shape():
    reference_name = sorted(SHAPE_PATHS)[0]
    reference = shape_of(reference_name)
    assert set(reference) == {'function_name', 'qualifier', 'function_arn', 'async_task', 'max_async_event_age_in_seconds',
                              'max_async_retry_attempts', 'destination_config', 'created_time', 'last_modified_time'}
    for module_name in sorted(SHAPE_PATHS):
        assert shape_of(module_name) == reference, '%s documents a different shape than %s' % (module_name, reference_name)


def keys_without_returned(tree, path=''):
    for key, spec in tree.items():
        if 'returned' not in spec:
            yield path + key
        if isinstance(spec.get('contains'), dict):
            yield from keys_without_returned(spec['contains'], path + key + '.')


@pytest.mark.parametrize('module_name', sorted(SHAPE_PATHS))
def test_every_returned_key_says_when(module_name):
    assert list(keys_without_returned(return_doc(module_name))) == []


MARK = 'B(Connection option), the same in every alicloud.fc module.'
CONNECTION_OPTIONS = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']


def test_every_connection_option_begins_by_saying_so():
    assert len(CONNECTION_OPTIONS) == 12
    assert [name for name, spec in CONNECTION_OPTIONS.items() if spec['description'][0] != MARK] == []


@pytest.mark.parametrize('module_name', sorted(SHAPE_PATHS))
def test_the_module_description_names_exactly_its_own_options(module_name):
    doc = yaml.safe_load(importlib.import_module(MODULES + module_name).DOCUMENTATION)
    own = doc['options']
    assert not set(own) & set(CONNECTION_OPTIONS)
    assert [name for name, spec in own.items() if MARK in spec['description']] == []
    [sentence] = [line for line in doc['description'] if line.startswith("The module's own options are ")]
    assert re.findall(r'O\((\w+)\)', sentence) == list(own)
    assert 'B(Connection option)' in sentence
