#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: fcv3_async_invoke_configs
short_description: Manage the asynchronous invocation settings of many Function Compute 3.0 functions in one task
version_added: 0.1.0
description:
  - Reconciles the async invoke configs of many function qualifiers in one task, with one SDK client and a bounded
    number of requests in flight. The fleet counterpart of M(alicloud.fc.fcv3_async_invoke_config) - per item it
    means exactly what that module means (the same validation, merge, compare and prediction, the same returned
    shape) - for the cost of one process instead of one per function.
  - An item with O(configs[].state=present) is read and written only when the result would differ; a setting it
    leaves out is taken from O(defaults), and one left out there keeps the value the service has now (a new config
    gets the service's defaults - 3 retry attempts, an event age of 86400 seconds, async task mode off, no
    destinations). An item with O(configs[].state=absent) is removed.
  - A task that changes nothing makes at most one request per item (one list per function with O(purge)), for
    O(configs[].state=absent) items too (they are read, not deleted blindly); a changed item costs one read and one
    write at most. Check mode makes no write.
  - A task of 100 items or more (functions, with O(purge)) reads the region's configs by the page instead - every
    function's configs, 100 a page, with C(ListAsyncInvokeConfigs) - as long as the pages cost fewer requests than
    half of its items; a no-op over 1,000 configured functions in a region of 1,000 configs then costs 10 requests.
    In a larger region it stops paging there and reads the items the pages did not hold one by one, so it never
    costs more than 1.5 times its reads without pages. The outcome is the same either way - a page only proves
    that an item needs no write; an item whose config the pages do not hold is read, and one that needs a write
    is read again before it is written.
  - The writes to the configs of one function are sent one at a time (a service may refuse concurrent updates of
    one function); items of different functions are written in parallel. C(409 ConcurrentUpdateError) is retried
    like throttling.
  - RV(summary) counts what the task did (in check mode, what it would do) and RV(msg) says it in one line, such as
    C(3 created, 2 updated, 1 deleted, 994 unchanged, 0 failed).
  - Any invalid item fails the whole task before any request. When items fail at the API, the others are still
    applied; the task then fails with a message that counts the failures and names the first three, and
    RV(results) shows every item.
  - The module's own options are O(configs), O(defaults), O(purge), O(concurrency) and O(check_destinations);
    every other option is a B(Connection option), the same in every module of the collection (see the notes).
author:
  - alicloud.fc maintainers (@alicloud-fc)
options:
  configs:
    description:
      - The function qualifiers and what their configs should be. Each function and qualifier may be listed once.
    type: list
    elements: dict
    required: true
    suboptions:
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
          - V(present) creates or updates the config, V(absent) removes it (a config or function that does not exist
            is no change).
        type: str
        choices: [present, absent]
        default: present
      async_task:
        description:
          - Whether asynchronous task mode is on. Left out, O(defaults.async_task) applies.
        type: bool
      max_async_event_age_in_seconds:
        description:
          - How long an event may wait to be processed, in seconds, from V(1) to V(604800).
            Left out, O(defaults.max_async_event_age_in_seconds) applies.
        type: int
      max_async_retry_attempts:
        description:
          - How many times a failed asynchronous invocation is retried, from V(0) to V(8).
            Left out, O(defaults.max_async_retry_attempts) applies.
        type: int
      destination_config:
        description:
          - The whole set of destinations of this item, as in M(alicloud.fc.fcv3_async_invoke_config) - a side left
            out is removed, V({}) removes both. Given, it replaces O(defaults.destination_config) whole; left out,
            the default one applies.
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
  # The settings' docs are those of configs[] (ansible-doc has no fragments for suboptions of one module).
  defaults:
    description:
      - Settings used by every item with O(configs[].state=present) that leaves them out.
    type: dict
    default: {}
    suboptions:
      async_task:
        description: Whether asynchronous task mode is on.
        type: bool
      max_async_event_age_in_seconds:
        description: How long an event may wait to be processed, in seconds, from V(1) to V(604800).
        type: int
      max_async_retry_attempts:
        description: How many times a failed asynchronous invocation is retried, from V(0) to V(8).
        type: int
      destination_config:
        description: The default set of destinations; an item's own O(configs[].destination_config) replaces it whole.
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
  purge:
    description:
      - Also remove, for every function named in O(configs), the configs of qualifiers that O(configs) does not list.
        Functions not named in O(configs) are never touched.
      - With O(purge=true) each named function's configs are listed once (one request per function) instead of
        read one by one, or read from the region's pages (see the description).
    type: bool
    default: false
  concurrency:
    description:
      - How many requests may be in flight at once, from V(1) to V(64).
      - Once the service throttles the task, every worker takes its turn from one shared rate that follows the
        service's limit, so more concurrency does not make a throttled task faster; see the notes.
      - Each request still has its own O(retries) and O(retry_timeout) for errors other than throttling, so an
        item that keeps failing ends within the retry bound while the others go on.
    type: int
    default: 8
  check_destinations:
    description:
      - Before the configs are written (or predicted to be, in check mode), look up each Function Compute function of
        the task's region that the written items name as a destination, with one C(GetFunction) request per
        function (and qualifier) for the whole task, however many items name it.
      - A function, version or alias that does not exist, an C(acs:fc) ARN whose resource is not C(functions/NAME)
        (such as C(function/x)) and a lookup that fails or is not allowed are warnings, never failures. Destinations
        of other services and of other regions are left to the service. A task that changes nothing makes no lookup.
    type: bool
    default: true
