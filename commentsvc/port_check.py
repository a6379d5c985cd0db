"""`make run` asks this before serving, so a port already in use gets one Vietnamese line instead of a traceback.

Usage: ``python -m commentsvc.port_check HOST PORT`` (exit status 1 and the hint when the port is taken).
"""

from __future__ import annotations

import socket
import sys


def port_is_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # The development server sets SO_REUSEADDR too: a port left in TIME_WAIT by the last run is free for it.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def hint(host: str, port: int) -> str:
    return (
        f"Cổng {port} trên {host} đang được một chương trình khác dùng: dừng chương trình đó, "
        f"hoặc chạy trên cổng khác, ví dụ `make run PORT={port + 1}`."
    )


def main(argv: list[str]) -> int:
    host, port = argv[0], int(argv[1])
    if port_is_free(host, port):
        return 0
    print(hint(host, port), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
