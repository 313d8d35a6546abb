import Glibc
import Testing
@testable import HTTPServer

@Suite("HTTP date")
struct HTTPDateTests {
    @Test("formats the Date field as IMF-fixdate", arguments: [
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (1_709_164_800, "Thu, 29 Feb 2024 00:00:00 GMT"),
    ])
    func imfFixdate(_ time: Int, _ expected: String) {
        #expect(String(decoding: HTTPDate.format(time_t(time)), as: UTF8.self) == "Date: \(expected)\r\n")
    }

    @Test("formats the line once per second and reuses it within that second")
    func cache() {
        var date = HTTPDate()
        date.update(now: 784_111_777)
        #expect(date.formatted == 1)
        #expect(String(decoding: date.fieldLine, as: UTF8.self) == "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n")
        for _ in 0..<3 { date.update(now: 784_111_777) }
        #expect(date.formatted == 1, "the same second was formatted again instead of served from the cache")
        date.update(now: 784_111_778)
        #expect(date.formatted == 2)
        #expect(String(decoding: date.fieldLine, as: UTF8.self) == "Date: Sun, 06 Nov 1994 08:49:38 GMT\r\n")
        date.update(now: 784_111_777)
        #expect(date.formatted == 3, "a clock stepped back must not keep the later second's line")
        #expect(String(decoding: date.fieldLine, as: UTF8.self) == "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n")
    }

    @Test("update() reads the wall clock")
    func wallClock() {
        var date = HTTPDate()
        let before = time(nil)
        date.update()
        let after = time(nil)
        let line = String(decoding: date.fieldLine, as: UTF8.self)
        #expect(line == String(decoding: HTTPDate.format(before), as: UTF8.self)
            || line == String(decoding: HTTPDate.format(after), as: UTF8.self), "\(line)")
    }
}
