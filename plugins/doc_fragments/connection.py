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
  profile:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The credentials of this profile of the Alibaba Cloud CLI config (C(~/.aliyun/config.json)), or else of this
        section of the credentials file (E(ALIBABA_CLOUD_CREDENTIALS_FILE), default
        C(~/.alibabacloud/credentials.ini)), as the C(alibabacloud-credentials) library reads them (a key pair, an STS
        token, a RAM role, an ECS RAM role...).
      - A profile that neither file has fails the task before any request, naming the profiles both files have.
      - Not together with O(access_key_id), O(access_key_secret) or O(security_token) given as options. A key pair
        from the environment is not used when a profile is set; a profile from the environment is not used when
        a key pair is given as options.
      - If not set, the value of the E(ALIBABA_CLOUD_PROFILE) or E(ALICLOUD_PROFILE) environment variable is used.
    type: str
  assume_role_arn:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - Assume this RAM role, V(acs:ram::ACCOUNT_ID:role/ROLE_NAME), with the task's credentials (the key pair, the STS
        token, the O(profile) or the default chain) and make every request with the role's temporary credentials.
      - The role is assumed once per task, before the first Function Compute request, however many items the task has;
        its credentials are renewed before they expire, so that a long task never fails for them.
      - A refused AssumeRole fails the task before any Function Compute request, with what to check (the role's trust
        policy, O(assume_role_external_id), the caller's C(sts:AssumeRole) permission), then STS's error code and
        request id.
      - The role's key, secret and token never appear in output.
      - If not set, the value of the E(ALICLOUD_ASSUME_ROLE_ARN) environment variable is used.
    type: str
  assume_role_session_name:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The role session name, 2 to 64 letters, digits and V(.) V(@) V(-) V(_); the role's audit trail (ActionTrail)
        shows it. Only with O(assume_role_arn).
      - If not set (or empty), the value of the E(ALICLOUD_ASSUME_ROLE_SESSION_NAME) environment variable is used, else
        V(ansible).
    type: str
  assume_role_session_expiration:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - How long the role's credentials last, in seconds, V(900) to V(43200) (and at most the role's maximum session
        duration, which STS checks). Only with O(assume_role_arn).
      - If not set, the value of the E(ALICLOUD_ASSUME_ROLE_SESSION_EXPIRATION) environment variable is used, else
        V(3600).
    type: int
  assume_role_external_id:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The external ID the role's trust policy requires (its C(sts:ExternalId) condition), 2 to 1224 letters, digits
        and V(=) V(,) V(.) V(@) V(:) V(/) V(-) V(_). Only with O(assume_role_arn).
      - If not set, the value of the E(ALICLOUD_ASSUME_ROLE_EXTERNAL_ID) environment variable is used.
    type: str
  assume_role_policy:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - A JSON policy document (at most 2048 characters) that narrows what the role's session may do. Only with
        O(assume_role_arn).
    type: str
  sts_endpoint:
    description:
      - B(Connection option), the same in every alicloud.fc module.
      - The Security Token Service endpoint O(assume_role_arn) is assumed through, as V(https://host[:port]) or
        V(http://host[:port]). A bare host name is taken as HTTPS.
      - Defaults to the STS endpoint of O(region), V(https://sts.REGION.aliyuncs.com).
      - The role is assumed through O(proxy) when it is set, with O(connect_timeout) and O(read_timeout). STS's
        certificate is verified by the C(alibabacloud-credentials) library against its own CA bundle; O(ca_bundle)
        and O(validate_certs) apply to the Function Compute endpoint only.
      - If not set, the value of the E(ALIBABA_CLOUD_STS_ENDPOINT) or E(ALICLOUD_STS_ENDPOINT) environment variable
        is used.
    type: str
notes:
  - The options marked B(Connection option) (region, credentials, profile, role, endpoints, proxy, certificates,
    timeouts and retries) are the same in every module of the collection; set them once for all of them with
    C(module_defaults) for C(group/alicloud.fc.fcv3), or from the environment. ansible-doc lists them in
    alphabetical order among the module's own options.
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
