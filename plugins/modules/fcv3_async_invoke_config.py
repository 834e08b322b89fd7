#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
module: fcv3_async_invoke_config
short_description: Manage the asynchronous invocation settings of a Function Compute 3.0 function
version_added: 0.1.0
description:
  - Creates, updates or removes the async invoke config of a function qualifier (retry attempts, event age,
    async task mode, on-success and on-failure destinations). The Ansible counterpart of the Terraform resource
    C(alicloud_fcv3_async_invoke_config), with the same argument names.
  - With O(state=present) the current config is read and written only when the result would differ. An option
    left out keeps the value the service has now; a new config gets the service's defaults for it.
  - A task that changes nothing makes exactly one request.
author:
  - alicloud.fc maintainers (@alicloud-fc)
options:
  function_name:
    description:
      - The function.
    type: str
    required: true
  qualifier:
    description:
      - V(LATEST), a version id or an alias name.
    type: str
    default: LATEST
  state:
    description:
      - V(present) creates or updates the config.
      - V(absent) removes it. A config or function that does not exist is not an error; the task reports no change.
    type: str
    choices: [present, absent]
    default: present
  async_task:
    description:
      - Whether asynchronous task mode is on.
    type: bool
  max_async_event_age_in_seconds:
    description:
      - How long an event may wait to be processed, in seconds, from V(1) to V(604800) (7 days).
    type: int
  max_async_retry_attempts:
    description:
      - How many times a failed asynchronous invocation is retried, from V(0) to V(8).
    type: int
  destination_config:
    description:
      - Where the results of asynchronous invocations go.
      - When given, this is the whole set of destinations. A side left out, set to V(null) or without
        O(destination_config.on_success.destination) is removed; V({}) removes both.
      - Left out, the destinations stay as they are.
      - A destination is the ARN of a Function Compute function, an MNS queue or topic, an EventBridge event
        bus or an ApsaraMQ for RocketMQ topic, for example V(acs:fc:cn-hangzhou:123456789:functions/next)
        or V(acs:mns:cn-hangzhou:123456789:/queues/dlq/messages). Malformed ARNs and other services are
        refused before any request.
    type: dict
    suboptions:
      on_success:
        description: Target of successful invocations.
        type: dict
        suboptions:
          destination:
            description: The ARN of the target.
            type: str
      on_failure:
        description: Target of failed invocations.
        type: dict
        suboptions:
          destination:
            description: The ARN of the target.
            type: str
extends_documentation_fragment:
  - alicloud.fc.connection
  - alicloud.fc.attributes
  - alicloud.fc.attributes.manage_module
notes:
  - Every setting is sent with each write, so the result is the same whether the service merges a write
    into the stored config or replaces it.
  - Terraform users - the arguments keep their names; C(destination_config) is a dict here, not a list block.
seealso:
  - module: alicloud.fc.fcv3_async_invoke_config_info
'''

EXAMPLES = r'''
- name: Retry failed events once, keep them an hour, send both outcomes on
  alicloud.fc.fcv3_async_invoke_config:
    region: cn-hangzhou
    function_name: my-func
    max_async_retry_attempts: 1
    max_async_event_age_in_seconds: 3600
    async_task: false
    destination_config:
      on_success:
        destination: acs:fc:cn-hangzhou:123456789:functions/next
      on_failure:
        destination: acs:mns:cn-hangzhou:123456789:/queues/dlq/messages

- name: Change one setting; every other setting keeps its value
  alicloud.fc.fcv3_async_invoke_config:
    region: cn-hangzhou
    function_name: my-func
    max_async_retry_attempts: 3

- name: Remove the on-success destination, keep on-failure
  alicloud.fc.fcv3_async_invoke_config:
    region: cn-hangzhou
    function_name: my-func
    destination_config:
      on_failure:
        destination: acs:mns:cn-hangzhou:123456789:/queues/dlq/messages

