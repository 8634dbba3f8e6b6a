/* The sandbox's one process: it holds the pod's namespaces and waits. Exits on SIGINT/SIGTERM, as Kubernetes'
   pause does, so StopPodSandbox ends it at once instead of after containerd's kill timeout. Built with
   clang -static by the tests (PauseImage.cs): the image must not need a libc or anything else. */
#include <signal.h>
#include <unistd.h>

static void stop(int signal_number)
{
    (void)signal_number;
    _exit(0);
}

int main(void)
{
    signal(SIGINT, stop);
    signal(SIGTERM, stop);
    for (;;)
    {
        pause();
    }
}
