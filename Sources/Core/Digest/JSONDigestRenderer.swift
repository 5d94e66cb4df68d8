import Foundation

/// Renders a digest as JSON for programs: the ``Digest`` schema, keys sorted, times in ISO 8601.
public struct JSONDigestRenderer: Sendable {
    public init() {}

    public func render(_ digest: Digest) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(digest)) + [0x0A]
    }

    /// Reads a digest back (the Atom feed is made from the last days' files).
    public static func decode(_ bytes: [UInt8]) throws -> Digest {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(Digest.self, from: Data(bytes))
    }
}
