import Foundation
import JSON
import Testing

/// The JSONTestSuite parsing corpus: `y_` accepted, `n_` rejected, `i_` as documented on `JSONReader`.
struct JSONTestSuiteTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/test_parsing")

    /// The corpus file names; empty when the directory cannot be read, which `theCorpusIsPresent` reports
    /// with the reason (the parameterized tests would otherwise pass with no cases).
    static let allFileNames: [String] = ((try? corpusFileNames()) ?? [])

    static func corpusFileNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    /// `y_` files the product rejects on purpose: repeated member names are an error.
    static let rejectedByProductDecision: Set<String> = [
        "y_object_duplicated_key.json",
        "y_object_duplicated_key_and_value.json",
    ]

    /// The documented decision for every implementation-defined file: `true` = accepted.
    static let implementationDefined: [String: Bool] = [
        "i_number_double_huge_neg_exp.json": true,
        "i_number_huge_exp.json": false,
        "i_number_neg_int_huge_exp.json": false,
        "i_number_pos_double_huge_exp.json": false,
        "i_number_real_neg_overflow.json": false,
        "i_number_real_pos_overflow.json": false,
        "i_number_real_underflow.json": true,
        "i_number_too_big_neg_int.json": true,
        "i_number_too_big_pos_int.json": true,
        "i_number_very_big_negative_int.json": true,
        "i_object_key_lone_2nd_surrogate.json": false,
        "i_string_1st_surrogate_but_2nd_missing.json": false,
        "i_string_1st_valid_surrogate_2nd_invalid.json": false,
        "i_string_UTF-16LE_with_BOM.json": false,
        "i_string_UTF-8_invalid_sequence.json": false,
        "i_string_UTF8_surrogate_U+D800.json": false,
        "i_string_incomplete_surrogate_and_escape_valid.json": false,
        "i_string_incomplete_surrogate_pair.json": false,
        "i_string_incomplete_surrogates_escape_valid.json": false,
        "i_string_invalid_lonely_surrogate.json": false,
        "i_string_invalid_surrogate.json": false,
        "i_string_invalid_utf-8.json": false,
        "i_string_inverted_surrogates_U+1D11E.json": false,
        "i_string_iso_latin_1.json": false,
        "i_string_lone_second_surrogate.json": false,
        "i_string_lone_utf8_continuation_byte.json": false,
        "i_string_not_in_unicode_range.json": false,
        "i_string_overlong_sequence_2_bytes.json": false,
        "i_string_overlong_sequence_6_bytes.json": false,
        "i_string_overlong_sequence_6_bytes_null.json": false,
        "i_string_truncated-utf-8.json": false,
        "i_string_utf16BE_no_BOM.json": false,
        "i_string_utf16LE_no_BOM.json": false,
        "i_structure_500_nested_arrays.json": false,
        "i_structure_UTF-8_BOM_empty_object.json": false,
    ]

    @Test func theCorpusIsPresent() throws {
        #expect(try Self.corpusFileNames().count == 318)  // fails with the read error when it is missing
    }

    @Test func everyImplementationDefinedFileHasADocumentedDecision() {
        let files = Set(Self.allFileNames.filter { $0.hasPrefix("i_") })
        #expect(files == Set(Self.implementationDefined.keys))
    }

    @Test(arguments: allFileNames)
    func eachCorpusFileIsAcceptedOrRejectedAsSpecified(_ name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        let accepted: Bool
        do {
            _ = try JSONReader.parse([UInt8](data))
            accepted = true
        } catch {
            accepted = false
        }
        let expected: Bool
        switch name.prefix(2) {
        case "y_": expected = !Self.rejectedByProductDecision.contains(name)
        case "n_": expected = false
        default: expected = try #require(Self.implementationDefined[name] as Bool?, "no decision for \(name)")
        }
        #expect(accepted == expected, "\(name) was \(accepted ? "accepted" : "rejected")")
        // The cursor, which validates without building values, draws the same line.
        let skipped = [UInt8](data).withUnsafeBytes { bytes in
            var cursor = JSONCursor(bytes)
            do {
                try cursor.skipValue()
                try cursor.finish()
                return true
            } catch {
                return false
            }
        }
        #expect(skipped == expected, "\(name) was \(skipped ? "accepted" : "rejected") by JSONCursor")
    }
}
