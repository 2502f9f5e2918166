#!/usr/bin/env python3
"""A loopback TCP sink standing in for Graphite: prints its port, then appends
everything it receives to OUT_FILE (one file, all connections)."""
import socket
import sys
import threading

out_path = sys.argv[1]
lock = threading.Lock()
srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(8)
print(srv.getsockname()[1], flush=True)


def serve(conn):
    with conn:
        while True:
            data = conn.recv(65536)
            if not data:
                return
            with lock, open(out_path, "ab") as f:
                f.write(data)


while True:
    c, _ = srv.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
