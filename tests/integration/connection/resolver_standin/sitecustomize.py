# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see LICENSE or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A stand-in for the system resolver, for tests of a name that does not resolve.

Put on PYTHONPATH, it makes every name under ``.invalid`` (a top-level domain that RFC 6761 reserves
for names that never resolve) fail the way an unknown name does, ``EAI_NONAME``, without a DNS query
leaving this machine. Every other name resolves as usual.
"""

import socket

_system_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    name = host.decode('ascii', 'replace') if isinstance(host, bytes) else host
    if isinstance(name, str) and name.rstrip('.').lower().endswith('.invalid'):
        raise socket.gaierror(socket.EAI_NONAME, 'Name or service not known')
    return _system_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo
