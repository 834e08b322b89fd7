# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every example of the docs runs as written against the FC3 emulator.

The examples are taken from where users read them: the YAML blocks of README.md, of the role's
README and of the guides (``.. code-block:: yaml`` / ``yaml+jinja``), the EXAMPLES of every
module, and the playbooks in examples/. Each block is classified in EXAMPLES below: a play, a
list of tasks (wrapped in a play whose module_defaults point at the emulator, as a user puts
them in a play), the body of a play, or, with the reason, a fragment that is not a playbook. A
block that is not classified fails the test, so a new example cannot go untested by accident.

Each runnable example gets a fresh emulator seeded with tests/docs/examples-seed.json (the
functions, versions, aliases and configs the examples name) and one ansible-playbook run with the
collection as installed from the artifact and the docs lane's ansible-core, nothing else: a
missing collection, a warning, a failed task or a missing write fails it. The only substitution is
the endpoint: an example that names the public endpoint of a region gets the emulator's URL
instead, and that endpoint must be the one the SDK itself uses for the region.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import ast
import glob
import json
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from clean_env import clean_environment
from lane_helpers import (
    COLLECTION_ROOT,
    EmulatorProcess,
    installed_collections,
    markdown_shell_blocks,
    read,
    run_as_written,
    tool,
)

ACCESS_KEY = ('AKIDEXAMPLE', 'SECRETEXAMPLE')
# The key pair of the example that takes its credentials from vault variables: another one, so
# that the emulator's records show that the play's credentials, not the environment's, were used.
VAULT_KEY = ('LTAI5tVAULTexample', 'vault-secret-example')
SEED = os.path.join(COLLECTION_ROOT, 'tests', 'docs', 'examples-seed.json')
PUBLIC_ENDPOINT = re.compile(r'https://([a-z0-9-]+\.)*aliyuncs\.com')


class Run(object):
    """A runnable example: how to make a playbook of it, its inputs, and the writes it must make.

    ``kind`` is ``play`` (a list of plays), ``tasks`` (a list of tasks) or ``play_body`` (the keys
    of one play, without hosts). ``writes`` is the set of ``"METHOD function"`` write requests the
    emulator must have seen (reads are not counted). ``extra_vars`` are the variables the example
    expects the user to supply; ``env`` what its header says comes from the environment;
    ``inventory`` a path in the installed collection, whose seed.json is then the example's own.
    """

    def __init__(
        self, kind, writes=(), region='cn-hangzhou', extra_vars=None, env=None, inventory=None, check=None, roles=None
    ):
        self.kind = kind
        # RAM roles the example assumes: {role ARN: the ExternalId its trust policy requires, or None}; the
        # emulator's STS trusts the example's key for each; examples reach it through ALIBABA_CLOUD_STS_ENDPOINT.
        self.roles = roles or {}
        self.writes = set(writes)
        self.region = region
        self.extra_vars = extra_vars or {}
        self.env = env or {}
        self.inventory = inventory
        self.check = check


class Fragment(object):
    """A block that is deliberately not a playbook, with the reason; ``check`` checks what can be."""

    def __init__(self, reason, check=None):
        self.reason = reason
        self.check = check


def excerpt_of(path):
    """The block is a literal run of lines of ``path`` (so it cannot drift from the file)."""

    def check(block):
        lines = read(os.path.join(COLLECTION_ROOT, path)).split('\n')
        wanted = block.rstrip('\n').split('\n')
        assert any(lines[index : index + len(wanted)] == wanted for index in range(len(lines))), (
            'not a literal excerpt of %s:\n%s' % (path, block)
        )

    return check


def returned_item_shape(block):
    """The sample of a returned item has the keys the info module documents for its items."""
    for node in ast.parse(
        read(os.path.join(COLLECTION_ROOT, 'plugins', 'modules', 'fcv3_async_invoke_config_info.py'))
    ).body:
        if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ['RETURN']:
            documented = yaml.safe_load(node.value.value)['async_invoke_configs']['contains']
    assert sorted(yaml.safe_load(block)) == sorted(documented)


def destination_values(block):
    """The block is three alternative values of destination_config, the last one {}."""
    values = [yaml.safe_load(part)['destination_config'] for part in re.split(r'\n\n', block.strip())]
    assert values[-1] == {} and len(values) == 3, values
    for value in values:
        assert set(value) <= {'on_success', 'on_failure'}


