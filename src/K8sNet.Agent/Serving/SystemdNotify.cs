using System.Net.Sockets;
using System.Text;

namespace K8sNet.Agent.Serving;

/// <summary>
/// sd_notify(3) for a systemd unit of Type=notify: "READY=1" once routes are in place, "STOPPING=1" on SIGTERM, sent
/// as one datagram to $NOTIFY_SOCKET (a path, or "@name" in the abstract namespace). Without the variable (a pod,
/// a shell) nothing is sent. Done by hand: Microsoft.Extensions.Hosting.Systemd would do the same and bring the
/// Generic Host with it.
/// </summary>
public static class SystemdNotify
{
    public static void Send(string state)
    {
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path) || (path[0] != '/' && path[0] != '@'))
        {
            return;
        }

        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path));
            socket.Send(Encoding.UTF8.GetBytes(state));
        }
        catch (SocketException)
        {
            // systemd went away or the unit is not Type=notify: nothing to tell.
        }
    }
}