- name: Remove both destinations
  alicloud.fc.fcv3_async_invoke_config:
    region: cn-hangzhou
    function_name: my-func
    destination_config: {}

- name: The config of an alias
  alicloud.fc.fcv3_async_invoke_config:
    region: cn-hangzhou
    function_name: my-func
    qualifier: prod
    max_async_retry_attempts: 0

- name: See what would change, without changing it
  alicloud.fc.fcv3_async_invoke_config:
    region: cn-hangzhou
    function_name: my-func
    max_async_retry_attempts: 2
  check_mode: true
  diff: true
  register: preview

- name: Delete the config
  alicloud.fc.fcv3_async_invoke_config:
    region: cn-hangzhou
    function_name: my-func
    state: absent

- name: Set the region and endpoint once for every module of the group
  module_defaults:
    group/alicloud.fc.fcv3:
      region: cn-hangzhou
      endpoint: https://fcv3.cn-hangzhou.aliyuncs.com
  block:
    - name: Read the configs of a function
      alicloud.fc.fcv3_async_invoke_config_info:
        function_name: my-func
      register: found

    - name: Copy them to another function, dropping the read-only keys
      alicloud.fc.fcv3_async_invoke_config: "{{ item | dict2items
        | rejectattr('key', 'in', ['function_arn', 'created_time', 'last_modified_time'])
        | items2dict | combine({'function_name': 'my-func-copy'}) }}"
      loop: "{{ found.async_invoke_configs }}"
'''

RETURN = r'''
async_invoke_config:
  description:
    - The config after the task, in the shape of the items of M(alicloud.fc.fcv3_async_invoke_config_info).
    - In check mode, the predicted config. V({}) after O(state=absent).
    - When a write fails, the config as it was before the task.
  returned: always
  type: dict
  sample:
    function_name: my-func
    qualifier: LATEST
    function_arn: acs:fc:cn-hangzhou:123456789:functions/my-func
    async_task: false
    max_async_event_age_in_seconds: 3600
    max_async_retry_attempts: 1
    destination_config:
      on_success: {destination: "acs:fc:cn-hangzhou:123456789:functions/next"}
      on_failure: {destination: "acs:mns:cn-hangzhou:123456789:/queues/dlq/messages"}
    created_time: "2024-01-01T00:00:00Z"
    last_modified_time: "2024-01-01T00:00:00Z"
  contains:
    function_name:
      description: The function.
      type: str
      sample: my-func
    qualifier:
      description: The qualifier.
      type: str
      sample: LATEST
    function_arn:
      description: The ARN of the function. Not known in check mode before the config exists.
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
      description: Where results go; absent when no destination is set.
      type: dict
      returned: when a destination is set
      contains:
        on_success:
          description: Target of successful invocations.
          type: dict
          returned: when set
          contains:
            destination:
              description: The ARN of the target.
              type: str
              sample: acs:fc:cn-hangzhou:123456789:functions/next
        on_failure:
          description: Target of failed invocations.
          type: dict
          returned: when set
          contains:
            destination:
              description: The ARN of the target.
              type: str
              sample: acs:mns:cn-hangzhou:123456789:/queues/dlq/messages
    created_time:
      description: When the config was created.
      type: str
      returned: when the service returns it
      sample: "2024-01-01T00:00:00Z"
    last_modified_time:
      description: When the config was last changed.
      type: str
      returned: when the service returns it
      sample: "2024-01-01T00:00:00Z"
diff:
  description: The config before and after, in the shape of RV(async_invoke_config); V({}) for none.
  returned: in diff mode
  type: dict
  contains:
    before:
      description: The config before the task.
      type: dict
    after:
      description: The config after the task (predicted in check mode).
      type: dict
error:
  description: What the API answered when a call failed.
  returned: on API failure
  type: dict
  contains:
    code:
      description: The API error code.
      type: str
      sample: FunctionNotFound
    message:
      description: The service's message.
      type: str
    request_id:
      description: The request id, to quote to Alibaba Cloud support.
      type: str
    status_code:
      description: The HTTP status; absent for timeouts and connection errors.
      type: int
      sample: 404
