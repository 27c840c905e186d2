"""Block every network connection except to this machine.

Put this folder on PYTHONPATH and Python imports this module at start-up, so
every notebook kernel that nbval or tools/run_notebooks.py starts runs with no
internet: a notebook that tries to download anything fails loudly instead of
passing here and failing for a reader who is offline. The kernel itself talks
to its client over 127.0.0.1, which stays allowed.
"""
import ipaddress
import socket

_connect = socket.socket.connect
_connect_ex = socket.socket.connect_ex


def _is_local(address):
    if isinstance(address, (str, bytes)):  # a Unix socket path
        return True
    host = address[0]
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False  # a host name: resolving it would already need the network


def _guard(original):
    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address):
            raise OSError(f"network access is disabled while notebooks are tested (tried {address!r})")
        return original(self, address)
    return connect


socket.socket.connect = _guard(_connect)
socket.socket.connect_ex = _guard(_connect_ex)
_getaddrinfo = socket.getaddrinfo


def _getaddrinfo_local(host, *args, **kwargs):
    if host not in (None, "localhost") and not _is_local((host,)):
        raise socket.gaierror(f"network access is disabled while notebooks are tested (looked up {host!r})")
    return _getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo_local