def role_variables(block):
    """The block sets variables of the role, each one its argument specs know, with a selection in it."""
    specs = yaml.safe_load(
        read(os.path.join(COLLECTION_ROOT, 'roles', 'async_invoke_policy', 'meta', 'argument_specs.yml'))
    )
    options = specs['argument_specs']['main']['options']
    variables = yaml.safe_load(block)
    assert variables and set(variables) <= set(options), sorted(variables)
    assert set(variables['async_invoke_policy_select']) <= set(options['async_invoke_policy_select']['options'])


# Every YAML block of the docs, by where it is and its position there (0-based).
EXAMPLES = {
    ('README.md', 0): Run(
        'play',
        writes=['PUT terraform-example'],
        region='eu-central-1',
        check=excerpt_of('examples/async_invoke_config.yml'),
    ),
    ('README.md', 1): Run('play'),
    ('README.md', 2): Fragment('the shape of one returned item, not a playbook', check=returned_item_shape),
    ('roles/async_invoke_policy/README.md', 0): Fragment(
        'an excerpt of the example inventory, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy/inventory/hosts.yml'),
    ),
    ('roles/async_invoke_policy/README.md', 1): Fragment(
        'an excerpt of the example inventory, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy/inventory/group_vars/fc_services.yml'),
    ),
    ('roles/async_invoke_policy/README.md', 2): Fragment(
        'an excerpt of the example inventory, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy/inventory/group_vars/payments_team.yml'),
    ),
    ('roles/async_invoke_policy/README.md', 3): Fragment(
        'an excerpt of the example inventory, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy/inventory/group_vars/search_team.yml'),
    ),
    ('roles/async_invoke_policy/README.md', 4): Fragment(
        'an excerpt of the example inventory, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy/inventory/host_vars/checkout.yml'),
    ),
    ('roles/async_invoke_policy/README.md', 5): Fragment(
        'an excerpt of the example inventory, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy/inventory/host_vars/refunds.yml'),
    ),
    ('roles/async_invoke_policy/README.md', 6): Fragment(
        'an excerpt of the example play, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy/site.yml'),
    ),
    ('roles/async_invoke_policy/README.md', 7): Fragment(
        'post_tasks of the example play, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy/site.yml'),
    ),
    ('guide_authentication.rst', 0): Run(
        'play',
        writes=['PUT my-func'],
        extra_vars={'vault_fc_access_key_id': VAULT_KEY[0], 'vault_fc_access_key_secret': VAULT_KEY[1]},
    ),
    ('guide_authentication.rst', 1): Run(
        'play',
        writes=['PUT my-func'],
        roles={
            'acs:ram::1111111111111111:role/fc-deployer': None,
            'acs:ram::2222222222222222:role/fc-deployer': 'staging-ansible',
        },
    ),
    ('guide_authentication.rst', 2): Run(
        'tasks', env={'ALIBABA_CLOUD_CREDENTIALS_FILE': os.path.join(COLLECTION_ROOT, 'tests', 'docs', 'profiles.ini')}
    ),
    ('guide_awx.rst', 0): Fragment(
        'an AWX play: needs an AWX server and the awx.awx collection, which this '
        'collection does not depend on; the credential type file it loads is '
        'checked by test_awx.py'
    ),
    ('guide_destinations.rst', 0): Fragment(
        'three alternative values of one option, not a task', check=destination_values
    ),
    ('guide_destinations.rst', 1): Run('play_body', writes=['PUT order-worker']),
    ('guide_errors_retries_timeouts.rst', 0): Fragment('the shape of a returned error, not a playbook'),
    ('guide_fleets.rst', 0): Run(
        'tasks', writes=['PUT orders-worker', 'PUT billing-worker', 'PUT reports-worker', 'DELETE legacy-worker']
    ),
    ('guide_fleets.rst', 1): Run('play', writes=['PUT orders-worker', 'PUT billing-worker']),
    ('guide_fleets.rst', 2): Run(
        'play',
        writes=['PUT orders-worker', 'PUT billing-worker'],
        roles={
            'acs:ram::1111111111111111:role/fc-deployer': None,
            'acs:ram::2222222222222222:role/fc-deployer': None,
        },
    ),
    ('guide_fleets.rst', 3): Fragment(
        'the host_vars of the select example, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy_select/inventory/host_vars/payments.yml'),
    ),
    ('guide_fleets.rst', 4): Run('tasks'),
    ('guide_terraform_migration.rst', 0): Run('play', writes=['PUT terraform-example'], region='eu-central-1'),
    ('guide_terraform_migration.rst', 1): Fragment(
        'the role variables that replace a data source and for_each, as in the select example', check=role_variables
    ),
    ('guide_terraform_migration.rst', 2): Run('tasks'),
    ('fcv3_async_invoke_config', 0): Run('tasks', writes=['PUT my-func', 'DELETE my-func', 'PUT my-func-copy']),
    ('fcv3_async_invoke_config_info', 0): Run('tasks'),
    ('fcv3_function_info', 0): Run('tasks'),
    ('fcv3_async_invoke_configs', 0): Run(
        'tasks',
        writes=['PUT orders', 'PUT billing', 'PUT mailer', 'DELETE legacy', 'PUT orders-copy'],
        # The preview task's fleet is the user's: any list of configs items.
        extra_vars={'fleet': [{'function_name': 'orders'}, {'function_name': 'billing', 'qualifier': 'prod'}]},
    ),
    ('examples/async_invoke_config.yml', 0): Run('play', writes=['PUT terraform-example'], region='eu-central-1'),
    ('examples/list_async_invoke_configs.yml', 0): Run('play', env={'ALIBABA_CLOUD_REGION_ID': 'cn-hangzhou'}),
    ('examples/awx_job_template.yml', 0): Run(
        'play',
        writes=['PUT my-func'],
        env={'ALIBABA_CLOUD_REGION_ID': 'cn-hangzhou'},
        extra_vars={'fc_function_name': 'my-func', 'fc_max_async_retry_attempts': 1},
    ),
    ('examples/async_invoke_policy_select/site.yml', 0): Run(
        'play',
        inventory='examples/async_invoke_policy_select/inventory',
        writes=['PUT orders-api', 'PUT orders-charge', 'PUT orders-refund'],
    ),
    ('examples/async_invoke_policy/site.yml', 0): Run(
        'play',
        inventory='examples/async_invoke_policy/inventory',
        writes=[
            'PUT checkout-api',
            'PUT checkout-worker',
            'PUT refunds-api',
            'PUT refunds-worker',
            'DELETE refunds-batch',
            'PUT indexer-build',
            'DELETE indexer-build',
        ],
    ),
}