'''

from ansible_collections.alicloud.fc.plugins.module_utils.async_config import (
    changed_fields,
    desired_config,
    input_errors,
    merge_config,
    predict_result,
    put_body,
    to_result,
)
from ansible_collections.alicloud.fc.plugins.module_utils.errors import FC3Error
from ansible_collections.alicloud.fc.plugins.module_utils.module import FC3Module

DESTINATION_SPEC = dict(type='dict', options=dict(destination=dict(type='str')))


def describe(function_name, qualifier):
    return "the async invoke config of function '%s' (qualifier %s)" % (function_name, qualifier)


def write_failure_note(error):
    if error.every_attempt_answered:
        return 'The service refused the write, so the config is as it was.'
    return 'An attempt got no answer, so the write may have been applied; read the config to see.'


def ensure_present(module, function_name, qualifier):
    client = module.client
    try:
        current_api = client.get_async_invoke_config(function_name, qualifier)
    except FC3Error as error:
        module.fail_fc3_error(error, 'read ' + describe(function_name, qualifier))
    current = to_result(current_api, function_name, qualifier) if current_api is not None else None
    desired = desired_config(module.params)
    if current is not None and not changed_fields(current, desired):
        return False, current, current
    merged = merge_config(current, desired)
    if module.check_mode:
        return True, current, predict_result(current, merged, function_name, qualifier)
    try:
        stored = client.put_async_invoke_config(function_name, qualifier, put_body(merged))
    except FC3Error as error:
        action = ('update ' if current is not None else 'create ') + describe(function_name, qualifier)
        module.fail_fc3_error(error, action, note=write_failure_note(error), async_invoke_config=current or {})
    after = to_result(stored, function_name, qualifier)
    mismatched = changed_fields(after, desired)
    if mismatched:
        module.warn('The service answered the write with a config that differs from the one requested in: %s'
                    % ', '.join(mismatched))
    return True, current, after


def ensure_absent(module, function_name, qualifier):
    client = module.client
    current = None
    # Without check or diff mode the delete alone answers whether there was a config: one request.
    if module.check_mode or module._diff:
        try:
            current_api = client.get_async_invoke_config(function_name, qualifier)
        except FC3Error as error:
            if not error.missing_target:
                module.fail_fc3_error(error, 'read ' + describe(function_name, qualifier))
            current_api = None
        if current_api is None:
            return False, None, {}
        current = to_result(current_api, function_name, qualifier)
        if module.check_mode:
            return True, current, {}
    try:
        deleted = client.delete_async_invoke_config(function_name, qualifier)
    except FC3Error as error:
        module.fail_fc3_error(error, 'delete ' + describe(function_name, qualifier), note=write_failure_note(error))
    return deleted, current, {}


def main():
    module = FC3Module(
        argument_spec=dict(
            function_name=dict(type='str', required=True),
            qualifier=dict(type='str', default='LATEST'),
            state=dict(type='str', choices=['present', 'absent'], default='present'),
            async_task=dict(type='bool'),
            max_async_event_age_in_seconds=dict(type='int'),
            max_async_retry_attempts=dict(type='int'),
            destination_config=dict(type='dict', options=dict(on_success=DESTINATION_SPEC, on_failure=DESTINATION_SPEC)),
        ),
        supports_check_mode=True,
    )
    problems = input_errors(module.params)
    if problems:
        module.fail_json(msg='; '.join(problems))

    function_name = module.params['function_name']
    qualifier = module.params['qualifier']
    if module.params['state'] == 'present':
        changed, before, after = ensure_present(module, function_name, qualifier)
    else:
        changed, before, after = ensure_absent(module, function_name, qualifier)

    result = dict(changed=changed, async_invoke_config=after)
    if module._diff:
        result['diff'] = dict(before=before or {}, after=after)
    module.exit_json(**result)


if __name__ == '__main__':
    main()
