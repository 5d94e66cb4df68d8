import Testing
@testable import Core

@Suite("TextDecoder")
struct TextDecoderTests {
    @Test func utf8WithAndWithoutBOM() throws {
        let plain = try TextDecoder.decode(Array("Café “quoted”\r\nline".utf8))
        #expect(plain.text == "Café “quoted”\nline")
        #expect(plain.encoding == "utf-8")
        let bom = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + Array("Hello".utf8))
        #expect(bom.text == "Hello")
    }

    @Test func utf16WithBOM() throws {
        let little: [UInt8] = [0xFF, 0xFE, 0x48, 0x00, 0x69, 0x00]
        #expect(try TextDecoder.decode(little).text == "Hi")
        let big: [UInt8] = [0xFE, 0xFF, 0x00, 0x48, 0x00, 0x69]
        #expect(try TextDecoder.decode(big).text == "Hi")
    }

    @Test func windows1252CurlyQuotes() throws {
        // 0x93 and 0x94 are “ and ” in Windows-1252, control codes in ISO-8859-1.
        let decoded = try TextDecoder.decode([0x93, 0x48, 0x69, 0x94, 0x20, 0xE9, 0x74, 0xE9])
        #expect(decoded.text == "“Hi” été")
        #expect(decoded.encoding == "windows-1252")
    }

    @Test func latin1WhenWindows1252Fails() throws {
        // 0x81 is undefined in Windows-1252, so only ISO-8859-1 can read this.
        let decoded = try TextDecoder.decode(Array("Caf".utf8) + [0xE9, 0x81] + Array(" ok".utf8))
        #expect(decoded.encoding == "iso-8859-1")
        #expect(decoded.text.hasPrefix("Café"))
    }

    @Test func refusesBinaryEmptyAndBlank() {
        #expect(throws: ParseError.empty) { try TextDecoder.decode([]) }
        #expect(throws: ParseError.empty) { try TextDecoder.decode(Array("  \n\t \n".utf8)) }
        #expect(throws: ParseError.binary) { try TextDecoder.decode([0x41, 0x00, 0x42]) }
        var controls = Array(repeating: UInt8(0x41), count: 90)
        controls += Array(repeating: UInt8(0x01), count: 10)
        #expect(throws: ParseError.binary) { try TextDecoder.decode(controls) }
    }

    /// The control bytes are counted eight at a time: every one counts, wherever it falls in a word, and
    /// tabs, line breaks and form feeds do not; a carriage return anywhere is found.
    @Test func controlBytesAreCountedWhereverTheyFall() {
        var generator = SystemRandomNumberGenerator()
        let pool: [UInt8] = [0x41, 0x61, 0x20, 0x09, 0x0A, 0x0C, 0x0D, 0x01, 0x1B, 0x1F, 0x7F, 0xC3, 0xA9]
        for length in 0..<40 {
            for _ in 0..<20 {
                let bytes = (0..<length).map { _ in pool.randomElement(using: &generator) ?? 0x41 }
                let text = String(decoding: bytes, as: UTF8.self)
                let controls = text.utf8.filter { $0 < 0x20 && ![0x09, 0x0A, 0x0C, 0x0D].contains($0) }.count
                #expect(TextDecoder.looksBinary(text) == (!text.utf8.isEmpty && controls * 50 > text.utf8.count), "\(bytes)")
                #expect(TextDecoder.normaliseLineEndings(text).utf8.contains(0x0D) == false, "\(bytes)")
            }
        }
        // One control byte in 49 others is text; in 48, not (more than 2 %).
        #expect(!TextDecoder.looksBinary(String(repeating: "a", count: 49) + "\u{1}"))
        #expect(TextDecoder.looksBinary(String(repeating: "a", count: 48) + "\u{1}"))
    }

    @Test func charsetLabels() {
        #expect(TextDecoder.encoding(named: "ISO-8859-1") == .windowsCP1252)
        #expect(TextDecoder.encoding(named: "utf-8") == .utf8)
        #expect(TextDecoder.encoding(named: "klingon") == nil)
    }
}