def markdown_yaml_blocks(path):
    return re.findall(r'```yaml\n(.*?)```', read(os.path.join(COLLECTION_ROOT, path)), re.S)


def rst_yaml_blocks(path):
    lines = read(path).split('\n')
    blocks = []
    for index, line in enumerate(lines):
        if line.strip() in ('.. code-block:: yaml', '.. code-block:: yaml+jinja'):
            indent = len(line) - len(line.lstrip()) + 3
            code = []
            for following in lines[index + 2 :]:
                if following.strip() and len(following) - len(following.lstrip()) < indent:
                    break
                code.append(following[indent:])
            blocks.append('\n'.join(code).strip('\n') + '\n')
    return blocks


def module_examples(path):
    for node in ast.parse(read(path)).body:
        if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ['EXAMPLES']:
            return [node.value.value.strip('\n') + '\n']
    return []


def every_block():
    """{(source, index): text} of every YAML example users read."""
    blocks = {}

    def add(source, texts):
        blocks.update(((source, index), text) for index, text in enumerate(texts))

    add('README.md', markdown_yaml_blocks('README.md'))
    add('roles/async_invoke_policy/README.md', markdown_yaml_blocks('roles/async_invoke_policy/README.md'))
    for path in sorted(glob.glob(os.path.join(COLLECTION_ROOT, 'docs', 'docsite', 'rst', '*.rst'))):
        add(os.path.basename(path), rst_yaml_blocks(path))
    for path in sorted(glob.glob(os.path.join(COLLECTION_ROOT, 'plugins', 'modules', '*.py'))):
        add(os.path.basename(path)[:-3], module_examples(path))
    for path in sorted(
        glob.glob(os.path.join(COLLECTION_ROOT, 'examples', '*.yml'))
        + glob.glob(os.path.join(COLLECTION_ROOT, 'examples', '*', '*.yml'))
    ):
        add(os.path.relpath(path, COLLECTION_ROOT), [read(path)])
    return blocks


