# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Fold the changelog fragments into the release section of the version in galaxy.yml.

Usage: python changelog.py [COLLECTION_DIR]   (`make changelog`; default: the repository)

The version named in galaxy.yml is the one being prepared; every earlier release section is
frozen. This drops that version's section from changelogs/changelog.yaml (keeping its release
date) and lets antsibull-changelog build it again from every fragment no earlier release lists and
from the plugins whose version_added is that version, then writes CHANGELOG.md. Running it twice
changes nothing.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import os
import subprocess
import sys

import yaml


def main(argv):
    root = os.path.abspath(argv[1] if len(argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
    with open(os.path.join(root, 'galaxy.yml'), encoding='utf-8') as handle:
        version = str(yaml.safe_load(handle)['version'])
    changes_path = os.path.join(root, 'changelogs', 'changelog.yaml')
    release_date = datetime.date.today().isoformat()
    if os.path.exists(changes_path):
        with open(changes_path, encoding='utf-8') as handle:
            changes = yaml.safe_load(handle)
        current = (changes.get('releases') or {}).pop(version, None)
        if current:
            release_date = str(current.get('release_date', release_date))
            with open(changes_path, 'w', encoding='utf-8') as handle:
                yaml.safe_dump(changes, handle, default_flow_style=False, sort_keys=True)
    # antsibull-changelog finds the plugins with ansible-doc from this Python's environment, in the
    # collection at ROOT (not in a collection installed elsewhere).
    bin_dir = os.path.dirname(sys.executable)
    env = dict((name, value) for name, value in os.environ.items() if name != 'ANSIBLE_COLLECTIONS_PATH')
    env['PATH'] = bin_dir + os.pathsep + env.get('PATH', '')
    # antsibull-changelog copies the collection into a temporary directory (and removes it): one inside the
    # collection, such as build/tmp where scripts/lib.sh puts temporary files, would be copied into itself.
    if os.path.abspath(env.get('TMPDIR', os.sep)).startswith(root + os.sep):
        del env['TMPDIR']
    command = [
        os.path.join(bin_dir, 'antsibull-changelog'),
        'release',
        '--version',
        version,
        '--date',
        release_date,
        '--reload-plugins',
    ]
    return subprocess.call(command, cwd=root, env=env)


if __name__ == '__main__':
    sys.exit(main(sys.argv))
