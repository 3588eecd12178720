"""When the test command runs with the network cut, prove that it really is cut."""

from __future__ import annotations

import os
import socket

import pytest


@pytest.mark.skipif(os.environ.get("CBEC_NETWORK_CUT") != "1",
                    reason="python3 tasks.py test could not cut the network here (no unshare -n)")
def test_network_is_unreachable_during_the_suite() -> None:
    with pytest.raises(OSError):
        socket.create_connection(("1.1.1.1", 443), timeout=3)
    with pytest.raises(OSError):
        socket.getaddrinfo("pypi.org", 443)


def test_loopback_works_for_kernels_and_the_browser_test() -> None:
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]
    client = socket.create_connection(("127.0.0.1", port), timeout=3)
    client.close()
    server.close()
