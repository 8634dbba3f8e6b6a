# A tiny TCP/UDP echo-a-word listener for the hostPort traffic tests: reads one message, answers with a word.
# Usage: Listener.py tcp|udp 4|6 PORT WORD. (socat fork+SYSTEM dropped about one answer in eight under load.)
import socket, sys
proto, family, port, reply = sys.argv[1], sys.argv[2], int(sys.argv[3]), (sys.argv[4] + "\n").encode()
af = socket.AF_INET6 if family == "6" else socket.AF_INET
s = socket.socket(af, socket.SOCK_STREAM if proto == "tcp" else socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
if af == socket.AF_INET6:
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
s.bind(("", port))
if proto == "tcp":
    s.listen(16)
    while True:
        c, _ = s.accept()
        c.settimeout(5)
        try:
            c.recv(100)
            c.sendall(reply)
            c.shutdown(socket.SHUT_WR)
            c.recv(100)
        except OSError:
            pass
        c.close()
else:
    while True:
        _, peer = s.recvfrom(100)
        s.sendto(reply, peer)
