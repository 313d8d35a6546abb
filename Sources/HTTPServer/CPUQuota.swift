import CHTTPShims
import Glibc

/// How many CPUs this process can keep busy: the CPUs it may run on (its affinity mask), lowered
/// to a CPU limit set on its cgroup — what a container's `--cpus` or a Kubernetes CPU limit become.
///
/// The limit is the CFS bandwidth quota: `quota` µs of CPU time per `period` µs, i.e.
/// `quota ÷ period` CPUs, rounded up (1.5 CPUs → 2 threads, each then idle part of the time).
/// The files are read at the root of the cgroup filesystem, which inside a container (its own
/// cgroup namespace) is the container's cgroup.
enum CPUQuota {
    /// The CPUs available to this process: cgroup v2's `cpu.max` under `cgroupRoot` when the file
    /// exists, otherwise cgroup v1's `cpu/cpu.cfs_quota_us` and `cpu/cpu.cfs_period_us`, each capped
    /// by the affinity mask; the affinity count when there is no quota.
    static func availableCPUs(cgroupRoot: String = "/sys/fs/cgroup") -> Int {
        let affinity = Int(chttp_cpu_count())
        if let cpuMax = readSmallFile(cgroupRoot + "/cpu.max") {
            return cpus(cgroup2CPUMax: cpuMax, affinity: affinity)
        }
        return cpus(
            cgroup1Quota: readSmallFile(cgroupRoot + "/cpu/cpu.cfs_quota_us"),
            period: readSmallFile(cgroupRoot + "/cpu/cpu.cfs_period_us"), affinity: affinity)
    }

    /// CPUs from the text of cgroup v2's `cpu.max`, `"$MAX $PERIOD"` where `$MAX` is `max` for no
    /// limit (Linux Documentation/admin-guide/cgroup-v2.rst, "CPU Interface Files"); `affinity`
    /// when the file is missing (`nil`), says `max` or is malformed.
    static func cpus(cgroup2CPUMax text: String?, affinity: Int) -> Int {
        guard let fields = text?.split(whereSeparator: { $0 == " " || $0 == "\n" }), fields.count == 2 else {
            return affinity
        }
        return cpus(quota: Int(fields[0]), period: Int(fields[1]), affinity: affinity)
    }

    /// CPUs from the texts of cgroup v1's `cpu.cfs_quota_us` (`-1` for no limit) and
    /// `cpu.cfs_period_us` (Linux Documentation/scheduler/sched-bwc.rst); `affinity` when either
    /// file is missing (`nil`) or malformed, or there is no limit.
    static func cpus(cgroup1Quota quota: String?, period: String?, affinity: Int) -> Int {
        let number = { (text: String?) in text.flatMap { Int($0.split(separator: "\n").first ?? "") } }
        return cpus(quota: number(quota), period: number(period), affinity: affinity)
    }

    /// ⌈quota ÷ period⌉, at most `affinity`; `affinity` unless both are positive numbers.
    private static func cpus(quota: Int?, period: Int?, affinity: Int) -> Int {
        guard let quota, let period, quota > 0, period > 0 else { return affinity }
        let rounded = quota / period + (quota % period == 0 ? 0 : 1)
        return min(rounded, affinity)
    }

    /// The first bytes of a small file as text; `nil` when it cannot be opened or read.
    private static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 128)
        let count = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count >= 0 else { return nil }
        return String(decoding: bytes[..<count], as: UTF8.self)
    }
}
