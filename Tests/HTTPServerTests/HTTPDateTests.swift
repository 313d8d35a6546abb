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

    @Test("caches the current second's line")
    func cache() {
        var date = HTTPDate()
        date.update()
        let line = String(decoding: date.fieldLine, as: UTF8.self)
        #expect(line.hasPrefix("Date: ") && line.hasSuffix(" GMT\r\n"))
        #expect(date.fieldLine.count == 37)
    }
}
