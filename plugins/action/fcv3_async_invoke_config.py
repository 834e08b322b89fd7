# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the fcv3_async_invoke_config module in the worker process when its target is the controller.

When and how: plugin_utils/_in_process.py.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.alicloud.fc.plugins.plugin_utils._in_process import ModuleAction, preload

preload(__name__)


class ActionModule(ModuleAction):
    pass
