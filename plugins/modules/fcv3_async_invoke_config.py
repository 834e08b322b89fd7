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
    left out keeps the value the service has now; a new config gets the service's defaults for it (3 retry
    attempts, an event age of 86400 seconds, async task mode off, no destinations).
  - A task that changes nothing makes exactly one request, a read, for O(state=absent) too.
  - In check mode the config a create would make is predicted with the service's defaults for the settings
    left out, as the real run returns it.
  - When the answer to a write is lost (a timeout or a dropped connection after the request was sent), the
    module reads the config once more to learn the outcome. What it cannot learn it reports as a change that
    may have been applied, never as no change.
  - The module's own options are O(function_name), O(qualifier), O(state), O(async_task),
    O(max_async_event_age_in_seconds), O(max_async_retry_attempts), O(destination_config) and O(check_destinations);
    every other option is a B(Connection option), the same in every module of the collection (see the notes).
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
      - V(absent) removes it. The config is read first, so a config that does not exist costs no delete. A config
        or function that does not exist is not an error; the task reports no change (a function, version or alias
        that does not exist is also a warning that names it).
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
      - Where the results of asynchronous invocations go - O(destination_config.on_success) for invocations that
        succeeded, O(destination_config.on_failure) for those that failed after every retry or got too old.
      - When given, this is the whole set of destinations. A side left out, set to V(null) or without
        O(destination_config.on_success.destination) is removed; V({}) removes both.
      - Left out, the destinations stay as they are.
      - A destination is the ARN of a Function Compute function, an MNS queue or topic, an EventBridge event
        bus or an ApsaraMQ for RocketMQ topic, for example V(acs:fc:cn-hangzhou:123456789:functions/next)
        or V(acs:mns:cn-hangzhou:123456789:/queues/dlq/messages). The account id may be left empty, as in
        V(acs:fc:cn-hangzhou::functions/next), which the service accepts. An ARN that is not of this form
        (C(acs:SERVICE:REGION:ACCOUNT_ID:RESOURCE)) or names another service is refused before any request; what
        the resource part names is the service's to judge, and O(check_destinations) looks up Function Compute
        functions.
    type: dict
    suboptions:
      on_success:
        description: Where the result of a successful invocation goes.
        type: dict
        suboptions:
          destination:
            description: The ARN of the target.
            type: str
      on_failure:
        description: Where the event of a failed invocation goes.
        type: dict
        suboptions:
          destination:
            description: The ARN of the target.
            type: str
  check_destinations:
    description:
      - Before a config is written (or predicted to be, in check mode), look up each Function Compute function of
        the task's region that O(destination_config) names, with one C(GetFunction) request per function (and
        qualifier). The service stores a destination that does not exist and drops the events sent to it later.
      - A function, version or alias that does not exist, an C(acs:fc) ARN whose resource is not
        C(functions/NAME) (such as C(function/x)) and a lookup that fails or is not allowed are warnings, never
        failures. Destinations of other services and of other regions are left to the service.
      - A task that changes nothing makes no lookup.
    type: bool
    default: true
extends_documentation_fragment:
  - alicloud.fc.connection
  - alicloud.fc.attributes
  - alicloud.fc.attributes.manage_module
notes:
  - Every setting is sent with each write, so the result is the same whether the service merges a write
    into the stored config or replaces it.
  - Terraform users - the arguments keep their names; C(destination_config) is a dict here, not a list block.
    Terraform's C(id) (the function name) corresponds to O(function_name) plus O(qualifier), which together name
    a config here; its computed C(create_time) is RV(async_invoke_config.created_time). There is no C(timeouts)
    block - O(retries), O(retry_timeout), O(connect_timeout) and O(read_timeout) bound every request instead.
    To adopt a config that exists (what C(terraform import) does), run the module with the settings it should
    have - it reads the config first and changes only what differs.
seealso:
  - module: alicloud.fc.fcv3_async_invoke_config_info
  - name: PutAsyncInvokeConfig in the Function Compute 3.0 API reference
    description: What the service stores and the ranges it accepts.
    link: https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/developer-reference/api-fc-2023-03-30-putasyncinvokeconfig
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

- name: Set the region once for every module of the group
  module_defaults:
    group/alicloud.fc.fcv3:
      region: cn-hangzhou
      # The endpoint is left out: the region's public one (https://fcv3.cn-hangzhou.aliyuncs.com),
      # or ALIBABA_CLOUD_FC_ENDPOINT when that is set. Credentials come from the environment.
  block:
    - name: Read the configs of a function
      alicloud.fc.fcv3_async_invoke_config_info:
        function_name: my-func
      register: found

    - name: Copy them to another function, setting each option from the item that was read
      alicloud.fc.fcv3_async_invoke_config:
        function_name: my-func-copy
        qualifier: "{{ item.qualifier }}"
        async_task: "{{ item.async_task | default(omit) }}"
        max_async_event_age_in_seconds: "{{ item.max_async_event_age_in_seconds | default(omit) }}"
        max_async_retry_attempts: "{{ item.max_async_retry_attempts | default(omit) }}"
        destination_config: "{{ item.destination_config | default({}) }}"
      loop: "{{ found.async_invoke_configs }}"
'''

RETURN = r'''
async_invoke_config:
  description:
    - The config after the task, in the shape of the items of M(alicloud.fc.fcv3_async_invoke_config_info).
    - In check mode, the predicted config. V({}) after O(state=absent).
    - When a write fails, the config as last read; left out when that is not known.
  returned: always, and on failure when known
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
        - Not known in check mode before the config exists.
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
      description: When the config was last changed. Not predicted in check mode.
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
      returned: always
    after:
      description: The config after the task (predicted in check mode).
      type: dict
      returned: always
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
      sample: FunctionNotFound
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
      sample: 404
'''

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.rules import (
    CHECK_DESTINATIONS_SPEC,
    config_argument_spec,
    input_errors,
)
from ansible_collections.alicloud.fc.plugins.module_utils._async_config.shape import desired_config
from ansible_collections.alicloud.fc.plugins.module_utils._destinations import DestinationCheck
from ansible_collections.alicloud.fc.plugins.module_utils._module import FC3Module
from ansible_collections.alicloud.fc.plugins.module_utils._reconcile import ensure_absent, ensure_present


def main():
    module = FC3Module(
        argument_spec=dict(config_argument_spec(), check_destinations=CHECK_DESTINATIONS_SPEC), supports_check_mode=True
    )
    problems = input_errors(module.params)
    if problems:
        module.fail_json(msg='; '.join(problems))

    params = module.params
    if params['state'] == 'present':
        destinations = DestinationCheck(module.client, module.client.region) if params['check_destinations'] else None
        item = ensure_present(
            module.client,
            params['function_name'],
            params['qualifier'],
            desired_config(params),
            check_mode=module.check_mode,
            check_destinations=destinations,
        )
        item.warnings.extend(destinations.warnings if destinations else [])
    else:
        # Read first: a config that is not there costs no write (a converged run sends no delete).
        item = ensure_absent(module.client, params['function_name'], params['qualifier'], check_mode=module.check_mode)

    module.finish(item.outcome(diff=module._diff), item.warnings, failure=item.msg, error=item.error)


if __name__ == '__main__':
    main()
