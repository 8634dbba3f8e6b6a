"""The benchmark behind scripts/bench.sh (entry point: scripts/bench.py; its --help is cli.py's docstring).

Modules by concern; each imports only modules listed before it, so there is no import cycle:
  harness    process timing (pre-forked children released together, wait4), sh, log, percentiles
  nodes      the subjects (K8sNet, reference, floor, harness) and their throwaway node namespaces
  checks     correctness after each burst, read-only inside the node netns
  report     header, tables, sections, the goals of issue 7, the closing lines
  scenarios  scenarios 1-5 (sequential, bursts, attached, rss, process costs)
  scale      scenario 6 (--scale)
  run        one run's state (Bench: subjects, pools, nodes, results) and the order of its scenarios
  cli        arguments and main
The run object is passed to the modules above it as a plain argument, never imported by them.
"""
