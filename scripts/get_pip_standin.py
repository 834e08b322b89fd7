# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Stand-in for pypa's get-pip.py, for ansible-test on machines that reach only the package index.

ansible-test bootstraps pip into each sanity-test virtualenv by running get-pip.py, which it
downloads from a host outside the package index. This script does the same job: it installs the
interpreter's bundled pip (ensurepip), then the packages ansible-test asks for (pinned pip,
setuptools, wheel) from the package index. scripts/lib.sh puts it where ansible-test caches get-pip.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import subprocess
import sys

# Options of get-pip.py itself, which pip install does not know.
GET_PIP_OPTIONS = ('--no-setuptools', '--no-wheel')


def main():
    # In a child process: ensurepip blanks pip's configuration in its own environment, and the
    # install below needs the machine's pip configuration (index, certificates).
    subprocess.check_call([sys.executable, '-m', 'ensurepip', '--upgrade'])
    arguments = [argument for argument in sys.argv[1:] if argument not in GET_PIP_OPTIONS]
    sys.exit(subprocess.call([sys.executable, '-m', 'pip', 'install', '--quiet'] + arguments))


if __name__ == '__main__':
    main()
