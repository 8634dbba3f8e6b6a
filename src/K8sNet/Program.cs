using K8sNet;
using K8sNet.Cli;

// A runtime sets CNI_COMMAND; a person does not. Branch first so the plugin path never pays for the CLI parser.
return Environment.GetEnvironmentVariable("CNI_COMMAND") is not null
    ? PluginHost.Run()
    : OperatorCli.Run(args);
