#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: fcv3_function_info
short_description: Find the Function Compute 3.0 functions of a region by name prefix, pattern, tag or runtime
version_added: 0.1.0
description:
  - Lists the functions of the region through the C(ListFunctions) API, every page fetched, and returns those
    that every given filter matches. Without a filter, every function of the region is returned.
  - The service applies O(prefix), O(tags), O(runtime), O(resource_group_id) and O(fc_version); O(name_regex) is
    applied to what the service returned, as the Terraform data source C(alicloud_fcv3_functions) does.
  - Nothing found is an empty list, not a failure. When filters are given and match no function, the module
    warns, since that is most often a misspelt prefix or tag.
  - A filter given as an empty string (or O(tags) as an empty dict) is refused before any request, since the
    service would ignore it and match every function.
  - Reads what the Terraform data source C(alicloud_fcv3_functions) reads; feed the names to
    M(alicloud.fc.fcv3_async_invoke_configs), or use the role's C(async_invoke_policy_select), which does.
author:
  - alicloud.fc maintainers (@alicloud-fc)
options:
  prefix:
    description:
      - Only functions whose name starts with this (the API's C(prefix)).
    type: str
  name_regex:
    description:
      - Only functions whose name contains a match of this Python regular expression. It is searched, not
        matched whole, as Terraform's C(name_regex) is, so anchor it (V(^orders-.*-v2$)) to match whole names.
    type: str
  tags:
    description:
      - Only functions that carry every one of these tag keys with the value given (the API's tag filter).
      - Values are strings; a number is sent as its text.
    type: dict
  runtime:
    description:
      - Only functions of this runtime, for example V(python3.10) or V(custom.debian10), as the service names it.
    type: str
  resource_group_id:
    description:
      - Only functions in this resource group.
    type: str
  fc_version:
    description:
      - The API's C(fcVersion) filter, passed as given. The service documents V(v3) (only functions created with
        Function Compute 3.0) and V(v2) (only those created with 2.0).
      - Left out, the service's default applies, which lists both.
    type: str
extends_documentation_fragment:
  - alicloud.fc.connection
  - alicloud.fc.attributes
  - alicloud.fc.attributes.info_module
notes:
  - Each function is returned with a few fields only (see RV(functions)); in particular not its environment
    variables, which often hold secrets.
seealso:
  - module: alicloud.fc.fcv3_async_invoke_configs
  - module: alicloud.fc.fcv3_async_invoke_config_info
'''

EXAMPLES = r'''
- name: Every function of the region
  alicloud.fc.fcv3_function_info:
    region: cn-hangzhou
  register: all_functions

- name: The functions of one team, by name prefix and tag
  alicloud.fc.fcv3_function_info:
    region: cn-hangzhou
    prefix: orders-
    tags:
      team: payments
  register: payments_functions

- name: The Python 3.10 functions whose name ends in -worker
  alicloud.fc.fcv3_function_info:
    region: cn-hangzhou
    runtime: python3.10
    name_regex: -worker$
  register: workers

- name: Their names, one line each
  ansible.builtin.debug:
    msg: "{{ payments_functions.functions | map(attribute='function_name') | list }}"

- name: Set the region once for every module of the group
  module_defaults:
    group/alicloud.fc.fcv3:
      region: cn-hangzhou
      # The endpoint is left out: the region's public one (https://fcv3.cn-hangzhou.aliyuncs.com),
      # or ALIBABA_CLOUD_FC_ENDPOINT when that is set. Credentials come from the environment.
  block:
    - name: The functions of one resource group, FC 3.0 functions only
      alicloud.fc.fcv3_function_info:
        resource_group_id: rg-acfm2example
        fc_version: v3
      register: group_functions

    - name: The ones tagged for the dead-letter queue
      ansible.builtin.debug:
        msg: >-
          {{ group_functions.functions | selectattr('tags.dlq', 'defined')
             | map(attribute='function_name') | list }}
'''

RETURN = r'''
functions:
  description:
    - The functions every filter matches, every page fetched, in the service's order; an empty list when none.
  returned: success
  type: list
  elements: dict
  contains:
    function_name:
      description: The function's name.
      type: str
      returned: always
      sample: orders-api
    function_arn:
      description: The function's ARN.
      type: str
      returned: when the service returns it
      sample: acs:fc:cn-hangzhou:123456789:functions/orders-api
    function_id:
      description: The function's id.
      type: str
      returned: when the service returns it
      sample: 8f4e2c8a-1c51-4b5e-9a4b-0e0b3c1f2d3e
    runtime:
      description: The runtime.
      type: str
      returned: when the service returns it
      sample: python3.10
    description:
      description: The function's description.
      type: str
      returned: when the service returns it
      sample: Order API
    tags:
      description: The function's tags, key to value; V({}) when it has none.
      type: dict
      returned: always
      sample: {"team": "payments"}
    resource_group_id:
      description: The resource group of the function.
      type: str
      returned: when the service returns it
      sample: rg-acfm2example
    created_time:
      description: When the function was created.
      type: str
      returned: when the service returns it
      sample: "2024-01-01T00:00:00Z"
    last_modified_time:
      description: When the function was last changed.
      type: str
      returned: when the service returns it
      sample: "2024-01-01T00:00:00Z"
    state:
      description:
        - The function's state, for example V(Active).
        - The service documents that ListFunctions does not return it (GetFunction does); it is here when it does.
      type: str
      returned: when the service returns it
      sample: Active
    state_reason:
      description: Why the function is in its state.
      type: str
      returned: when the service returns it
    state_reason_code:
      description: The code of RV(functions[].state_reason).
      type: str
      returned: when the service returns it
    last_update_status:
      description: How the last update of the function went, for example V(Successful).
      type: str
      returned: when the service returns it
      sample: Successful
    last_update_status_reason:
      description: Why the last update went as it did.
      type: str
      returned: when the service returns it
    last_update_status_reason_code:
      description: The code of RV(functions[].last_update_status_reason).
      type: str
      returned: when the service returns it
# The same error in every module (no fragments for return values): test_documentation.py keeps the copies equal.
error:
  description: What the API answered when a call failed.
  returned: on API failure
  type: dict
  contains:
    code:
      description:
        - The API error code, or what went wrong when no answer of the service came (V(RequestTimeout),
          V(ConnectionError), V(HostNotFound) (a name that does not resolve), V(TLSError), V(InvalidResponse) (an
          answer that is not the service's JSON), V(InvalidCredentials)).
      type: str
      returned: always
      sample: AccessDenied
    message:
      description: The service's message.
      type: str
      returned: always
    request_id:
      description: The request id, to quote to Alibaba Cloud support; V(null) when there was no answer.
      type: str
      returned: always
    status_code:
      description: The HTTP status; V(null) for timeouts and connection errors.
      type: int
      returned: always
      sample: 403
'''

from ansible_collections.alicloud.fc.plugins.module_utils._functions.api import find_functions
from ansible_collections.alicloud.fc.plugins.module_utils._functions.rules import (
    FILTERS,
    describe_filters,
    filter_argument_spec,
    input_errors,
)
from ansible_collections.alicloud.fc.plugins.module_utils._module import FC3Module


def main():
    module = FC3Module(argument_spec=filter_argument_spec(), supports_check_mode=True)
    problems = input_errors(module.params)
    if problems:
        module.fail_json(msg='; '.join(problems))

    functions = module.answer_or_fail(
        lambda: find_functions(module.client, module.params),
        'list the functions of region %s (%s)' % (module.params['region'], describe_filters(module.params)),
    )
    warnings = []
    if not functions and any(module.params.get(name) is not None for name in FILTERS):
        warnings.append(
            'No function of region %s matches %s.' % (module.params['region'], describe_filters(module.params))
        )
    module.finish(dict(changed=False, functions=functions), warnings)


if __name__ == '__main__':
    main()
