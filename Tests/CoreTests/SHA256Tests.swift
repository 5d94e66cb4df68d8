import Testing
@testable import Core

@Suite("SHA-256")
struct SHA256Tests {
    /// The FIPS 180-4 / NIST example messages.
    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
        #expect(hex(SHA256.digest(Array(message.utf8), hardware: false)) == digest)
    }

    /// The CPU's SHA instructions and the Swift rounds give the same digest at every length around the
    /// block and padding edges, and for a file-sized buffer.
    @Test(.enabled(if: SHA256.hardwareAvailable, "this CPU has no SHA instructions: the Swift rounds are the only ones"))
    func hardwareAndPortableRoundsAgree() {
        let lengths = Array(0...200) + [1_000, 4_095, 4_096, 65_537]
        for length in lengths {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: TermHash.splitMix(UInt64(length &* 7_919 &+ $0))) }
            let portable = SHA256.digest(bytes, hardware: false)
            #expect(SHA256.digest(bytes, hardware: true) == portable, "length \(length)")
            #expect(portable.count == 32)
        }
    }

    private func hex(_ bytes: [UInt8]) -> String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    @Test func millionAs() {
        let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(bytes) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func paddingBoundaries() {
        // 55, 56 and 64 bytes straddle the one-block / two-block padding edge.
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 55)) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 56)) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
        #expect(SHA256.hex([UInt8](repeating: 0x61, count: 64)) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
    }
}
