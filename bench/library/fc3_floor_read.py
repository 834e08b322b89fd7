# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The benchmark's floor: the least a module can do for one item, import the SDK and make one read."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r'''
module: fc3_floor_read
short_description: Benchmark floor, reads one async invoke config with the bare SDK
description: Imports the SDK, builds a client and makes one GetAsyncInvokeConfig request. Used only by bench/.
author: alicloud.fc maintainers (@alicloud-fc)
options:
  function_name: {description: The function., type: str, required: true}
  endpoint: {description: host:port of the emulator., type: str, required: true}
  access_key_id: {description: Access key id., type: str, required: true}
  access_key_secret: {description: Access key secret., type: str, required: true}
'''

from ansible.module_utils.basic import AnsibleModule

from alibabacloud_fc20230330 import models
from alibabacloud_fc20230330.client import Client
from alibabacloud_tea_openapi.models import Config


def main():
    module = AnsibleModule(
        argument_spec=dict(
            function_name=dict(type='str', required=True),
            endpoint=dict(type='str', required=True),
            access_key_id=dict(type='str', required=True, no_log=False),
            access_key_secret=dict(type='str', required=True, no_log=True),
        )
    )
    client = Client(
        Config(
            region_id='cn-hangzhou',
            endpoint=module.params['endpoint'],
            protocol='http',
            access_key_id=module.params['access_key_id'],
            access_key_secret=module.params['access_key_secret'],
        )
    )
    response = client.get_async_invoke_config(
        module.params['function_name'], models.GetAsyncInvokeConfigRequest(qualifier='LATEST')
    )
    module.exit_json(changed=False, config=response.body.to_map())


if __name__ == '__main__':
    main()
