# -*- coding: utf-8 -*-
# Copyright: (c) 2026, alicloud.fc contributors
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    """Options every alicloud.fc module shares: region, credentials, endpoint, timeouts and retries."""

    DOCUMENTATION = r'''
requirements:
  - python >= 3.11
  - alibabacloud-fc20230330 >= 4.7.0
  - alibabacloud-tea-openapi >= 0.4.3
  - alibabacloud-credentials >= 1.0.2
options:
  # Every option starts with the same mark: ansible-doc lists them alphabetically among a module's own options.
  region:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The Alibaba Cloud region id, for example V(cn-hangzhou).
      - Required, from this option or the environment.
      - If not set, the value of the E(ALIBABA_CLOUD_REGION_ID) or E(ALICLOUD_REGION) environment variable is used,
        first set wins.
    type: str
    aliases: [region_id]
  access_key_id:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The AccessKey ID.
      - If not set, the value of the E(ALIBABA_CLOUD_ACCESS_KEY_ID) or E(ALICLOUD_ACCESS_KEY) environment variable
        is used.
      - When no AccessKey is given at all, credentials come from the C(alibabacloud-credentials) default chain
        (credentials file, CLI profile, ECS RAM role, OIDC role).
      - The ID identifies the key but is not a secret, so it is not masked in output.
    type: str
    aliases: [access_key]
  access_key_secret:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The AccessKey secret. Required with O(access_key_id).
      - If not set, the value of the E(ALIBABA_CLOUD_ACCESS_KEY_SECRET) or E(ALICLOUD_SECRET_KEY) environment
        variable is used.
    type: str
    aliases: [secret_key]
  security_token:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The STS security token, when O(access_key_id) and O(access_key_secret) are temporary STS credentials.
      - If not set, the value of the E(ALIBABA_CLOUD_SECURITY_TOKEN) or E(ALICLOUD_SECURITY_TOKEN) environment
        variable is used.
    type: str
  endpoint:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The Function Compute API endpoint, as V(https://host[:port]) or V(http://host[:port]).
        A bare host name is taken as HTTPS.
      - Defaults to the SDK's endpoint for O(region), which is V(https://fcv3.REGION.aliyuncs.com) for most regions,
        for example V(https://fcv3.cn-hangzhou.aliyuncs.com).
      - If not set, the value of the E(ALIBABA_CLOUD_FC_ENDPOINT) environment variable is used.
    type: str
  proxy:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The HTTP proxy every API request goes through, as V(http://host:port) or
        V(http://user:password@host:port) (V(https://...) for a TLS proxy). Overrides the environment.
      - If not set, the proxy environment variables are honoured as by other HTTP clients -
        E(https_proxy) or E(http_proxy) by the protocol of the endpoint, then E(all_proxy) (lower case first, then
        upper case) - unless E(no_proxy) covers the endpoint (host names, V(.domain) suffixes, IP addresses,
        CIDR ranges, V(host:port), or V(*)).
      - A password in the URL is masked in all output, like the secret options.
    type: str
  ca_bundle:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - A file of PEM CA certificates to verify the endpoint's (and an HTTPS proxy's) TLS certificate with,
        instead of the bundle the SDK ships, for example a corporate TLS-inspecting proxy's CA.
      - If not set, the value of the E(ALIBABA_CLOUD_CA_BUNDLE) environment variable is used.
    type: path
  validate_certs:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - Whether to verify the TLS certificate of the endpoint. Turn it off only against a test endpoint.
    type: bool
    default: true
  connect_timeout:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - Seconds to wait for a connection to the API.
    type: float
    default: 5
  read_timeout:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - Seconds to wait for an answer to one request.
    type: float
    default: 10
  retries:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - How many times a request that failed with throttling, a 5xx answer, a timeout or a connection error
        is tried again, with exponential backoff and jitter. Client errors (4xx other than 429) are never retried.
      - Each retry is reported as a warning.
    type: int
    default: 5
  retry_timeout:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - Upper bound, in seconds, on the time one API request may take with all its retries and waits.
        With the defaults a request that keeps failing ends the task in under 60 seconds.
    type: float
    default: 50
notes:
  - The options marked B(Connection option) (region, credentials, endpoint, proxy, certificates, timeouts and retries)
    are the same in every module of the collection; set them once for all of them with C(module_defaults) for
    C(group/alicloud.fc.fcv3), or from the environment. ansible-doc lists them in alphabetical order among the
    module's own options.
  - "The modules talk to the Function Compute 3.0 API (version 2023-03-30) from the host they run on;
    run them on the controller with C(delegate_to: localhost) or a local connection."
  - A failed API call returns C(error) with the API error code, the service's message, the request id and
    the HTTP status; the message also names the endpoint the request went to. Secrets never appear in messages
    or returned values.
  - Only the service's own "not found" answers (C(AsyncConfigNotExists), C(FunctionNotFound), C(VersionNotFound),
    C(AliasNotFound)) mean that something does not exist. Any other 404, such as one from a wrong endpoint or from
    a proxy, fails the task.
  - The SDK reads E(http_proxy) and E(https_proxy) itself but ignores E(no_proxy); when E(no_proxy) covers the
    endpoint, the module removes the proxy variables from its own process environment before the first request.
'''
