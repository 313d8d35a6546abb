import CHTTPShims
import Glibc
import Testing

@testable import HTTPServer

/// The default event-loop thread count: the affinity mask lowered to the cgroup's CPU limit.
@Suite struct CPUQuotaTests {
    @Test(arguments: [
        ("max 100000\n", 8, 8),  // no limit
        ("150000 100000\n", 8, 2),  // 1.5 CPUs, rounded up
        ("200000 100000\n", 8, 2),  // exactly 2
        ("50000 100000", 8, 1),  // half a CPU still needs a thread
        ("400000 100000\n", 2, 2),  // a limit above the CPUs we may run on
        ("", 4, 4), ("max", 4, 4), ("100000\n", 4, 4), ("abc 100000\n", 4, 4),  // malformed
        ("0 100000\n", 4, 4), ("-5 100000\n", 4, 4), ("100000 0\n", 4, 4), ("1 2 3\n", 4, 4),
    ])
    func cgroup2CPUMax(text: String, affinity: Int, expected: Int) {
        #expect(CPUQuota.cpus(cgroup2CPUMax: text, affinity: affinity) == expected)
    }

    @Test func aMissingCPUMaxLeavesTheAffinityCount() {
        #expect(CPUQuota.cpus(cgroup2CPUMax: nil, affinity: 3) == 3)
    }

    @Test(arguments: [
        ("-1\n", "100000\n", 8, 8),  // no limit
        ("150000\n", "100000\n", 8, 2),
        ("300000\n", "100000\n", 2, 2),
        ("x\n", "100000\n", 4, 4), ("150000\n", "\n", 4, 4),
    ])
    func cgroup1Quota(quota: String, period: String, affinity: Int, expected: Int) {
        #expect(CPUQuota.cpus(cgroup1Quota: quota, period: period, affinity: affinity) == expected)
        #expect(CPUQuota.cpus(cgroup1Quota: nil, period: period, affinity: affinity) == affinity)
        #expect(CPUQuota.cpus(cgroup1Quota: quota, period: nil, affinity: affinity) == affinity)
    }

    @Test func readsCPUMaxThenTheV1FilesUnderTheCgroupRoot() throws {
        var template = Array("/tmp/cgroup-test-XXXXXX".utf8CString)
        let root = String(cString: try #require(mkdtemp(&template)))
        mkdir(root + "/cpu", 0o700)
        defer {
            for file in ["/cpu.max", "/cpu/cpu.cfs_quota_us", "/cpu/cpu.cfs_period_us"] { unlink(root + file) }
            rmdir(root + "/cpu")
            rmdir(root)
        }
        let affinity = Int(chttp_cpu_count())
        #expect(CPUQuota.availableCPUs(cgroupRoot: root) == affinity, "no files: no limit")
        try createFile("100000 100000\n", at: root + "/cpu.max")
        #expect(CPUQuota.availableCPUs(cgroupRoot: root) == 1)
        unlink(root + "/cpu.max")
        try createFile("100000\n", at: root + "/cpu/cpu.cfs_quota_us")
        try createFile("100000\n", at: root + "/cpu/cpu.cfs_period_us")
        #expect(CPUQuota.availableCPUs(cgroupRoot: root) == 1)
    }

    private func createFile(_ text: String, at path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        try #require(fd >= 0)
        defer { close(fd) }
        let written = text.utf8CString.withUnsafeBytes { write(fd, $0.baseAddress, $0.count - 1) }
        try #require(written == text.utf8.count)
    }
}
