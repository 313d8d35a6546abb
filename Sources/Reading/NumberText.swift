/// How numbers are written in an input's text: the `numberFormat` option. Nothing is guessed: a text is read
/// in the one layout given, or not at all.
public enum NumberLayout: String, Sendable, CaseIterable {
    /// `1234.5`, `-0.25`, `1e3`: a JSON number, no separators, no currency.
    case plain
    /// `1,234.50`, `$1,234.50`, `1234.5 USD`: `,` groups thousands, `.` starts the fraction.
    case en
    /// `1.234,50`, `1.234,50 €`, `EUR 1234,5`: `.` groups thousands, `,` starts the fraction.
    case de

    /// The separators of the layout: thousands, then fraction (`nil` for plain).
    var separators: (thousands: UInt8, fraction: UInt8)? {
        switch self {
        case .plain: nil
        case .en: (UInt8(ascii: ","), UInt8(ascii: "."))
        case .de: (UInt8(ascii: "."), UInt8(ascii: ","))
        }
    }
}

/// Numbers read from text in a ``NumberLayout``, without Foundation.
public enum NumberText {
    /// The number `bytes` write in `layout`, or `nil` when they write none in it. Spaces around the text
    /// are passed over; in `en` and `de`, a sign (`-`), thousands separators in groups of three, and a
    /// currency symbol (`$ € £ ¥`) or an upper-case ISO 4217 code before or after the number (one space
    /// between at most) are read too.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ layout: NumberLayout) -> Double? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
        while end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        guard start < end, end - start <= 64 else { return nil }
        guard let separators = layout.separators else { return plain(bytes, start, end) }
        var negative = false
        if bytes[start] == UInt8(ascii: "-") {
            negative = true
            start += 1
        }
        // A currency before the number (then maybe the sign), or after it.
        if let after = currency(bytes, from: start, end: end) {
            start = after
            if start < end, bytes[start] == UInt8(ascii: " ") { start += 1 }
            if !negative, start < end, bytes[start] == UInt8(ascii: "-") {
                negative = true
                start += 1
            }
        } else if let before = currencyBefore(bytes, end: end, start: start) {
            end = before
            if end > start, bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
        }
        guard start < end else { return nil }
        // The digits, thousands groups checked, written out plainly for the standard library's parser.
        var digits: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        var group = -1  // digits since the last thousands separator; -1 before the first one
        var leading = 0
        var index = start
        while index < end, bytes[index] != separators.fraction {
            let byte = bytes[index]
            if byte == separators.thousands {
                guard (group == -1 && leading >= 1 && leading <= 3) || group == 3 else { return nil }
                group = 0
            } else {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                digits.append(byte)
                if group >= 0 { group += 1 } else { leading += 1 }
            }
            index += 1
        }
        guard group == -1 ? leading > 0 : group == 3 else { return nil }
        if index < end {
            digits.append(UInt8(ascii: "."))
            index += 1
            guard index < end else { return nil }
            while index < end {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                digits.append(bytes[index])
                index += 1
            }
        }
        return Double(String(decoding: digits, as: UTF8.self))
    }

    /// The layouts other than `layout` that read `bytes` (what an error suggests), in declared order.
    public static func layouts(reading bytes: UnsafeBufferPointer<UInt8>, besides layout: NumberLayout) -> [NumberLayout] {
        NumberLayout.allCases.filter { $0 != layout && parse(bytes, $0) != nil }
    }

    /// A JSON number (RFC 8259 §6) from `start` to `end`.
    private static func plain(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Double? {
        var i = start
        func digits() -> Int {
            let from = i
            while i < end, b[i] >= 0x30, b[i] <= 0x39 { i += 1 }
            return i - from
        }
        if b[i] == UInt8(ascii: "-") { i += 1 }
        let first = i
        guard digits() > 0, b[first] != 0x30 || i - first == 1 else { return nil }
        if i < end, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return nil }
        }
        if i < end, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < end, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return nil }
        }
        guard i == end else { return nil }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
    }

    /// The index after a currency that starts at `start`, if one does.
    private static func currency(_ b: UnsafeBufferPointer<UInt8>, from start: Int, end: Int) -> Int? {
        for symbol in symbols where start + symbol.count <= end && b[start..<start + symbol.count].elementsEqual(symbol) {
            return start + symbol.count
        }
        guard start + 3 <= end, (start..<start + 3).allSatisfy({ isUpper(b[$0]) }), start + 3 == end || !isUpper(b[start + 3]) else { return nil }
        return start + 3
    }

    /// The index where a currency that ends at `end` starts, if one does.
    private static func currencyBefore(_ b: UnsafeBufferPointer<UInt8>, end: Int, start: Int) -> Int? {
        for symbol in symbols where end - symbol.count >= start && b[(end - symbol.count)..<end].elementsEqual(symbol) {
            return end - symbol.count
        }
        guard end - 3 >= start, (end - 3..<end).allSatisfy({ isUpper(b[$0]) }), end - 3 == start || !isUpper(b[end - 4]) else { return nil }
        return end - 3
    }

    private static func isUpper(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") }

    /// Currency symbols, as UTF-8: `$`, `€`, `£`, `¥`.
    private static let symbols: [[UInt8]] = ["$", "€", "£", "¥"].map { Array($0.utf8) }
}
