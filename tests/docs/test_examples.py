# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every example of the docs runs as written from the installed collection, previewed first.

The examples are taken from where users read them: the YAML blocks of README.md, of the role's
README and of the guides (``.. code-block:: yaml`` / ``yaml+jinja``), the EXAMPLES of every
module, and the playbooks in examples/. Each block is classified in EXAMPLES below: a play, a
list of tasks (wrapped in a play that sets the region in module_defaults, as a user puts them in
a play), the body of a play, or, with the reason, a fragment that is not a playbook. A block that
is not classified fails the test, so a new example cannot go untested by accident.

Each runnable example gets a fresh emulator, seeded as its doc says (the doc's emulator command
names the seed and the region; the modules' EXAMPLES and examples/*.yml use
examples/demo-seed.json, an inventory example the seed.json beside its inventory), and two
ansible-playbook runs with the collection as installed from the artifact and the docs lane's
ansible-core: ``--check --diff`` first, which must succeed, write nothing and report a change
wherever the real run then writes, and then the real run, which must make exactly the writes
listed. A missing collection, a warning or a failed task fails either. Nothing in an example is
substituted: the endpoint and the credentials come from the environment, as the docs tell users
to set them. The walk-throughs that docs give as shell commands (the getting started guide's, of
which the README's try-out is the start, and the role README's) run literally, and witness the
example playbooks they run, and the excerpts of those that are their first task.
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
    rst_shell_blocks,
    run_as_written,
    tool,
)

ACCESS_KEY = ('AKIDEXAMPLE', 'SECRETEXAMPLE')
# The key pair of the example that takes its credentials from vault variables: another one, so
# that the emulator's records show that the play's credentials, not the environment's, were used.
VAULT_KEY = ('LTAI5tVAULTexample', 'vault-secret-example')
# The seed of the examples no doc's emulator command covers (EXAMPLES of the modules, examples/*.yml).
DEMO_SEED = 'examples/demo-seed.json'
PUBLIC_ENDPOINT = re.compile(r'https://([a-z0-9-]+\.)*aliyuncs\.com')
RECAP = re.compile(r'^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)', re.M)


class Run(object):
    """A runnable example: how to make a playbook of it, its inputs, and the writes it must make.

    ``kind`` is ``play`` (a list of plays), ``tasks`` (a list of tasks) or ``play_body`` (the keys
    of one play, without hosts). ``writes`` is the set of ``"METHOD function"`` write requests the
    emulator must have seen (reads are not counted). ``extra_vars`` are the variables the example
    expects the user to supply; ``env`` what its header says comes from the environment;
    ``inventory`` a path in the installed collection, whose seed.json is then the example's own;
    ``witness`` the doc whose shell walk-through runs this playbook (LITERAL below), check first,
    instead of a run of its own.
    """

    def __init__(
        self,
        kind,
        writes=(),
        region='cn-hangzhou',
        extra_vars=None,
        env=None,
        inventory=None,
        check=None,
        witness=None,
        warns=None,
    ):  # pylint: disable=too-many-arguments
        self.kind = kind
        # The one warning the example is meant to give (text it holds), when it writes to another region than
        # the emulator's: the foreign-region warning, which is the truth against one emulator.
        self.warns = warns
        self.writes = set(writes)
        self.region = region
        self.extra_vars = extra_vars or {}
        self.env = env or {}
        self.inventory = inventory
        self.check = check
        self.witness = witness


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