BLOCKS = every_block()


def test_every_example_is_classified():
    assert sorted(BLOCKS) == sorted(EXAMPLES)


def sdk_endpoint(region):
    from alibabacloud_fc20230330.client import Client  # pylint: disable=import-outside-toplevel
    from alibabacloud_tea_openapi.models import Config  # pylint: disable=import-outside-toplevel

    return Client(Config(region_id=region, access_key_id='a', access_key_secret='b'))._endpoint.strip()  # pylint: disable=protected-access


def point_at(text, emulator_url):
    """The example with each public endpoint it names replaced by the emulator's URL; each must be
    the SDK's own endpoint for the region it names."""
    for match in PUBLIC_ENDPOINT.finditer(text):
        host = match.group(0)[len('https://') :]
        # fcv3.REGION.aliyuncs.com or REGION.fc.aliyuncs.com: the region is one of the first two labels.
        assert host in [sdk_endpoint(label) for label in host.split('.')[:2]], (
            '%s is not the endpoint the SDK uses for the region it names' % host
        )
    return PUBLIC_ENDPOINT.sub(emulator_url, text)


def playbook_of(text, spec, emulator_url):
    if spec.kind == 'play':
        return text
    if spec.kind == 'play_body':
        body = text
    else:
        body = 'tasks:\n' + ''.join('  ' + line if line.strip() else line for line in text.splitlines(True))
    return (
        '- name: The example, in a play\n  hosts: localhost\n  connection: local\n  gather_facts: false\n'
        '  module_defaults:\n    group/alicloud.fc.fcv3:\n      region: %s\n      endpoint: %s\n'
        % (spec.region, emulator_url)
        + ''.join('  ' + line if line.strip() else line for line in body.splitlines(True))
    )


def run_example(key, tmp_path):
    spec = EXAMPLES[key]
    installed = os.path.join(installed_collections(), 'ansible_collections', 'alicloud', 'fc')
    inventory = os.path.join(installed, spec.inventory) if spec.inventory else 'localhost,'
    with open(SEED, encoding='utf-8') as handle:
        seed = json.load(handle)
    emulator = EmulatorProcess(
        '--region', spec.region, '--access-key', '%s:%s' % ACCESS_KEY, '--access-key', '%s:%s' % VAULT_KEY
    )
    try:
        if spec.inventory:
            with open(os.path.join(os.path.dirname(inventory), 'seed.json'), encoding='utf-8') as handle:
                seed = json.load(handle)
        emulator.admin('seed', seed)
        for arn, external_id in spec.roles.items():
            emulator.admin('sts/roles', {'arn': arn, 'trusted': [ACCESS_KEY[0]], 'external_id': external_id})
        source = BLOCKS[key]
        if key[0].startswith('examples/'):
            # As users run it: from the installed collection.
            playbook = os.path.join(installed, key[0])
        else:
            playbook = str(tmp_path / 'playbook.yml')
            with open(playbook, 'w', encoding='utf-8') as handle:
                handle.write(playbook_of(point_at(source, emulator.url), spec, emulator.url))
        env = clean_environment(tmp_path, drop_prefixes=('ANSIBLE_',))
        env.update(
            {
                'ANSIBLE_COLLECTIONS_PATH': os.environ['ANSIBLE_COLLECTIONS_PATH'],
                'ANSIBLE_PYTHON_INTERPRETER': sys.executable,
                'ALIBABA_CLOUD_FC_ENDPOINT': emulator.url,
                'ALIBABA_CLOUD_ACCESS_KEY_ID': ACCESS_KEY[0],
                'ALIBABA_CLOUD_ACCESS_KEY_SECRET': ACCESS_KEY[1],
                'ALIBABA_CLOUD_STS_ENDPOINT': emulator.url,
            }
        )
        env.update(spec.env)
        command = [tool('ansible-playbook'), '-i', inventory, playbook, '-e', json.dumps(spec.extra_vars)]
        result = subprocess.run(
            command,
            env=env,
            cwd=str(tmp_path),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            universal_newlines=True,
            timeout=300,
            check=False,
        )
        return result, emulator.admin('requests')['requests'], emulator.admin('state')
    finally:
        emulator.stop()


