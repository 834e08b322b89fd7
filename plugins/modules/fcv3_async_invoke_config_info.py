#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: fcv3_async_invoke_config_info
short_description: List the asynchronous invocation settings of Function Compute 3.0 functions
version_added: 0.1.0
description:
  - Returns the async invoke configs (retry attempts, event age, async task mode, on-success and
    on-failure destinations) of one function qualifier, of one function, or of every function in the region.
  - Every page of the API's answer is fetched. Nothing found is an empty list, not a failure.
  - Reads what the Terraform resource C(alicloud_fcv3_async_invoke_config) manages.
  - The module's own options are O(function_name) and O(qualifier); every other option is a B(Connection option),
    the same in every module of the collection (see the notes).
author:
  - alicloud.fc maintainers (@alicloud-fc)
options:
  function_name:
    description:
      - Only the configs of this function, all its qualifiers.
      - Left out, the configs of every function in the region are returned.
    type: str
  qualifier:
    description:
      - Only the config of this qualifier of O(function_name), which is V(LATEST), a version id or an alias name.
      - Requires O(function_name).
    type: str
extends_documentation_fragment:
  - alicloud.fc.connection
  - alicloud.fc.attributes
  - alicloud.fc.attributes.info_module
seealso:
  - module: alicloud.fc.fcv3_async_invoke_config
'''

EXAMPLES = r'''
- name: List every async invoke config in the region
  alicloud.fc.fcv3_async_invoke_config_info:
    region: cn-hangzhou
  register: all_configs

- name: The configs of one function, all qualifiers
  alicloud.fc.fcv3_async_invoke_config_info:
    region: cn-hangzhou
    function_name: my-func
  register: my_func_configs

- name: The config of one alias
  alicloud.fc.fcv3_async_invoke_config_info:
    region: cn-hangzhou
    function_name: my-func
    qualifier: prod
  register: prod_config

- name: Set the region once for every module of the group
  module_defaults:
    group/alicloud.fc.fcv3:
      region: cn-hangzhou
      # The endpoint is left out: the region's public one (https://fcv3.cn-hangzhou.aliyuncs.com),
      # or ALIBABA_CLOUD_FC_ENDPOINT when that is set. Credentials come from the environment.
  block:
    - name: Find the functions whose failed events go to a queue
      alicloud.fc.fcv3_async_invoke_config_info:
      register: configs

    - name: Show them
      ansible.builtin.debug:
        msg: "{{ configs.async_invoke_configs
                 | selectattr('destination_config.on_failure', 'defined')
                 | map(attribute='function_name') | list }}"

- name: Drop the read-only keys to feed an item back to alicloud.fc.fcv3_async_invoke_config
  ansible.builtin.debug:
    msg: "{{ prod_config.async_invoke_configs[0] | dict2items
             | rejectattr('key', 'in', ['function_arn', 'created_time', 'last_modified_time'])
             | items2dict }}"
'''

RETURN = r'''
async_invoke_configs:
  description:
    - The configs found, every page fetched; an empty list when there are none.
    - Each item, less the read-only keys C(function_arn), C(created_time) and C(last_modified_time),
      is valid input for M(alicloud.fc.fcv3_async_invoke_config).
    - The service does not return a function name or qualifier with a listed config; they are derived from
      its C(function_arn), in either qualified form (C(functions/NAME/QUALIFIER) or C(functions/NAME:QUALIFIER));
      an ARN without a qualifier means V(LATEST).
  returned: success
  type: list
  elements: dict
  # The returned shape of a config is the same in every module and ansible-doc has no fragments for return values:
  # tests/unit/plugins/modules/test_documentation.py keeps the copies equal (on_success and on_failure alike).
  contains:
    function_name:
      description: The function.
      type: str
      returned: always
      sample: my-func
    qualifier:
      description: The qualifier - V(LATEST), a version id or an alias name.
      type: str
      returned: always
      sample: LATEST
    function_arn:
      description:
        - The ARN of the function, qualified for a version or an alias.
      type: str
      returned: when the service returns it
      sample: acs:fc:cn-hangzhou:123456789:functions/my-func
    async_task:
      description: Whether asynchronous task mode is on.
      type: bool
      returned: when the service returns it
      sample: false
    max_async_event_age_in_seconds:
      description: How long an event is kept for processing, in seconds.
      type: int
      returned: when the service returns it
      sample: 3600
    max_async_retry_attempts:
      description: How many times a failed invocation is retried.
      type: int
      returned: when the service returns it
      sample: 1
    destination_config:
      description: Where results go. Left out when no destination is set; a side without a destination is left out.
      type: dict
      returned: when a destination is set
      contains:
        on_success:
          description: Where the result of a successful invocation goes.
          type: dict
          returned: when set
          contains:
            destination:
              description: The ARN of the target.
              type: str
              returned: always
              sample: acs:fc:cn-hangzhou:123456789:functions/next
        on_failure:
          description: Where the event of a failed invocation goes.
          type: dict
          returned: when set
          contains:
            destination:
              description: The ARN of the target.
              type: str
              returned: always
              sample: acs:mns:cn-hangzhou:123456789:/queues/dlq/messages
    created_time:
      description: When the config was created (Terraform's C(create_time)).
      type: str
      returned: when the service returns it
      sample: "2024-01-01T00:00:00Z"
    last_modified_time:
      description: When the config was last changed.
      type: str
      returned: when the service returns it
      sample: "2024-01-01T00:00:00Z"
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

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.api import (
    get_async_invoke_config,
    list_async_invoke_configs,
)
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.rules import (
    function_name_error,
    qualifier_error,
)
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.shape import name_config, to_result
from ansible_collections.alicloud.fc.plugins.module_utils._errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils._module import FC3Module
from ansible_collections.alicloud.fc.plugins.module_utils._reconcile import missing_target_warning


def find_configs(client, function_name, qualifier, warn):
    """The configs asked for, in the returned shape; a function, version or alias the service does not know
    has none, which ``warn`` is told."""
    try:
        if qualifier:
            config = get_async_invoke_config(client, function_name, qualifier)
            return [] if config is None else [to_result(config, function_name, qualifier)]
        return [to_result(config, function_name) for config in list_async_invoke_configs(client, function_name)]
    except FC3Error as error:
        if function_name and error.missing_target:
            warn(missing_target_warning(error, function_name, qualifier))
            return []
        raise


def main():
    module = FC3Module(
        argument_spec=dict(
            function_name=dict(type='str'),
            qualifier=dict(type='str'),
        ),
        required_by={'qualifier': 'function_name'},
        supports_check_mode=True,
    )
    function_name = module.params['function_name']
    qualifier = module.params['qualifier']
    problems = [
        message
        for message in (
            function_name_error(function_name) if function_name is not None else None,
            qualifier_error(qualifier) if qualifier is not None else None,
        )
        if message
    ]
    if problems:
        module.fail_json(msg='; '.join(problems))

    if function_name:
        action = ('read ' if qualifier else 'list ') + name_config(function_name, qualifier)
    else:
        action = 'list the async invoke configs of region %s' % module.params['region']
    configs = module.answer_or_fail(lambda: find_configs(module.client, function_name, qualifier, module.warn), action)
    module.finish(dict(changed=False, async_invoke_configs=configs))


if __name__ == '__main__':
    main()