def first_task_of(path):
    """The block is the play of ``path`` with its first task only, less that task's ``register``, and a
    literal excerpt of it: what a run of ``path`` does first, so that run witnesses it."""

    def check(block):
        excerpt_of(path)(block)
        whole = yaml.safe_load(read(os.path.join(COLLECTION_ROOT, path)))[0]
        first = dict(whole['tasks'][0])
        first.pop('register', None)
        assert yaml.safe_load(block) == [dict(whole, tasks=[first])], block

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
        check=first_task_of('examples/async_invoke_config.yml'),
        witness='guide_getting_started.rst',
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
    ),
    ('guide_fleets.rst', 3): Fragment(
        'the host_vars of the select example, run below as a whole',
        check=excerpt_of('examples/async_invoke_policy_select/inventory/host_vars/payments.yml'),
    ),
    ('guide_fleets.rst', 4): Run('tasks'),
    ('guide_terraform_migration.rst', 0): Run(
        'play',
        writes=['PUT terraform-example'],
        region='eu-central-1',
        check=first_task_of('examples/async_invoke_config.yml'),
        witness='guide_getting_started.rst',
    ),
    ('guide_terraform_migration.rst', 1): Fragment(
        'the role variables that replace a data source and for_each, as in the select example', check=role_variables
    ),
    ('guide_terraform_migration.rst', 2): Run('tasks', region='eu-central-1'),
    ('fcv3_async_invoke_config', 0): Run('tasks', writes=['PUT my-func', 'DELETE my-func', 'PUT my-func-copy']),
    ('fcv3_async_invoke_config_info', 0): Run('tasks'),
    ('fcv3_function_info', 0): Run('tasks'),
    ('fcv3_async_invoke_configs', 0): Run(
        'tasks',
        writes=['PUT orders', 'PUT billing', 'PUT mailer', 'DELETE legacy', 'PUT orders-copy'],
        # Its last task copies a region's configs to another region: one emulator stands for both.
        warns='an ARN of region cn-hangzhou, but region is cn-shanghai',
        # The preview task's fleet is the user's: any list of configs items.
        extra_vars={'fleet': [{'function_name': 'orders'}, {'function_name': 'billing', 'qualifier': 'prod'}]},
    ),
    ('examples/async_invoke_config.yml', 0): Run(
        'play', writes=['PUT terraform-example'], region='eu-central-1', witness='guide_getting_started.rst'
    ),
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
        witness='roles/async_invoke_policy/README.md',
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


def test_every_public_endpoint_an_example_names_is_the_sdks_for_its_region():
    """An example may name a public endpoint, to teach it; none is reachable here, and none is
    substituted, so an example that sends requests to it fails its run. What it says must be right:
    the endpoint the SDK itself uses for the region the name holds."""
    for key, text in sorted(BLOCKS.items()):
        for match in PUBLIC_ENDPOINT.finditer(text):
            host = match.group(0)[len('https://') :]
            # fcv3.REGION.aliyuncs.com or REGION.fc.aliyuncs.com: the region is one of the first two labels.
            assert host in [sdk_endpoint(label) for label in host.split('.')[:2]], (
                '%s[%d] names %s, not the endpoint the SDK uses for the region' % (key + (host,))
            )


def playbook_of(text, spec):
    if spec.kind == 'play':
        return text
    if spec.kind == 'play_body':
        body = text
    else:
        body = 'tasks:\n' + ''.join('  ' + line if line.strip() else line for line in text.splitlines(True))
    return (
        '- name: The example, in a play\n  hosts: localhost\n  connection: local\n  gather_facts: false\n'
        '  module_defaults:\n    group/alicloud.fc.fcv3:\n      region: %s\n'
        % spec.region
        + ''.join('  ' + line if line.strip() else line for line in body.splitlines(True))
    )


def doc_path(source):
    """The file of a doc that can tell users how to start the emulator, or None."""
    if source.endswith('.md'):
        return os.path.join(COLLECTION_ROOT, source)
    if source.endswith('.rst'):
        return os.path.join(COLLECTION_ROOT, 'docs', 'docsite', 'rst', source)
    return None


# The emulator command of a doc, with its continuation lines.
EMULATOR_COMMAND = re.compile(r'fc3_emulator\.py"?((?:\\\n|[^\n])*)')


