# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The account side of ``make test-live`` and ``make probe``: the opt-in, the connection from the environment,
and ``Account``, the only way either makes a request of its own (the SDK, for setup, teardown and questions).

``Account`` refuses any name that does not start with the run's prefix (it never reads or changes anything
else), sends only the operations of ``ALLOWED_OPERATIONS`` (the interface's list, "Against the real
service"), writes what it is about to create into its ledger before the request (so that an answer lost to
an interruption still gets a delete) and ``cleanup()`` removes everything of the ledger and anything else
that carries the prefix, returning what it could not remove.

Only the standard library and the SDK: it runs against a real account, where the emulator's admin API
does not exist.
"""

import base64
import io
import os
import re
import signal
import sys
import time
import uuid
import zipfile
from contextlib import contextmanager
from urllib.parse import urlsplit

OPT_IN = 'FC_LIVE_TESTS'
ALLOWED_OPERATIONS = frozenset(
    (
        'create_function',
        'get_function',
        'delete_function',
        'list_functions',
        'publish_function_version',
        'delete_function_version',
        'create_alias',
        'delete_alias',
        'get_async_invoke_config',
        'put_async_invoke_config',
        'delete_async_invoke_config',
        'list_async_invoke_configs',
    )
)
RUNTIME = 'python3.10'
HANDLER = 'index.handler'
# The smallest settings the service takes: the functions are never invoked.
MEMORY_MB = 128
TIMEOUT_S = 3
TAG_RUN = 'alicloud-fc-live-run'


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived; the run cleans up and ends. A BaseException, as KeyboardInterrupt is: the SDK
    wraps an Exception raised inside a request into an error of its own, and the run must not take the
    interruption for a failed request."""

    def __init__(self, signum):
        super().__init__('interrupted by %s' % signal.Signals(signum).name)
        self.signum = signum


def require_opt_in(what):
    """End the process (status 2) before any request unless FC_LIVE_TESTS=yes."""
    if os.environ.get(OPT_IN) != 'yes':
        sys.stderr.write(
            '%s runs against the account and endpoint of your environment and creates (then removes) '
            'resources there; it starts only with %s=yes. Nothing was sent.\n' % (what, OPT_IN)
        )
        sys.exit(2)


class Connection:
    """The shared options' environment variables (the names the modules read), as the SDK needs them."""

    def __init__(self, environ=None):
        environ = os.environ if environ is None else environ

        def get(*names):
            return next((environ[n] for n in names if environ.get(n)), None)

        self.region = get('ALIBABA_CLOUD_REGION_ID', 'ALICLOUD_REGION')
        self.access_key_id = get('ALIBABA_CLOUD_ACCESS_KEY_ID', 'ALICLOUD_ACCESS_KEY')
        self.access_key_secret = get('ALIBABA_CLOUD_ACCESS_KEY_SECRET', 'ALICLOUD_SECRET_KEY')
        self.security_token = get('ALIBABA_CLOUD_SECURITY_TOKEN', 'ALICLOUD_SECURITY_TOKEN')
        self.endpoint = get('ALIBABA_CLOUD_FC_ENDPOINT')
        if not self.region:
            raise SystemExit('Set the region: ALIBABA_CLOUD_REGION_ID (or ALICLOUD_REGION). Nothing was sent.')

    def sdk_client(self):
        from alibabacloud_fc20230330.client import Client  # pylint: disable=import-outside-toplevel
        from alibabacloud_tea_openapi.models import Config  # pylint: disable=import-outside-toplevel

        config = Config(region_id=self.region, connect_timeout=5000, read_timeout=20000)
        if self.endpoint:
            parts = urlsplit(self.endpoint if '://' in self.endpoint else 'https://' + self.endpoint)
            config.endpoint, config.protocol = parts.netloc, parts.scheme
        if self.access_key_id:
            config.access_key_id = self.access_key_id
            config.access_key_secret = self.access_key_secret
            config.security_token = self.security_token
        else:
            from alibabacloud_credentials.client import Client as Credentials  # pylint: disable=import-outside-toplevel

            config.credential = Credentials()
        client = Client(config)
        # The SDK's map has an entry ending in a tab (ap-southeast-5); the modules strip it too.
        client._endpoint = (client._endpoint or '').strip()  # pylint: disable=protected-access
        return client

    @staticmethod
    def effective_endpoint(client):
        """The endpoint URL the client sends to: the one of the environment, or the SDK's for the region."""
        return '%s://%s' % ((client._protocol or 'https').lower(), client._endpoint)  # pylint: disable=protected-access

    def describe(self, client):
        return 'region %s, endpoint %s' % (self.region, self.effective_endpoint(client))


def run_prefix(kind):
    """A name prefix unique to this run: letters, digits and '-', starting with a letter (FC3's name rule)."""
    return '%s-%s-%s-' % (kind, time.strftime('%m%d%H%M%S', time.gmtime()), uuid.uuid4().hex[:6])


