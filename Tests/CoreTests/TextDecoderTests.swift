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

    @Test func charsetLabels() {
        #expect(TextDecoder.encoding(named: "ISO-8859-1") == .windowsCP1252)
        #expect(TextDecoder.encoding(named: "utf-8") == .utf8)
        #expect(TextDecoder.encoding(named: "klingon") == nil)
    }
}
