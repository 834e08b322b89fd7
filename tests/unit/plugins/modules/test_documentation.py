# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The modules' documentation agrees with itself: every module returns configs in one shape, so the
documented shape must be the same everywhere (ansible-doc has no fragments for return values) but for what
check mode predicts, which only the modules that write have; every returned key says when it is returned;
the documented ranges are the ones the modules check. ansible-doc and antsibull-docs list options alphabetically, so the
shared connection options sit among each module's own: each says that it is one, and each module names
its own options."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import copy
import importlib
import re

import pytest
import yaml

from ansible_collections.alicloud.fc.plugins.doc_fragments.connection import ModuleDocFragment
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.rules import INTEGER_RANGES

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


WRITING_MODULES = ('fcv3_async_invoke_config', 'fcv3_async_invoke_configs')
# What a writing module says of check mode in the returned shape, and only a writing module.
CHECK_MODE_SENTENCES = {
    'function_arn': 'Not known in check mode before the config exists.',
    'last_modified_time': 'Not predicted in check mode.',
}


def without_check_mode_sentences(shape):
    shape = copy.deepcopy(shape)
    for key, sentence in CHECK_MODE_SENTENCES.items():
        description = shape[key]['description']
        lines = description if isinstance(description, list) else [description]
        lines = [line.replace(sentence, '').strip() for line in lines]
        shape[key]['description'] = [line for line in lines if line]
    return shape


def description_text(spec):
    description = spec['description']
    return ' '.join(description) if isinstance(description, list) else description


def test_every_module_documents_the_same_returned_shape():
    reference_name = sorted(SHAPE_PATHS)[0]
    reference = without_check_mode_sentences(shape_of(reference_name))
    assert set(reference) == {
        'function_name',
        'qualifier',
        'function_arn',
        'async_task',
        'max_async_event_age_in_seconds',
        'max_async_retry_attempts',
        'destination_config',
        'created_time',
        'last_modified_time',
    }
    for module_name in sorted(SHAPE_PATHS):
        shape = shape_of(module_name)
        assert without_check_mode_sentences(shape) == reference, '%s documents a different shape than %s' % (
            module_name,
            reference_name,
        )
        for key, sentence in CHECK_MODE_SENTENCES.items():
            assert (sentence in description_text(shape[key])) == (module_name in WRITING_MODULES), (module_name, key)


def range_options(options, path=''):
    """Every option that INTEGER_RANGES bounds, at any depth, as (path, spec)."""
    for name, spec in options.items():
        if name in INTEGER_RANGES:
            yield path + name, spec
        if isinstance(spec.get('suboptions'), dict):
            yield from range_options(spec['suboptions'], path + name + '.')


@pytest.mark.parametrize('module_name', WRITING_MODULES)
def test_every_range_documented_is_the_one_checked(module_name):
    options = yaml.safe_load(importlib.import_module(MODULES + module_name).DOCUMENTATION)['options']
    found = list(range_options(options))
    assert found
    for path, spec in found:
        low, high = INTEGER_RANGES[path.rsplit('.', 1)[-1]]
        assert 'from V(%d) to V(%d)' % (low, high) in description_text(spec), path


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
    assert len(CONNECTION_OPTIONS) == 19
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


# Where each module documents the error of a failed call.
ERROR_PATHS = {
    'fcv3_async_invoke_config': ('error',),
    'fcv3_async_invoke_config_info': ('error',),
    'fcv3_async_invoke_configs': ('results', 'error'),
    'fcv3_function_info': ('error',),
}
# Only a batch task leaves requests unsent.
BATCH_ONLY_CODE = 'V(NotAttempted) when'


def error_doc(module_name):
    node = return_doc(module_name)[ERROR_PATHS[module_name][0]]
    for key in ERROR_PATHS[module_name][1:]:
        node = node['contains'][key]
    fields = copy.deepcopy(node['contains'])
    for spec in fields.values():
        spec.pop('sample', None)
    fields['code']['description'] = [
        line for line in fields['code']['description'] if not line.startswith(BATCH_ONLY_CODE)
    ]
    return fields


def test_every_module_documents_the_same_error():
    reference = error_doc('fcv3_async_invoke_config')
    assert set(reference) == {'code', 'message', 'request_id', 'status_code'}
    for module_name in sorted(ERROR_PATHS):
        assert error_doc(module_name) == reference, module_name
