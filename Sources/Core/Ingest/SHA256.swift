import CSHA256

/// SHA-256 (FIPS 180-4) of a byte buffer, as lower-case hex.
///
/// The ledger keys every file by its content hash so a byte-identical re-drop is recognised. Foundation
/// on Linux has no CryptoKit and swift-crypto would add a minute to every clean build for this one
/// function, so the 60 lines of the standard live here, checked against the NIST test vectors. On a CPU
/// with the SHA extensions the blocks go through them instead (CSHA256): every file is hashed, and the
/// rounds in Swift were 4 % of the instructions of an ingest.
public enum SHA256 {
    /// Whether the blocks are compressed by the CPU's SHA instructions, checked once.
    public static let hardwareAvailable = newsd_sha256_hardware_available() == 1

    public static func hex(_ bytes: [UInt8]) -> String {
        hex(digest: digest(bytes))
    }

    /// A digest as lower-case hex.
    public static func hex(digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// - Parameter hardware: Compress with the CPU's SHA instructions; tests set it to false to check
    ///   the two ways against each other.
    public static func digest(_ bytes: [UInt8], hardware: Bool = hardwareAvailable) -> [UInt8] {
        var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) =
            (0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19)
        // Padding: 0x80, zeros, then the bit length as a big-endian 64-bit number.
        let fullBlocks = bytes.count / 64
        var tail = Array(bytes[(fullBlocks * 64)...])
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bitLength = UInt64(bytes.count) &* 8
        for shift in stride(from: 56, through: 0, by: -8) { tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift))) }
        if hardware && hardwareAvailable {
            var words = [state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7]
            words.withUnsafeMutableBufferPointer { words in
                k.withUnsafeBufferPointer { k in
                    guard let words = words.baseAddress, let k = k.baseAddress else { return }
                    bytes.withUnsafeBufferPointer { buffer in
                        if let start = buffer.baseAddress, fullBlocks > 0 { newsd_sha256_hardware_blocks(words, start, fullBlocks, k) }
                    }
                    tail.withUnsafeBufferPointer { buffer in
                        if let start = buffer.baseAddress { newsd_sha256_hardware_blocks(words, start, tail.count / 64, k) }
                    }
                }
            }
            return bigEndianBytes(words)
        }
        // Buffers, not arrays, in the rounds: every file is hashed, and bounds and uniqueness checks on
        // the schedule (and a lazy-global check on the constants) cost as much as the arithmetic.
        var schedule = [UInt32](repeating: 0, count: 64)
        schedule.withUnsafeMutableBufferPointer { w in
            k.withUnsafeBufferPointer { k in
                bytes.withUnsafeBufferPointer { buffer in
                    for block in 0..<fullBlocks {
                        compress(&state, w, k, UnsafeBufferPointer(rebasing: buffer[(block * 64)..<(block * 64 + 64)]))
                    }
                }
                tail.withUnsafeBufferPointer { buffer in
                    for block in 0..<(tail.count / 64) {
                        compress(&state, w, k, UnsafeBufferPointer(rebasing: buffer[(block * 64)..<(block * 64 + 64)]))
                    }
                }
            }
        }
        return bigEndianBytes([state.0, state.1, state.2, state.3, state.4, state.5, state.6, state.7])
    }

    private static func bigEndianBytes(_ words: [UInt32]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4 * words.count)
        for word in words {
            out.append(UInt8(truncatingIfNeeded: word >> 24))
            out.append(UInt8(truncatingIfNeeded: word >> 16))
            out.append(UInt8(truncatingIfNeeded: word >> 8))
            out.append(UInt8(truncatingIfNeeded: word))
        }
        return out
    }

    @inline(__always)
    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }

    /// One 64-byte block into `state`; `w` is scratch for the 64-word message schedule.
    private static func compress(_ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32),
                                 _ w: UnsafeMutableBufferPointer<UInt32>, _ k: UnsafeBufferPointer<UInt32>,
                                 _ block: UnsafeBufferPointer<UInt8>) {
        for t in 0..<16 {
            w[t] = UInt32(block[t * 4]) << 24 | UInt32(block[t * 4 + 1]) << 16 | UInt32(block[t * 4 + 2]) << 8 | UInt32(block[t * 4 + 3])
        }
        for t in 16..<64 {
            let s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3)
            let s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10)
            w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = state
        for t in 0..<64 {
            let s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)
            let ch = (e & f) ^ (~e & g)
            let t1 = h &+ s1 &+ ch &+ k[t] &+ w[t]
            let s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)
            let maj = (a & b) ^ (a & c) ^ (b & c)
            let t2 = s0 &+ maj
            h = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d, state.4 &+ e, state.5 &+ f, state.6 &+ g, state.7 &+ h)
    }

    private static let k: [UInt32] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ]
}
