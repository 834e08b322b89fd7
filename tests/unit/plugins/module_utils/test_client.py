# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""_client.py without a request: the minimum SDK version's one source, the proxy the client chooses and the host it
sends to, whatever the SDK version."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import re

import pytest

from ansible_collections.alicloud.fc.plugins.module_utils._client import (
    MIN_SDK_VERSION,
    SDK_PACKAGE,
    FC3Client,
    foreign_arn,
)
from ansible_collections.alicloud.fc.plugins.module_utils._connection import ConnectionSettings

from module_inputs import connection_params


COLLECTION_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..', '..', '..'))


def read(*parts):
    with open(os.path.join(COLLECTION_ROOT, *parts)) as handle:
        return handle.read()


def test_minimum_sdk_version_has_one_source():
    requirement = '%s>=%s' % (SDK_PACKAGE, MIN_SDK_VERSION)
    assert requirement in read('requirements.txt').split()
    assert '%s >= %s' % (SDK_PACKAGE, MIN_SDK_VERSION) in read('plugins', 'doc_fragments', 'connection.py')
    # Runtime requirements state lower bounds only; exact pins belong to the test constraints.
    for line in read('requirements.txt').splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            assert re.match(r'^[A-Za-z0-9_.-]+>=[0-9.]+$', line), line
    assert 'requirements.txt' in read('meta', 'execution-environment.yml')
    assert ('%s==%s' % (SDK_PACKAGE, MIN_SDK_VERSION)) in read('tests', 'constraints-oldest.txt').split()


def test_sdk_proxy_variables_are_dropped_when_no_proxy_covers_the_endpoint():
    environ = {'HTTP_PROXY': 'http://dead:1', 'https_proxy': 'http://dead:1', 'NO_PROXY': '127.0.0.1', 'OTHER': 'x'}
    settings = ConnectionSettings.from_params(connection_params(endpoint='http://127.0.0.1:9000'))
    client = FC3Client(settings, environ=environ)
    assert client.proxy is None
    assert environ == {'NO_PROXY': '127.0.0.1', 'OTHER': 'x'}


def test_the_proxy_option_wins_over_the_environment():
    environ = {'http_proxy': 'http://env:1', 'no_proxy': '*'}
    settings = ConnectionSettings.from_params(
        connection_params(endpoint='http://127.0.0.1:9000', proxy='http://opt:3128')
    )
    client = FC3Client(settings, environ=environ)
    assert client.proxy == 'http://opt:3128' and environ['http_proxy'] == 'http://env:1'


# The same host on every supported SDK: from the endpoint map where the SDK has one (4.8), from
# default_endpoint where it has none (the minimum, 4.7.0, would send every request to fc.aliyuncs.com).
@pytest.mark.parametrize(
    'region, host',
    [
        ('cn-hangzhou', 'fcv3.cn-hangzhou.aliyuncs.com'),
        ('eu-central-1', 'fcv3.eu-central-1.aliyuncs.com'),
        ('ap-southeast-5', 'fcv3.ap-southeast-5.aliyuncs.com'),
        ('me-central-1', 'me-central-1.fc.aliyuncs.com'),
    ],
)
def test_the_default_endpoint_is_the_regions_fc3_host_whatever_the_sdk(region, host):
    client = FC3Client(ConnectionSettings.from_params(connection_params(region=region)), environ={})
    assert client.endpoint_url == 'https://' + host
    assert client._sdk._endpoint == host  # what the SDK sends as the Host header


def test_an_endpoint_given_is_used_as_it_is():
    client = FC3Client(
        ConnectionSettings.from_params(connection_params(endpoint='https://fc.example.test:8443')), environ={}
    )
    assert client.endpoint_url == 'https://fc.example.test:8443'


# foreign_arn: an answer naming another region than the configured one (a misconfigured endpoint).
ARN = 'acs:fc:%s:123:functions/f1'


@pytest.mark.parametrize(
    'answer, found',
    [
        ({'functionArn': ARN % 'cn-hangzhou'}, None),
        ({'functionArn': ARN % 'eu-central-1'}, ARN % 'eu-central-1'),
        (
            {'configs': [{'functionArn': ARN % 'cn-hangzhou'}, {'functionArn': ARN % 'us-west-1' + '/prod'}]},
            ARN % 'us-west-1' + '/prod',
        ),
        ({'functions': [{'functionArn': ARN % 'ap-south-1'}], 'nextToken': 'x'}, ARN % 'ap-south-1'),
        # A destination names a resource the user chose, in any region: not the service's own answer.
        (
            {
                'destinationConfig': {'onFailure': {'destination': ARN % 'eu-central-1'}},
                'functionArn': ARN % 'cn-hangzhou',
            },
            None,
        ),
        ({}, None),
        ({'functionArn': None, 'configs': ['odd']}, None),
    ],
)
def test_the_first_arn_of_another_region_is_found(answer, found):
    assert foreign_arn(answer, 'cn-hangzhou') == found


def test_without_a_region_nothing_is_foreign():
    assert foreign_arn({'functionArn': ARN % 'eu-central-1'}, None) is None