def emulator_commands(source):
    """(region, seed, role options) of each emulator command the doc shows, the seed as a path in the
    collection, the role options (``--role``, ``--role-external-id``) as the command gives them."""
    commands = []
    for match in EMULATOR_COMMAND.finditer(read(doc_path(source))):
        options = match.group(1).replace('\\\n', ' ')
        region = re.search(r'--region (\S+)', options)
        seed = re.search(r'--seed "\$FC_DIR/([^"]+)"', options)
        assert region and seed, '%s: an emulator command without --region or --seed "$FC_DIR/...": %s' % (
            source,
            options,
        )
        roles = tuple(re.findall(r'(--role(?:-external-id)?) (\S+)', options))
        commands.append((region.group(1), seed.group(1), tuple(word for pair in roles for word in pair)))
    return commands


def emulator_for(key):
    """(region, seed as a path in the collection, role options) of the emulator an example runs against:
    what its doc says, the seed beside an inventory, or the demo seed."""
    spec = EXAMPLES[key]
    if spec.inventory:
        return spec.region, os.path.join(os.path.dirname(spec.inventory), 'seed.json'), ()
    if doc_path(key[0]):
        commands = sorted(set(emulator_commands(key[0])))
        assert len(commands) == 1, (
            '%s has runnable examples: it must say once how to start the emulator for them' % (key[0])
        )
        return commands[0]
    return spec.region, DEMO_SEED, ()


RUNNABLE = sorted(key for key, spec in EXAMPLES.items() if isinstance(spec, Run))


def test_the_demo_seed_has_the_functions_of_the_select_example():
    """The fleets guide runs the select example against its emulator, seeded with the demo seed: the
    example's functions are there as in its own seed, so the selection matches the same ones."""

    def functions(path):
        with open(os.path.join(COLLECTION_ROOT, path), encoding='utf-8') as handle:
            return dict((item['name'], item.get('tags')) for item in json.load(handle)['functions'])

    selected = functions('examples/async_invoke_policy_select/seed.json')
    demo = functions(DEMO_SEED)
    assert dict((name, demo.get(name)) for name in selected) == selected
    # Nothing else of the demo seed has the team's prefix and tag.
    assert [
        name for name, tags in demo.items() if name.startswith('orders-') and (tags or {}).get('team') == 'payments'
    ] == [name for name, tags in selected.items() if name.startswith('orders-') and tags.get('team') == 'payments']


def test_every_doc_with_runnable_examples_says_how_to_start_the_emulator_for_them():
    docs = sorted(set(key[0] for key in RUNNABLE if doc_path(key[0])))
    assert 'guide_fleets.rst' in docs
    for source in docs:
        assert len(set(emulator_commands(source))) == 1, source


def run_identity(key):
    """What decides an example's run: two blocks alike in all of it share one run (the README shows the
    translated Terraform example of the migration guide)."""
    spec = EXAMPLES[key]
    return json.dumps(
        [BLOCKS[key], spec.kind, spec.region, emulator_for(key), spec.extra_vars, spec.env, spec.inventory],
        sort_keys=True,
    )


def run_of(key):
    """The example whose run stands for ``key``'s: the first of those alike."""
    return min(other for other in RUNNABLE if run_identity(other) == run_identity(key) and not EXAMPLES[other].witness)


def writes_of(requests):
    return set(
        '%s %s' % (record['method'], record['function_name'])
        for record in requests
        if record['method'] in ('PUT', 'DELETE') and record['status'] in (200, 204)
    )


def run_example(key, tmp_path):
    """The example run twice against one emulator: ``--check --diff``, then for real. Returns
    {'check': (completed process, requests), 'real': (completed process, requests)}."""
    spec = EXAMPLES[key]
    installed = os.path.join(installed_collections(), 'ansible_collections', 'alicloud', 'fc')
    inventory = os.path.join(installed, spec.inventory) if spec.inventory else 'localhost,'
    region, seed, role_options = emulator_for(key)
    # Seeded from the installed collection, as the docs say.
    emulator = EmulatorProcess(
        '--region',
        region,
        '--seed',
        os.path.join(installed, seed),
        '--access-key',
        '%s:%s' % ACCESS_KEY,
        '--access-key',
        '%s:%s' % VAULT_KEY,
        *role_options,
    )
    try:
        if key[0].startswith('examples/'):
            # As users run it: from the installed collection.
            playbook = os.path.join(installed, key[0])
        else:
            playbook = str(tmp_path / 'playbook.yml')
            with open(playbook, 'w', encoding='utf-8') as handle:
                handle.write(playbook_of(BLOCKS[key], spec))
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
        outcome = {}
        for run, options in (('check', ['--check', '--diff']), ('real', [])):
            result = subprocess.run(
                command + options,
                env=env,
                cwd=str(tmp_path),
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                universal_newlines=True,
                timeout=300,
                check=False,
            )
            outcome[run] = (result, emulator.admin('requests/take', {})['requests'])
        return outcome
    finally:
        emulator.stop()