def tiny_zip():
    """A function's code, base64: one index.py of a few bytes, made here (nothing downloaded or uploaded)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, 'w', zipfile.ZIP_DEFLATED) as archive:
        archive.writestr('index.py', 'def handler(event, context):\n    return event\n')
    return base64.b64encode(buffer.getvalue()).decode('ascii')


def status_of(exc):
    """(HTTP status, error code) of an SDK exception; (None, class name) for one without an answer."""
    status = getattr(exc, 'status_code', None) or getattr(exc, 'statusCode', None)
    code = getattr(exc, 'code', None)
    if status is None:
        return None, type(exc).__name__
    return int(status), None if code in (None, 'None') else str(code)


def is_not_found(exc):
    return status_of(exc)[0] == 404


@contextmanager
def interruptible():
    """SIGINT and SIGTERM raise Interrupted in the main thread while the block runs."""

    def raise_interrupted(signum, _frame):
        raise Interrupted(signum)

    saved = {signum: signal.signal(signum, raise_interrupted) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


@contextmanager
def shielded(say):
    """While the block runs (cleanup), SIGINT and SIGTERM are noted, not obeyed: the removal goes on."""

    def note(signum, _frame):
        say(
            '%s received while removing what this run created: finishing the removal first'
            % signal.Signals(signum).name
        )

    saved = {signum: signal.signal(signum, note) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in saved.items():
            signal.signal(signum, handler)


class Account:
    """Requests of one run, all on names with ``prefix``; see the module docstring."""

    def __init__(self, client, prefix, say=print):
        from alibabacloud_fc20230330 import models  # pylint: disable=import-outside-toplevel

        if not re.match(r'^[a-zA-Z][a-zA-Z0-9-]{3,40}-$', prefix):
            raise ValueError('a run prefix needs letters, digits and "-" and ends with "-": %r' % prefix)
        self.client = client
        self.models = models
        self.prefix = prefix
        self.say = say
        self.requests = 0
        # (kind, function, id) in creation order: kind function/version/alias; id None for a function.
        self.ledger = []

    def _mine(self, name):
        if not isinstance(name, str) or not name.startswith(self.prefix):
            raise RuntimeError('refused: %r does not carry this run\'s prefix %r' % (name, self.prefix))
        return name

    def call(self, operation, *args):
        if operation not in ALLOWED_OPERATIONS:
            raise RuntimeError('refused: %s is not an operation the live suite may use' % operation)
        self.requests += 1
        return getattr(self.client, operation)(*args)

    # ------------------------------------------------------------------ creation (ledger first)

    def create_function(self, name, tags=None, description='alicloud.fc live test; removed at the end of the run'):
        m = self.models
        self.ledger.append(('function', self._mine(name), None))
        body = m.CreateFunctionInput(
            function_name=name,
            runtime=RUNTIME,
            handler=HANDLER,
            memory_size=MEMORY_MB,
            timeout=TIMEOUT_S,
            description=description,
            code=m.InputCodeLocation(zip_file=tiny_zip()),
            tags=[m.Tag(key=k, value=v) for k, v in sorted((tags or {}).items())],
        )
        return self.call('create_function', m.CreateFunctionRequest(body=body)).body.to_map()

    def publish_version(self, name):
        m = self.models
        # The id is known only from the answer: the ledger notes a version of this function to look for.
        self.ledger.append(('version', self._mine(name), None))
        answer = self.call(
            'publish_function_version',
            name,
            m.PublishFunctionVersionRequest(body=m.PublishVersionInput(description='alicloud.fc live test')),
        ).body.to_map()
        self.ledger[-1] = ('version', name, answer['versionId'])
        return answer['versionId']

    def create_alias(self, name, alias, version_id):
        m = self.models
        self.ledger.append(('alias', self._mine(name), alias))
        body = m.CreateAliasInput(alias_name=alias, version_id=version_id, description='alicloud.fc live test')
        return self.call('create_alias', name, m.CreateAliasRequest(body=body)).body.to_map()

    # ------------------------------------------------------------------ reads and config writes

    def wait_active(self, name, timeout=120):
        """Wait until function ``name`` is ready for a version (a new function may be Pending a moment)."""
        deadline = time.monotonic() + timeout
        while True:
            state = self.get_function(name).get('state')
            if state in (None, 'Active'):
                return
            if state == 'Failed' or time.monotonic() > deadline:
                raise RuntimeError('function %s is %s, not Active' % (name, state))
            time.sleep(2)

    def get_function(self, name):
        return self.call('get_function', self._mine(name), self.models.GetFunctionRequest()).body.to_map()

    def list_functions(self, **filters):
        """Every function with this run's prefix (the prefix filter is always sent), through every page."""
        m = self.models
        functions, token = [], None
        while True:
            request = m.ListFunctionsRequest(prefix=self.prefix, limit=100, next_token=token, **filters)
            page = self.call('list_functions', request).body.to_map()
            functions.extend(
                f for f in page.get('functions') or [] if f.get('functionName', '').startswith(self.prefix)
            )
            token = page.get('nextToken')
            if not token:
                return functions

    def get_config(self, name, qualifier='LATEST'):
        m = self.models
        request = m.GetAsyncInvokeConfigRequest(qualifier=qualifier)
        return self.call('get_async_invoke_config', self._mine(name), request).body.to_map()

    def put_config(self, name, qualifier='LATEST', **fields):
        """PutAsyncInvokeConfig with the API's camelCase ``fields`` as given (the SDK drops None)."""
        m = self.models
        body = m.PutAsyncInvokeConfigInput().from_map(fields)
        request = m.PutAsyncInvokeConfigRequest(qualifier=qualifier, body=body)
        return self.call('put_async_invoke_config', self._mine(name), request).body.to_map()

    def delete_config(self, name, qualifier='LATEST'):
        """The response (status_code, headers) of DeleteAsyncInvokeConfig."""
        request = self.models.DeleteAsyncInvokeConfigRequest(qualifier=qualifier)
        return self.call('delete_async_invoke_config', self._mine(name), request)

    def list_configs(self, name, limit=None, token=None):
        request = self.models.ListAsyncInvokeConfigsRequest(
            function_name=self._mine(name), limit=limit, next_token=token
        )
        return self.call('list_async_invoke_configs', request).body.to_map()

    def function_configs(self, name):
        """Every async config of function ``name`` (its own list: never another function's)."""
        configs, token = [], None
        while True:
            page = self.list_configs(name, token=token)
            configs.extend(page.get('configs') or [])
            token = page.get('nextToken')
            if not token:
                return configs

    # ------------------------------------------------------------------ removal

    def _remove_function(self, name, versions, aliases):
        """Remove function ``name`` with its configs, aliases and versions; returns what is left, as text."""
        left = []

        def attempt(what, operation, *args):
            try:
                self.call(operation, *args)
            except Exception as exc:  # pylint: disable=broad-except
                if not is_not_found(exc):
                    left.append('%s: %s' % (what, _short(exc)))

        try:
            configs = self.function_configs(name)
        except Exception as exc:  # pylint: disable=broad-except
            configs = []
            if not is_not_found(exc):
                left.append('async configs of %s (not listed): %s' % (name, _short(exc)))
        for config in configs:
            qualifier = qualifier_of(config.get('functionArn', ''), name)
            request = self.models.DeleteAsyncInvokeConfigRequest(qualifier=qualifier)
            attempt('async config %s:%s' % (name, qualifier), 'delete_async_invoke_config', name, request)
        for alias in aliases:
            attempt('alias %s:%s' % (name, alias), 'delete_alias', name, alias)
        for version in versions:
            attempt('version %s:%s' % (name, version), 'delete_function_version', name, version)
        if not left:
            attempt('function %s' % name, 'delete_function', name)
        else:
            left.append('function %s (kept: its parts above were not removed)' % name)
        return left

    def cleanup(self):
        """Remove everything this run created or that carries its prefix; returns what could not be removed."""
        names, versions, aliases = [], {}, {}
        for kind, name, ident in self.ledger:
            if name not in names:
                names.append(name)
            if kind == 'version':
                # A version whose answer was lost: a new function's versions are numbered from 1.
                versions.setdefault(name, []).append(ident or str(len(versions.get(name, [])) + 1))
            if kind == 'alias':
                aliases.setdefault(name, []).append(ident)
        left = []
        try:
            # A function whose creation answer was lost (an interruption) is found by its prefix.
            names.extend(f['functionName'] for f in self.list_functions() if f['functionName'] not in names)
        except Exception as exc:  # pylint: disable=broad-except
            left.append('functions with prefix %s (not listed): %s' % (self.prefix, _short(exc)))
        for name in reversed(names):
            left.extend(
                self._remove_function(self._mine(name), list(reversed(versions.get(name, []))), aliases.get(name, []))
            )
        if not left:
            try:
                left.extend('function %s' % f['functionName'] for f in self.list_functions())
            except Exception as exc:  # pylint: disable=broad-except
                left.append('functions with prefix %s (not listed after removal): %s' % (self.prefix, _short(exc)))
        return left


def qualifier_of(arn, name):
    """The qualifier of a config's functionArn, either form (``.../NAME/Q``, ``.../NAME:Q``); LATEST without one."""
    tail = arn.rsplit('functions/', 1)[-1]
    if tail.startswith(name) and len(tail) > len(name) and tail[len(name)] in '/:':
        return tail[len(name) + 1 :]
    return 'LATEST'


def _short(exc):
    status, code = status_of(exc)
    message = getattr(exc, 'data', None)
    message = message.get('Message') if isinstance(message, dict) else str(exc).splitlines()[0][:200]
    return '%s %s: %s' % (status or '-', code, message)
