/*
 * Replaces the NativeAOT runtime's cgroup probes (cgroup.cpp.o and cgroupcpu.cpp.o of libRuntime.*.a) with
 * "no limits known", the runtime's own answer on a machine without cgroups.
 *
 * Why: at every start both probes read the whole of /proc/self/mountinfo, which on a node holds several mounts per
 * pod (netns, shm, rootfs, secrets). Measured on the development VM: 83 KB read twice with 500 pod namespaces, about
 * 3 ms of a 4 ms start, and growing with every pod (issue 7). The probes only feed the GC a memory limit and the
 * runtime a CPU quota; a plugin that lives for milliseconds with a heap of a few MB needs neither.
 *
 * How: this object comes before the runtime archive on the link line, so the linker never pulls the two archive
 * members. The names are the runtime's (C++-mangled); if a runtime update renames or adds one, the link fails with
 * a duplicate or undefined symbol rather than misbehaving.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

void InitializeCGroup(void) __asm__("_Z16InitializeCGroupv");
void CleanupCGroup(void) __asm__("_Z13CleanupCGroupv");
size_t GetRestrictedPhysicalMemoryLimit(void) __asm__("_Z32GetRestrictedPhysicalMemoryLimitv");
bool GetPhysicalMemoryUsed(size_t *value) __asm__("_Z21GetPhysicalMemoryUsedPm");
void InitializeCpuCGroup(void) __asm__("_Z19InitializeCpuCGroupv");
bool GetCpuLimit(uint32_t *value) __asm__("_Z11GetCpuLimitPj");

void InitializeCGroup(void) {}

void CleanupCGroup(void) {}

/* 0: no cgroup memory limit; the GC uses the machine's memory, as without cgroups. */
size_t GetRestrictedPhysicalMemoryLimit(void) { return 0; }

/* false: not known from a cgroup; the runtime falls back to the machine-wide figure. */
bool GetPhysicalMemoryUsed(size_t *value) { (void)value; return false; }

void InitializeCpuCGroup(void) {}

/* false: no CPU quota; the processor count is the CPUs the process may run on. */
bool GetCpuLimit(uint32_t *value) { (void)value; return false; }
