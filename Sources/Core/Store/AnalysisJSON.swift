import Foundation

/// Analysis results are stored as JSON arrays in the article row: one read gives the digest everything
/// about an article, and the columns stay readable with any SQLite client.
enum AnalysisJSON {
    static func encode<T: Encodable>(_ value: [T]) -> String? {
        guard !value.isEmpty, let data = try? JSONEncoder().encode(value) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    static func decode<T: Decodable>(_ text: String?, as type: T.Type) -> [T] {
        guard let text, let value = try? JSONDecoder().decode([T].self, from: Data(text.utf8)) else { return [] }
        return value
    }
}
