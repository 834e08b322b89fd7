# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Attributes every alicloud.fc module shares."""

    DOCUMENTATION = r'''
attributes:
  action_group:
    description:
      - Use C(group/alicloud.fc.fcv3) in C(module_defaults) to set the shared options once for every module
        of the group.
    support: full
    membership:
      - alicloud.fc.fcv3
'''

    INFO_MODULE = r'''
attributes:
  check_mode:
    description: Can run in check mode and return the same result without changing anything.
    support: full
    details: This module only reads, so it runs the same in check mode.
  diff_mode:
    description: Returns details on what has changed, or would change in check mode, when run in diff mode.
    support: N/A
    details: This module only reads and has no diff.
'''

    MANAGE_MODULE = r'''
attributes:
  check_mode:
    description: Can run in check mode and return changed status prediction without modifying target.
    support: full
    details: Reads the current config and returns the predicted one; makes no write request.
  diff_mode:
    description: Returns details on what has changed, or would change in check mode, when run in diff mode.
    support: full
    details: The diff's C(before) and C(after) are configs in the returned shape; V({}) for no config.
'''