ROLE_README = os.path.join(COLLECTION_ROOT, 'roles', 'async_invoke_policy', 'README.md')


def literal_blocks(doc):
    """(emulator block, example block) of a doc's walk-through, run literally."""
    if doc == 'README.md':
        blocks = markdown_shell_blocks(read(doc_path(doc)), 'Try it offline')
    elif doc == 'guide_getting_started.rst':
        text = read(doc_path(doc))
        blocks = rst_shell_blocks(text, 'Start the emulator') + rst_shell_blocks(text, 'Run the example')
        # The guide sets FC_DIR in the terminal of the install step, which is not run here.
        blocks[1] = blocks[0].split('\n', 1)[0] + '\n' + blocks[1]
    else:
        blocks = markdown_shell_blocks(read(ROLE_README), 'A real layout')
        assert 'seed.json' in blocks[0]
    assert len(blocks) == 2, blocks
    return blocks


# The docs' shell walk-throughs: the hosts' changed (True) or not per run, in output order, and the
# writes the emulator must have seen over all the runs, each config written once.
LITERAL = {
    'guide_getting_started.rst': (
        [('localhost', True)] * 2 + [('localhost', False)] * 2,
        {'PUT terraform-example'},
    ),
    'roles/async_invoke_policy/README.md': (
        # Preview and apply change every service; the third run changes none (hosts in recap order).
        [(host, changed) for changed in (True, True, False) for host in ('checkout', 'indexer', 'refunds')],
        EXAMPLES[('examples/async_invoke_policy/site.yml', 0)].writes,
    ),
}


@pytest.fixture(scope='module')
def outcomes(request, tmp_path_factory):
    """The runs of the selected tests (all of them in a full run), two at a time: each is an
    ansible-playbook or two, mostly waiting."""
    wanted = set()
    for item in request.session.items:
        params = getattr(item, 'callspec', None) and item.callspec.params
        if params and params.get('key') in RUNNABLE:
            key = params['key']
            wanted.add(EXAMPLES[key].witness or run_of(key))
        elif params and params.get('doc') in LITERAL:
            wanted.add(params['doc'])
        elif item.name == test_the_vault_credentials_of_the_authentication_example_are_the_ones_used.__name__:
            wanted.add(('guide_authentication.rst', 0))

    # Made here, not in the workers: pytest's temporary root is created on first use, by one thread.
    scratches = dict((what, tmp_path_factory.mktemp('example')) for what in sorted(wanted, key=str))

    def run(what):
        scratch = scratches[what]
        try:
            if what in LITERAL:
                return what, run_as_written(*(literal_blocks(what) + [scratch]))
            return what, run_example(what, scratch)
        except Exception as exc:  # pylint: disable=broad-exception-caught
            return what, exc  # reported by the test that wanted it

    # The literal walk-throughs are the longest: first, so that the two workers end together.
    order = sorted(wanted, key=lambda what: (what not in LITERAL, str(what)))
    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(pool.map(run, order))


def outcome_of(outcomes, what):  # pylint: disable=redefined-outer-name
    if isinstance(outcomes[what], Exception):
        raise outcomes[what]
    return outcomes[what]