RUNNABLE = sorted(key for key, spec in EXAMPLES.items() if isinstance(spec, Run))


@pytest.fixture(scope='module')
def outcomes(request, tmp_path_factory):
    """The runnable examples of the selected tests (all of them in a full run), two at a time: each
    is one ansible-playbook, mostly waiting."""
    selected = set(
        item.callspec.params['key']
        for item in request.session.items
        if hasattr(item, 'callspec') and item.callspec.params.get('key') in EXAMPLES
    )
    if any(
        item.name == test_the_vault_credentials_of_the_authentication_example_are_the_ones_used.__name__
        for item in request.session.items
    ):
        selected.add(('guide_authentication.rst', 0))

    def run(key):
        try:
            return key, run_example(key, tmp_path_factory.mktemp('example'))
        except Exception as exc:  # pylint: disable=broad-exception-caught
            return key, exc  # reported by the example's own test

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, sorted(selected & set(RUNNABLE))))


@pytest.mark.parametrize('key', RUNNABLE, ids=['%s[%d]' % key for key in RUNNABLE])
def test_example_runs_as_written(key, outcomes):  # pylint: disable=redefined-outer-name
    spec = EXAMPLES[key]
    if isinstance(outcomes[key], Exception):
        raise outcomes[key]
    result, requests, _state = outcomes[key]
    output = result.stdout
    assert result.returncode == 0, output
    recaps = re.findall(r'^(\S+)\s+: ok=\d+\s+changed=\d+\s+unreachable=(\d+)\s+failed=(\d+)', output, re.M)
    assert recaps and all(unreachable == failed == '0' for _host, unreachable, failed in recaps), output
    # Nothing but the declared dependencies, used as documented: no warning of any kind.
    assert '[WARNING]' not in output and '[DEPRECATION WARNING]' not in output, output
    assert [record for record in requests if record['status'] is None or record['status'] >= 500] == []
    writes = set(
        '%s %s' % (record['method'], record['function_name'])
        for record in requests
        if record['method'] in ('PUT', 'DELETE') and record['status'] in (200, 204)
    )
    assert writes == spec.writes, output
    if spec.check:
        spec.check(BLOCKS[key])


def test_the_vault_credentials_of_the_authentication_example_are_the_ones_used(outcomes):  # pylint: disable=redefined-outer-name
    _result, requests, _state = outcomes[('guide_authentication.rst', 0)]
    assert set(record['access_key_id'] for record in requests) == {VAULT_KEY[0]}


@pytest.mark.parametrize(
    'key', sorted(key for key, spec in EXAMPLES.items() if isinstance(spec, Fragment)), ids=lambda key: '%s[%d]' % key
)
def test_fragment_is_what_it_is_said_to_be(key):
    fragment = EXAMPLES[key]
    assert fragment.reason
    if fragment.check:
        fragment.check(BLOCKS[key])
    else:
        assert yaml.safe_load(BLOCKS[key])  # at least well-formed YAML


def test_role_example_runs_from_the_installed_collection_as_its_readme_says(tmp_path):
    """The role README's two terminals, literally, with the install directory and a free port."""
    blocks = markdown_shell_blocks(
        read(os.path.join(COLLECTION_ROOT, 'roles', 'async_invoke_policy', 'README.md')), 'A real layout'
    )
    assert len(blocks) == 2, blocks
    assert 'seed.json' in blocks[0] and 'make test' not in ''.join(blocks)
    result = run_as_written(blocks[0], blocks[1], tmp_path)
    assert result.returncode == 0, result.stdout
    recaps = re.findall(r'^(\w+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=0\s+failed=0', result.stdout, re.M)
    hosts = ['checkout', 'refunds', 'indexer']
    # Preview and apply change every service; the third run changes none.
    assert sorted(host for host, _changed in recaps) == sorted(hosts * 3), result.stdout
    assert [changed != '0' for _host, changed in recaps] == [True] * 6 + [False] * 3, result.stdout
