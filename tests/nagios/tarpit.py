#!/usr/bin/env python3
"""A loopback TCP server that accepts connections and never answers: an
endpoint behind a firewall that swallows traffic. Prints its port."""
import socket

srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", 0))
srv.listen(128)
print(srv.getsockname()[1], flush=True)
held = []
while True:
    conn, _ = srv.accept()
    held.append(conn)