def assert_clean(output, warns=None):
    """Every host reached, no task failed, no warning of any kind (nothing but the declared
    dependencies, used as documented) but the one the example declares (``warns``), which must be there."""
    if warns:
        assert warns in output, output
        output = '\n'.join(line for line in output.split('\n') if not ('[WARNING]' in line and warns in line))
    recaps = RECAP.findall(output)
    assert recaps and all(unreachable == failed == '0' for _host, _changed, unreachable, failed in recaps), output
    assert '[WARNING]' not in output and '[DEPRECATION WARNING]' not in output, output
    return [(host, int(changed)) for host, changed, _unreachable, _failed in recaps]


@pytest.mark.parametrize('key', RUNNABLE, ids=['%s[%d]' % key for key in RUNNABLE])
def test_example_runs_as_written(key, outcomes):  # pylint: disable=redefined-outer-name
    spec = EXAMPLES[key]
    if spec.witness:
        # Run, check first, by its doc's walk-through: test_walk_through_runs_as_written.
        result, requests = outcome_of(outcomes, spec.witness)
        assert result.returncode == 0, result.stdout
        assert spec.writes <= LITERAL[spec.witness][1]
        assert spec.writes <= writes_of(requests), result.stdout
        if spec.check:
            spec.check(BLOCKS[key])
        return
    outcome = outcome_of(outcomes, run_of(key))
    check, check_requests = outcome['check']
    result, requests = outcome['real']
    assert check.returncode == 0, check.stdout
    checked = assert_clean(check.stdout, spec.warns)
    assert [record for record in check_requests if record['method'] not in ('GET', 'HEAD')] == [], check.stdout
    assert result.returncode == 0, result.stdout
    applied = assert_clean(result.stdout, spec.warns)
    assert [record for record in requests if record['status'] is None or record['status'] >= 500] == []
    assert writes_of(requests) == spec.writes, result.stdout
    # Up to the first write both runs see the same configs: check mode reports a change wherever the
    # real run writes, and, where it writes nothing, exactly what the real run reports.
    if spec.writes:
        assert sum(changed for _host, changed in checked) > 0, check.stdout
    else:
        assert checked == applied, (check.stdout, result.stdout)
    if spec.check:
        spec.check(BLOCKS[key])


def test_the_vault_credentials_of_the_authentication_example_are_the_ones_used(outcomes):  # pylint: disable=redefined-outer-name
    outcome = outcome_of(outcomes, ('guide_authentication.rst', 0))
    records = outcome['check'][1] + outcome['real'][1]
    assert records and set(record['access_key_id'] for record in records) == {VAULT_KEY[0]}


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


@pytest.mark.parametrize('doc', sorted(LITERAL))
def test_walk_through_runs_as_written(doc, outcomes):  # pylint: disable=redefined-outer-name
    """The shell commands of a doc's walk-through, literally, with the install directory and a free
    port: the emulator as the doc starts it, then each playbook run, the preview first."""
    result, requests = outcome_of(outcomes, doc)
    assert result.returncode == 0, result.stdout
    runs, writes = LITERAL[doc]
    assert [(host, changed != 0) for host, changed in assert_clean(result.stdout)] == runs, result.stdout
    assert writes_of(requests) == writes, result.stdout
    # Each config changed once: the preview changed nothing, and the run after the apply nothing.
    written = [
        (record['method'], record['function_name'], record['query'].get('qualifier'))
        for record in requests
        if record['method'] in ('PUT', 'DELETE') and record['status'] in (200, 204)
    ]
    assert len(written) == len(set(written)), (sorted(written), result.stdout)


def test_readme_try_out_is_the_start_of_the_getting_started_walk_through():
    """The README's try-out is the guide's, cut after the apply: the guide's walk-through runs it."""
    readme = literal_blocks('README.md')
    guide = literal_blocks('guide_getting_started.rst')
    assert readme[0] == guide[0]
    lines = readme[1].strip().split('\n')
    assert lines == guide[1].strip().split('\n')[: len(lines)]
    assert [line for line in lines if line.startswith('ansible-playbook')] == [
        'ansible-playbook -i localhost, --check --diff "$FC_DIR/examples/async_invoke_config.yml"   # the plan',
        'ansible-playbook -i localhost, --diff "$FC_DIR/examples/async_invoke_config.yml"           # apply it',
    ]
