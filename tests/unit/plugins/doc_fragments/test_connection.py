# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""ansible-doc and antsibull-docs list options alphabetically, so the shared connection options sit
among each module's own: each says that it is one, and each module names its own options."""

from __future__ import absolute_import, division, print_function
__metaclass__ = type

import importlib
import re

import pytest
import yaml

from ansible_collections.alicloud.fc.plugins.doc_fragments.connection import ModuleDocFragment

MARK = 'B(Connection option), the same in every alicloud.fc module.'
MODULES = ('fcv3_async_invoke_config', 'fcv3_async_invoke_config_info', 'fcv3_async_invoke_configs')
CONNECTION_OPTIONS = yaml.safe_load(ModuleDocFragment.DOCUMENTATION)['options']


def test_every_connection_option_begins_by_saying_so():
    assert len(CONNECTION_OPTIONS) == 12
    assert [name for name, spec in CONNECTION_OPTIONS.items() if spec['description'][0] != MARK] == []


@pytest.mark.parametrize('module_name', MODULES)
def test_the_module_description_names_exactly_its_own_options(module_name):
    doc = yaml.safe_load(importlib.import_module('ansible_collections.alicloud.fc.plugins.modules.' + module_name).DOCUMENTATION)
    own = doc['options']
    assert not set(own) & set(CONNECTION_OPTIONS)
    assert [name for name, spec in own.items() if MARK in spec['description']] == []
    [sentence] = [line for line in doc['description'] if line.startswith("The module's own options are ")]
    assert re.findall(r'O\((\w+)\)', sentence) == list(own)
    assert 'B(Connection option)' in sentence
