using K8sNet.Agent.Cli;

// k8snet-agent install | routes | version: the node agent beside the static plugin k8snet (see docs/agent.md).
return await AgentCli.RunAsync(args).ConfigureAwait(false);