extends_documentation_fragment:
  - alicloud.fc.connection
  - alicloud.fc.attributes
  - alicloud.fc.attributes.manage_module
notes:
  - Retries of single requests are summed up in one warning rather than one warning each.
  - At the service's rate limit the task paces itself - every worker draws from one client-side token bucket whose
    rate a throttling answer cuts and other answers raise again (the scheme of botocore's C(adaptive) retry mode),
    and a wait the service asks for with C(x-acs-retry-after) holds back every worker. A throttled request is sent
    again in its turn and does not count against O(retries); an item fails on throttling only when no request of
    the task has got an answer for O(retry_timeout) seconds, and items not sent by then fail with the code
    C(NotAttempted). One warning counts the throttled requests and gives the rate the task settled at.
  - Migrating from a C(loop) over M(alicloud.fc.fcv3_async_invoke_config) - put the loop's items in O(configs), its
    shared options in O(defaults), and register the task once; RV(results) has one entry per item, in the same order.
seealso:
  - module: alicloud.fc.fcv3_async_invoke_config
  - module: alicloud.fc.fcv3_async_invoke_config_info
  - name: PutAsyncInvokeConfig in the Function Compute 3.0 API reference
    description: What the service stores and the ranges it accepts.
    link: https://www.alibabacloud.com/help/en/functioncompute/fc-3-0/developer-reference/api-fc-2023-03-30-putasyncinvokeconfig
'''

EXAMPLES = r'''
- name: One policy for a fleet of functions, with per-function exceptions
  alicloud.fc.fcv3_async_invoke_configs:
    region: cn-hangzhou
    defaults:
      max_async_retry_attempts: 2
      max_async_event_age_in_seconds: 3600
      destination_config:
        on_failure:
          destination: acs:mns:cn-hangzhou:123456789:/queues/dlq/messages
    configs:
      - function_name: orders
      - function_name: billing
        # Per-function settings win over the defaults.
        max_async_retry_attempts: 0
        # An item's destination_config replaces the default one whole.
        destination_config:
          on_success:
            destination: acs:fc:cn-hangzhou:123456789:functions/billing-audit
      - function_name: mailer
        qualifier: prod
      - function_name: legacy
        state: absent

- name: Exactly these qualifiers of these functions - remove every other config they have
  alicloud.fc.fcv3_async_invoke_configs:
    region: cn-hangzhou
    purge: true
    defaults:
      max_async_retry_attempts: 1
    configs:
      - function_name: orders
        qualifier: LATEST
      - function_name: orders
        qualifier: prod

- name: See what would change across the fleet, without changing anything
  alicloud.fc.fcv3_async_invoke_configs:
    region: cn-hangzhou
    defaults:
      max_async_retry_attempts: 3
    configs: "{{ fleet }}"
  check_mode: true
  diff: true
  register: preview

- name: Migrating a loop of the single module - before
  alicloud.fc.fcv3_async_invoke_config:
    region: cn-hangzhou
    function_name: "{{ item }}"
    max_async_retry_attempts: 2
  loop: [orders, billing, mailer]

- name: Migrating a loop of the single module - after, one task
  alicloud.fc.fcv3_async_invoke_configs:
    region: cn-hangzhou
    defaults:
      max_async_retry_attempts: 2
    configs:
      - function_name: orders
      - function_name: billing
      - function_name: mailer

- name: Copy every config of one function to another (ansible.builtin filters only)
  module_defaults:
    group/alicloud.fc.fcv3:
      region: cn-hangzhou
  block:
    - name: Read the configs of the source function
      alicloud.fc.fcv3_async_invoke_config_info:
        function_name: orders
      register: source

    - name: Write them to the copy, dropping the read-only keys of each item
      alicloud.fc.fcv3_async_invoke_configs:
        configs: "{{ source.async_invoke_configs | map('dict2items')
                     | map('rejectattr', 'key', 'in', ['function_arn', 'created_time', 'last_modified_time'])
                     | map('list') | map('items2dict') | map('combine', {'function_name': 'orders-copy'}) | list }}"

