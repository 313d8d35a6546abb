/// The value a problem met, quoted after its detail (`must be a number; met "$1,200.00"`), so that a person
/// sees what was read without searching the file for it.
public enum ValueMet {
    /// At most this many characters of a value are quoted.
    public static let quotedLimit = 40
    static let marker = "; met \""

    /// `detail` followed by the value met, cut to ``quotedLimit`` characters.
    public static func detail(_ detail: String, met value: String) -> String {
        let shown = value.count > quotedLimit ? value.prefix(quotedLimit - 1) + "…" : Substring(value)
        return detail + marker + shown + "\""
    }

    /// The same for a value given as UTF-8 bytes (a CSV cell; invalid UTF-8 is shown replaced).
    public static func detail(_ detail: String, met bytes: UnsafeBufferPointer<UInt8>) -> String {
        self.detail(detail, met: String(decoding: bytes.prefix(4 * quotedLimit), as: UTF8.self))
    }

    /// `detail` without the value met (what problems are grouped by).
    public static func withoutValue(_ detail: String) -> String {
        guard let range = detail.ranges(of: marker).first else { return detail }
        return String(detail[..<range.lowerBound])
    }
}
