# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one clean environment for every Ansible (and molecule, ansible-runner) process the tests and the
benchmarks start. scripts/lib.sh keeps the shell side of the same rules (its proxy list and build/ homes).

- No proxy variables: the SDK honours ``*_proxy`` but ignores ``NO_PROXY``, so a proxy of the machine
  would capture the calls to the emulator on 127.0.0.1.
- No ambient Alibaba Cloud settings (``ALIBABA_CLOUD_*``, ``ALICLOUD_*``): a test sets what it means to;
  the credentials default chain is kept away from this machine's CLI profile and metadata service.
- Nothing written to the home of whoever runs the tests: ``HOME``, ``ANSIBLE_HOME`` and Ansible's
  temporary files live under ``scratch``, a directory of the run (pytest's ``tmp_path`` under build/).

Tests import it as ``clean_env`` (tests/conftest.py puts tests/ on sys.path), bench/ scripts likewise.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

# Prefixes of variables a test or benchmark must set itself if it wants them.
AMBIENT_PREFIXES = ('ALIBABA_CLOUD_', 'ALICLOUD_')
# Keep the credentials default chain away from this machine's CLI profile and metadata service.
CREDENTIAL_CHAIN_SETTINGS = {
    'ALIBABA_CLOUD_ECS_METADATA_DISABLED': 'true',
    'ALIBABA_CLOUD_CLI_PROFILE_DISABLED': 'true',
}


def is_proxy_variable(name):
    """``http_proxy``, ``HTTPS_PROXY``, ``no_proxy``, ``ALL_PROXY``...: any case, any scheme."""
    return name.lower().endswith('_proxy')


def isolated_settings(scratch):
    """The variables clean_environment sets: home and Ansible's files under ``scratch``, the credentials chain
    kept to what the test gives it. For tools that take variables to add to their own environment (ansible-runner)."""
    ansible_home = os.path.join(str(scratch), '.ansible')
    return dict(
        CREDENTIAL_CHAIN_SETTINGS,
        **{
            'HOME': str(scratch),
            'ANSIBLE_HOME': ansible_home,
            'ANSIBLE_LOCAL_TEMP': os.path.join(ansible_home, 'tmp'),
            'ANSIBLE_REMOTE_TEMP': os.path.join(ansible_home, 'tmp'),
            # async_status looks where the controller expands ~ (the user's passwd home), not where HOME points.
            'ANSIBLE_ASYNC_DIR': os.path.join(ansible_home, 'async'),
            'ANSIBLE_NOCOLOR': '1',
            'ANSIBLE_FORCE_COLOR': '0',
        },
    )


def is_ambient(name, drop_prefixes=()):
    """A variable no test or benchmark inherits: a proxy, an Alibaba Cloud setting, or one of ``drop_prefixes``."""
    return is_proxy_variable(name) or name.startswith(AMBIENT_PREFIXES + tuple(drop_prefixes))


def clean_environment(scratch, environ=None, drop_prefixes=()):
    """``environ`` (default ``os.environ``) without proxies and ambient cloud settings (nor variables starting
    with one of ``drop_prefixes``), with its home and Ansible's files under the directory ``scratch``."""
    environ = os.environ if environ is None else environ
    env = dict((name, value) for name, value in environ.items() if not is_ambient(name, drop_prefixes))
    env.update(isolated_settings(scratch))
    return env


def main(argv):
    """``python clean_env.py SCRATCH COMMAND [ARG...]``: run COMMAND in the clean environment, for the scripts."""
    if len(argv) < 3:
        raise SystemExit('usage: clean_env.py SCRATCH COMMAND [ARG...]')
    os.makedirs(argv[1], exist_ok=True)
    os.execvpe(argv[2], argv[2:], clean_environment(argv[1]))


if __name__ == '__main__':
    import sys

    main(sys.argv)