- name: Copy every config of a region to another region
  module_defaults:
    group/alicloud.fc.fcv3:
      region: cn-hangzhou
  block:
    - name: Read every config of the region
      alicloud.fc.fcv3_async_invoke_config_info:
      register: everything

    - name: Write them in the other region
      alicloud.fc.fcv3_async_invoke_configs:
        region: cn-shanghai
        configs: "{{ everything.async_invoke_configs | map('dict2items')
                     | map('rejectattr', 'key', 'in', ['function_arn', 'created_time', 'last_modified_time'])
                     | map('list') | map('items2dict') | list }}"
'''

RETURN = r'''
changed:
  description: Whether any item changed (or would, in check mode).
  returned: always
  type: bool
results:
  description:
    - One entry per item of O(configs), in the same order, then one per config removed by O(purge).
  returned: always
  type: list
  elements: dict
  contains:
    function_name:
      description: The function of the item.
      type: str
      returned: always
      sample: orders
    qualifier:
      description: The qualifier of the item.
      type: str
      returned: always
      sample: LATEST
    state:
      description: V(present) or V(absent); V(absent) for a config removed by O(purge).
      type: str
      returned: always
      sample: present
    changed:
      description: Whether this item changed (or would, in check mode).
      type: bool
      returned: always
      sample: true
    failed:
      description: Whether this item failed.
      type: bool
      returned: when the item failed
      sample: true
    msg:
      description: What failed and what that means for the config.
      type: str
      returned: when the item failed
    # The same error in every module (no fragments for return values): test_documentation.py keeps the copies equal.
    error:
      description: What the API answered for the item.
      type: dict
      returned: when the item failed at the API
      contains:
        code:
          description:
            - The API error code, or what went wrong when no answer of the service came (V(RequestTimeout),
              V(ConnectionError), V(HostNotFound) (a name that does not resolve), V(TLSError), V(InvalidResponse) (an
              answer that is not the service's JSON), V(InvalidCredentials)).
            - V(NotAttempted) when the item's request was never sent, because no request of the task had got an answer
              for O(retry_timeout) seconds.
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
    diff:
      description: The item's config before and after, V({}) for none.
      type: dict
      returned: in diff mode
      contains:
        before:
          description: The config before the task.
          type: dict
          returned: always
        after:
          description: The config after the task (predicted in check mode).
          type: dict
          returned: always
    async_invoke_config:
      description:
        - The item's config after the task, in the shape of M(alicloud.fc.fcv3_async_invoke_config)'s
          RV(alicloud.fc.fcv3_async_invoke_config#module:async_invoke_config); predicted in check mode;
          V({}) when there is none.
        - For a failed item, the config as last read; left out when that is not known.
      type: dict
      returned: always, and for a failed item when known
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
              description: >-
                Where results go. Left out when no destination is set; a side without a destination is left out.
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
summary:
  description:
    - How many items (and configs removed by O(purge)) were created, updated, deleted, left unchanged and failed;
      in check mode, what the real run would do. A failed item counts as failed only.
  returned: always
  type: dict
  contains:
    created:
      description: Configs created.
      type: int
      returned: always
      sample: 3
    updated:
      description: Configs updated.
      type: int
      returned: always
      sample: 2
    deleted:
      description: Configs deleted, by O(configs[].state=absent) or O(purge).
      type: int
      returned: always
      sample: 1
    unchanged:
      description: Items that needed no change.
      type: int
      returned: always
      sample: 994
    failed:
      description: Items that failed.
      type: int
      returned: always
      sample: 0
msg:
  description:
    - RV(summary) in one line; when items failed, the message that counts and names them instead.
  returned: always
  type: str
  sample: 3 created, 2 updated, 1 deleted, 994 unchanged, 0 failed
diff:
  description:
    - One C(before) / C(after) pair per changed item, each with a header naming the function and qualifier.
  returned: in diff mode
  type: list
  elements: dict
'''

from ansible_collections.alicloud.fc.plugins.module_utils._async_config.rules import (
    CHECK_DESTINATIONS_SPEC,
    config_argument_spec,
    settings_argument_spec,
)
from ansible_collections.alicloud.fc.plugins.module_utils._destinations import DestinationCheck
from ansible_collections.alicloud.fc.plugins.module_utils._fleet import (
    DEFAULT_CONCURRENCY,
    RetryCounter,
    input_errors,
    reconcile_fleet,
)
from ansible_collections.alicloud.fc.plugins.module_utils._module import FC3Module


def labelled_diff(result):
    diff = result.diff()
    # The default callback shows them as "--- before: NAME:QUALIFIER" / "+++ after: NAME:QUALIFIER".
    diff['before_header'] = diff['after_header'] = '%s:%s' % (result.function_name, result.qualifier)
    return diff


def main():
    module = FC3Module(
        argument_spec=dict(
            configs=dict(type='list', elements='dict', required=True, options=config_argument_spec()),
            defaults=dict(type='dict', default={}, options=settings_argument_spec()),
            purge=dict(type='bool', default=False),
            concurrency=dict(type='int', default=DEFAULT_CONCURRENCY),
            check_destinations=CHECK_DESTINATIONS_SPEC,
        ),
        supports_check_mode=True,
    )
    params = module.params
    problems = input_errors(params['configs'], params['defaults'], params['concurrency'])
    if problems:
        module.fail_json(msg='; '.join(problems))

    retries = RetryCounter()
    client = module.client_for(pool_size=params['concurrency'], on_retry=retries, paced=True)
    fleet = reconcile_fleet(
        client,
        params['configs'],
        params['defaults'],
        purge=params['purge'],
        concurrency=params['concurrency'],
        check_mode=module.check_mode,
        check_destinations=DestinationCheck(client, client.region) if params['check_destinations'] else None,
    )

    result = dict(
        changed=fleet.changed,
        results=[item.as_dict(diff=module._diff) for item in fleet.all],
        summary=fleet.summary,
    )
    failure = fleet.failure_message()
    if failure is None:
        result['msg'] = fleet.summary_line()
    if module._diff:
        result['diff'] = [labelled_diff(item) for item in fleet.all if item.changed]
    first_failed = fleet.failures[0][1] if fleet.failures else None
    module.finish(
        result,
        fleet.warnings + [client.rate_limiter.summary(), retries.summary()],
        failure=failure,
        error=first_failed and first_failed.error,
    )


if __name__ == '__main__':
    main()
