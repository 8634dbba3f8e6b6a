import socket, struct, sys
# Runs inside a throwaway netns (ip netns exec); prints the raw datagrams of one dump as hex, one per line.
RTM = {'link': (18, struct.pack('BBHiII', 0,0,0,0,0,0) + struct.pack('HHI', 8, 29, 8)),
       'addr': (22, struct.pack('BBBBI', 0,0,0,0,0)),
       'route4': (26, struct.pack('BBBBBBBBI', 2,0,0,0,0,0,0,0,0)),
       'route6': (26, struct.pack('BBBBBBBBI', 10,0,0,0,0,0,0,0,0))}
t, body = RTM[sys.argv[1]]
s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
s.bind((0, 0))
msg = struct.pack('IHHII', 16 + len(body), t, 0x301, 1, 0) + body
s.send(msg)
while True:
    d = s.recv(65536)
    print(d.hex())
    if struct.unpack_from('H', d, 4)[0] == 3: break
